/**
 * Which version of each article the store holds (sequencer, revision, status, extractor), read in
 * batches of 100 and only those attributes: an article's META item also lists its claim ids, which
 * `claims reindex` does not need when it checks thousands of articles.
 */
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { batchGetAll, keyString } from "./batch-get.ts";
import { DEFAULT_BACKOFF } from "./backoff.ts";
import { articleKey } from "./keys.ts";
import { toArticleRecord, type MetaItem } from "./article-writer.ts";
import type { ArticleRecord } from "./types.ts";

const VERSION_ATTRIBUTES = ["key", "seq", "status", "ev", "claimCount", "updatedAt", "errorReason"];

export async function readArticleVersions(client: DynamoDBClient, tableName: string, keys: readonly string[]): Promise<Map<string, ArticleRecord>> {
  const doc = DynamoDBDocumentClient.from(client);
  const items = await batchGetAll(doc, tableName, keys.map(articleKey), { backoff: DEFAULT_BACKOFF, attributes: VERSION_ATTRIBUTES });
  const out = new Map<string, ArticleRecord>();
  for (const key of keys) {
    const record = toArticleRecord(items.get(keyString(articleKey(key))) as MetaItem | undefined);
    if (record) out.set(key, record);
  }
  return out;
}
