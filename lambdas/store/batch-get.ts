import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import type { TableKey } from "./keys.ts";

export const BATCH_GET_LIMIT = 100;
const BATCH_GET_CONCURRENCY = 4;

/**
 * Reads items by key in chunks of 100, resending UnprocessedKeys with backoff. Returns a map from
 * `PK\0SK` to item; keys with no item are simply absent (an index entry may briefly outlive its item).
 */
export async function batchGetAll(
  client: Pick<DynamoDBDocumentClient, "send">,
  tableName: string,
  keys: readonly TableKey[],
  opts: { consistent?: boolean; backoff?: BackoffOptions; meter?: CapacityMeter; attributes?: readonly string[] } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  // The key attributes are always read: results are matched to keys by them.
  const names = opts.attributes && Object.fromEntries(["PK", "SK", ...opts.attributes].map((a, i) => [`#a${i}`, a]));
  const projection = names && { ProjectionExpression: Object.keys(names).join(", "), ExpressionAttributeNames: names };
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  const found = new Map<string, Record<string, unknown>>();
  const chunks = Array.from({ length: Math.ceil(unique.length / BATCH_GET_LIMIT) }, (_, i) => unique.slice(i * BATCH_GET_LIMIT, (i + 1) * BATCH_GET_LIMIT));
  // A few chunks at a time: an article's 2,000 claims are 20 chunks, read in 5 round trips rather than 20.
  const read = async (chunk: TableKey[]) => {
    let pending: Record<string, unknown>[] = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > backoff.maxAttempts) throw new Error(`${pending.length} read(s) from ${tableName} still unprocessed after ${backoff.maxAttempts} attempts`);
      if (attempt > 1) await (backoff.sleep ?? sleep)(backoffDelay(attempt - 1, backoff));
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: opts.consistent ?? false, ...projection } },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      opts.meter?.record(out.ConsumedCapacity, "read");
      for (const item of out.Responses?.[tableName] ?? []) found.set(keyString(item as TableKey), item);
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  };
  const queue = [...chunks];
  await Promise.all(Array.from({ length: Math.min(BATCH_GET_CONCURRENCY, queue.length) }, async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await read(chunk);
  }));
  return found;
}

export const keyString = (k: { PK: unknown; SK: unknown }) => `${String(k.PK)}\u0000${String(k.SK)}`;
