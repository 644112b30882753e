import { Logger } from "@aws-lambda-powertools/logger";
import { defaultTopicClassifier } from "../core/topics/index.ts";
import { createDynamoClaimStore } from "../store/dynamo-store.ts";
import { dynamoClientFromEnv, objectReaderFromEnv } from "../aws/clients.ts";
import { API_DEADLINE_MS, createApiHandler, type ApiHandler } from "./app.ts";
import { createS3ArticleTextSource } from "./s3-article-text.ts";
import { readApiConfig, resolveTokenSecret } from "./config.ts";
import type { ApiEvent, ApiResult } from "./http.ts";
import { withRequestMetrics } from "./request-metrics.ts";
import { createMetrics, METRICS_NAMESPACE } from "../aws/metrics.ts";

// Cold start: configuration and clients once per container; a missing variable fails here by name.
const config = readApiConfig(process.env);
const logger = new Logger({ serviceName: "claims-api" });
// Name searches reuse the summaries they read for as long as responses are served from memory.
const reader = createDynamoClaimStore({
  client: dynamoClientFromEnv("api"),
  tableName: config.table,
  topics: defaultTopicClassifier.topics,
  ...(config.cache && { summaryMemoMs: config.cache.ttlMs }),
});
const articleText = config.bucket ? createS3ArticleTextSource({ objects: objectReaderFromEnv("api"), bucket: config.bucket, maxArticleBytes: config.maxArticleBytes }) : undefined;

// The secret may live in Secrets Manager: fetched on the first request, then reused by the container.
let api: Promise<ApiHandler> | undefined;
const ready = () =>
  (api ??= resolveTokenSecret(config).then((tokenSecret) =>
    createApiHandler({ reader, ...(articleText && { articleText }), tokenSecret, allowedOrigins: config.allowedOrigins, topics: defaultTopicClassifier.topics, basePath: config.basePath, logger, deadlineMs: API_DEADLINE_MS, ...(config.cache && { cache: config.cache }) }),
  ).catch((e: unknown) => {
    api = undefined; // let the next request try again rather than caching the failure
    throw e;
  }));

const metrics = createMetrics({ namespace: METRICS_NAMESPACE, service: "api" });

export const handler = withRequestMetrics(async (event: ApiEvent): Promise<ApiResult> => (await ready())(event), metrics);
