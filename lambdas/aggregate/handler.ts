/**
 * Lambda entry: the claims table's stream -> speaker summaries and topic counters.
 * Config and clients are created once per cold start; the logic lives in aggregate-handler.ts.
 * Environment: CLAIMS_TABLE (required), LOG_LEVEL.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { LogLevel } from "@aws-lambda-powertools/logger/types";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoClientFromEnv } from "../aws/clients.ts";
import { createAggregator } from "../store/aggregator.ts";
import { createAggregateHandler } from "./aggregate-handler.ts";
import { createMetrics, METRICS_NAMESPACE } from "../aws/metrics.ts";

const tableName = process.env.CLAIMS_TABLE?.trim();
if (!tableName) throw new Error("CLAIMS_TABLE is not set: the aggregate function needs the claims table's name");
const logger = new Logger({ serviceName: "claims-aggregate", logLevel: (process.env.LOG_LEVEL?.trim() || "INFO").toUpperCase() as LogLevel });
const client = DynamoDBDocumentClient.from(dynamoClientFromEnv("ingest"), { marshallOptions: { removeUndefinedValues: true } });

const metrics = createMetrics({ namespace: METRICS_NAMESPACE, service: "aggregate" });

export const handler = createAggregateHandler({
  aggregator: createAggregator({ client, tableName }),
  logger,
  onOutcome: (o) => {
    metrics.count("AggregatedRecords", o.records);
    metrics.count("AggregateWrites", o.written);
    metrics.count("AggregateConflicts", o.conflicts);
    metrics.value("AggregateBatchMs", o.durationMs);
    metrics.flush();
  },
});
