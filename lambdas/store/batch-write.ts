import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";

/** One BatchWriteItem request entry, as the document client takes it. */
export interface WriteRequest {
  PutRequest?: { Item: Record<string, unknown> };
  DeleteRequest?: { Key: Record<string, unknown> };
}

export const BATCH_WRITE_LIMIT = 25;

/** DynamoDB kept refusing some writes: nothing is dropped silently, the caller gets this and retries later. */
export class UnprocessedItemsError extends Error {
  override readonly name = "UnprocessedItemsError";
  constructor(
    readonly tableName: string,
    readonly unprocessed: number,
    attempts: number,
  ) {
    super(`${unprocessed} write(s) to ${tableName} still unprocessed after ${attempts} attempts`);
  }
}

type Sender = Pick<DynamoDBDocumentClient, "send">;

/**
 * Writes every request in chunks of 25. Items DynamoDB returns as UnprocessedItems (throttling, size
 * of the batch) are resent alone, after exponential backoff with jitter; after `maxAttempts` tries the
 * write fails loudly with UnprocessedItemsError.
 */
export async function batchWriteAll(
  client: Sender,
  tableName: string,
  requests: readonly WriteRequest[],
  opts: { backoff?: BackoffOptions; meter?: CapacityMeter } = {},
): Promise<void> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  for (let i = 0; i < requests.length; i += BATCH_WRITE_LIMIT) {
    let pending: WriteRequest[] = requests.slice(i, i + BATCH_WRITE_LIMIT);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > backoff.maxAttempts) throw new UnprocessedItemsError(tableName, pending.length, backoff.maxAttempts);
      if (attempt > 1) await (backoff.sleep ?? sleep)(backoffDelay(attempt - 1, backoff));
      const out: BatchWriteCommandOutput = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending }, ReturnConsumedCapacity: "TOTAL" }),
      );
      opts.meter?.record(out.ConsumedCapacity);
      pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
}
