/**
 * Lambda entry: S3 notifications through SQS (or a direct S3 event) -> claims in DynamoDB.
 * Config and clients are created once per cold start; the logic lives in ingest-handler.ts.
 * Environment: CLAIMS_TABLE (required), MAX_ARTICLE_BYTES (default 5 MB), LOG_LEVEL.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { LogLevel } from "@aws-lambda-powertools/logger/types";
import { createDynamoClaimStore } from "../store/dynamo-store.ts";
import { dynamoClientFromEnv, objectReaderFromEnv } from "../aws/clients.ts";
import { readIngestConfig } from "./config.ts";
import { createIngestHandler } from "./ingest-handler.ts";
import { createMetrics, METRICS_NAMESPACE } from "../aws/metrics.ts";

const config = readIngestConfig();
const logger = new Logger({ serviceName: "claims-ingest", logLevel: config.logLevel.toUpperCase() as LogLevel });

export const handler = createIngestHandler({
  objects: objectReaderFromEnv("ingest"),
  store: createDynamoClaimStore({ client: dynamoClientFromEnv("ingest"), tableName: config.tableName }),
  maxArticleBytes: config.maxArticleBytes,
  logger,
  metrics: createMetrics({ namespace: METRICS_NAMESPACE, service: "ingest" }),
});
