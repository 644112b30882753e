/**
 * The DynamoDB ClaimStore: one table (lambdas/store/schema.ts), writes in article-writer.ts, reads in
 * claim-reader.ts. Every call asks DynamoDB for its consumed capacity; `meter` adds it up.
 *
 *   const store = createDynamoClaimStore({ client: new DynamoDBClient({}), tableName: "claims" });
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ArticleRecord, ClaimStore } from "./types.ts";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";
import { CapacityMeter } from "./capacity.ts";
import { createArticleWriter, DEFAULT_LEASE_MS } from "./article-writer.ts";
import { createPartitionMemo, createSummaryMemo } from "./summary-memo.ts";
import { createClaimReader } from "./claim-reader.ts";
import { createFeedReader } from "./feed-reader.ts";
import { createSpeakerDirectory } from "./speaker-directory.ts";
import { createRepeatGrouper } from "./repeat-groups.ts";
import { defaultTopicClassifier } from "../core/topics/index.ts";
import { DEFAULT_MAX_CLAIMS_PER_ARTICLE } from "./claim-limit.ts";

export interface DynamoClaimStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  backoff?: BackoffOptions;
  meter?: CapacityMeter;
  /** Claims kept per article (the most confident: claim-limit.ts); the rest are counted in ArticleRecord.claimsOverLimit. */
  maxClaimsPerArticle?: number;
  topics?: readonly string[];
  now?: () => string;
  /** How long a crashed writer's claim-writing lease blocks other versions of its key (default 5 min). */
  leaseMs?: number;
  /** Readers: how long name searches may reuse the speaker summaries and index partitions they read (0 or absent: never). */
  summaryMemoMs?: number;
  /** Epoch milliseconds: the change feed's horizon (default Date.now). */
  clock?: () => number;
}

export { DEFAULT_MAX_CLAIMS_PER_ARTICLE };

export function createDynamoClaimStore(
  opts: DynamoClaimStoreOptions,
): ClaimStore & { readonly meter: CapacityMeter; prefetch(key: string): void; currentVersion(key: string): Promise<ArticleRecord | undefined> } {
  const client = DynamoDBDocumentClient.from(opts.client, { marshallOptions: { removeUndefinedValues: true } });
  const meter = opts.meter ?? new CapacityMeter();
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const writer = createArticleWriter({
    client,
    tableName: opts.tableName,
    backoff,
    meter,
    now: opts.now ?? (() => new Date().toISOString()),
    maxClaimsPerArticle: opts.maxClaimsPerArticle ?? DEFAULT_MAX_CLAIMS_PER_ARTICLE,
    intentTimeoutMs: 20 * 60_000,
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
  });
  // Speakers are linked across articles (merges, splits, surnames) before the version is written.
  const directory = createSpeakerDirectory({ client, tableName: opts.tableName, backoff, meter });
  // Then claims that repeat an earlier one of their speaker join its group (repeat-groups.ts).
  const grouper = createRepeatGrouper({ client, tableName: opts.tableName, backoff, meter });
  const reader = createClaimReader({
    client,
    tableName: opts.tableName,
    backoff,
    meter,
    topics: opts.topics ?? defaultTopicClassifier.topics,
    ...(opts.summaryMemoMs && { summaries: createSummaryMemo(opts.summaryMemoMs), partitions: createPartitionMemo(opts.summaryMemoMs) }),
  });
  return {
    meter,
    replaceArticle: async (version, meta, claims) => writer.replaceArticle(version, meta, await grouper.assign(version.key, await directory.link(version.key, claims))),
    deleteArticle: writer.deleteArticle,
    recordFailure: writer.recordFailure,
    prefetch: writer.prefetch,
    currentVersion: writer.currentVersion,
    ...reader,
    readFeed: createFeedReader({ client, tableName: opts.tableName, backoff, meter, ...(opts.clock && { clock: opts.clock }) }),
  };
}
