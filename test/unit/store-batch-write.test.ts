import { describe, expect, it } from "vitest";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { batchWriteAll, UnprocessedItemsError, type WriteRequest } from "../../lambdas/store/batch-write.ts";
import { backoffDelay } from "../../lambdas/store/backoff.ts";

const puts = (n: number): WriteRequest[] => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { PK: `P${i}`, SK: "S" } } }));

/** A client that answers BatchWriteItem by leaving the chosen requests unprocessed. */
function fakeClient(unprocess: (batch: WriteRequest[], call: number) => WriteRequest[]) {
  const calls: WriteRequest[][] = [];
  return {
    calls,
    send: async (cmd: unknown) => {
      if (!(cmd instanceof BatchWriteCommand)) throw new Error("unexpected command");
      const batch = cmd.input.RequestItems!.t as WriteRequest[];
      calls.push(batch);
      const left = unprocess(batch, calls.length);
      return { UnprocessedItems: left.length ? { t: left } : {}, ConsumedCapacity: [{ TableName: "t", CapacityUnits: batch.length - left.length }] };
    },
  } as never as { calls: WriteRequest[][]; send: (cmd: unknown) => Promise<unknown> };
}

describe("batchWriteAll", () => {
  it("writes in chunks of 25", async () => {
    const client = fakeClient(() => []);
    await batchWriteAll(client as never, "t", puts(60));
    expect(client.calls.map((c) => c.length)).toEqual([25, 25, 10]);
  });

  it("resends only the unprocessed items, with growing jittered delays, until all are written", async () => {
    const delays: number[] = [];
    const client = fakeClient((batch, call) => (call <= 3 ? batch.slice(0, Math.ceil(batch.length / 2)) : []));
    await batchWriteAll(client as never, "t", puts(20), {
      backoff: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5, sleep: async (ms) => void delays.push(ms) },
    });
    expect(client.calls.map((c) => c.length)).toEqual([20, 10, 5, 3]);
    expect(client.calls[1]).toEqual(client.calls[0]!.slice(0, 10));
    expect(delays).toEqual([50, 100, 200]);
  });

  it("gives up loudly after the last attempt, naming how many writes were not made", async () => {
    const client = fakeClient((batch) => batch.slice(0, 2));
    const attempt = batchWriteAll(client as never, "t", puts(5), { backoff: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} } });
    await expect(attempt).rejects.toBeInstanceOf(UnprocessedItemsError);
    await expect(attempt).rejects.toThrow("2 write(s) to t still unprocessed after 4 attempts");
    expect(client.calls).toHaveLength(4);
  });

  it("propagates a failed request instead of swallowing it", async () => {
    const client = { send: async () => Promise.reject(Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" })) };
    await expect(batchWriteAll(client as never, "t", puts(3))).rejects.toThrow("throttled");
  });
});

describe("backoffDelay", () => {
  it("doubles its cap per attempt up to the maximum, scaled by the jitter", () => {
    const opts = { maxAttempts: 9, baseDelayMs: 10, maxDelayMs: 100, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, opts))).toEqual([9, 19, 39, 79, 99, 99]);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0);
  });
});
