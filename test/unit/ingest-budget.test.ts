import { describe, expect, it } from "vitest";
import { bytesToRead } from "../../lambdas/ingest/events.ts";
import { createIngestHandler, forEachWithinBudget } from "../../lambdas/ingest/ingest-handler.ts";
import type { ObjectPresence, ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";
import type { ClaimWriter } from "../../lambdas/store/types.ts";
import { memoryLogger, s3Notification, sqsBatch } from "../support/events.ts";

const MB = 1024 * 1024;

describe("forEachWithinBudget", () => {
  it("starts items in order, at most `limit` at once and within the byte budget (one always runs)", async () => {
    const running = new Set<string>();
    const seen: string[][] = [];
    const items = [
      { id: "a", bytes: 1 },
      { id: "b", bytes: 2 },
      { id: "c", bytes: 8 },
      { id: "d", bytes: 20 },
      { id: "e", bytes: 1 },
    ];
    await forEachWithinBudget(items, 3, 10, async (item) => {
      running.add(item.id);
      seen.push([...running].sort());
      await new Promise((r) => setTimeout(r, 5));
      running.delete(item.id);
    });
    for (const group of seen) {
      expect(group.length).toBeLessThanOrEqual(3);
      const bytes = group.reduce((sum, id) => sum + items.find((i) => i.id === id)!.bytes, 0);
      // Over budget only when the oversized item runs alone.
      expect(bytes <= 10 || group.length === 1).toBe(true);
    }
    expect(seen.map((g) => g.at(-1))).toContain("d");
  });
});

describe("ingest handler batch order", () => {
  it("handles a batch's small and size-refused objects before its large ones", async () => {
    const order: string[] = [];
    const objects: ObjectReader & ObjectPresence = {
      objectExists: async () => true,
      async read(_bucket, key) {
        await new Promise((r) => setTimeout(r, key.startsWith("large") ? 30 : 1));
        return { found: true, bytes: new TextEncoder().encode(`\u201cWe will,\u201d Ana Ruiz said of ${key}.`) };
      },
    };
    const record = (key: string) => async () => {
      order.push(key);
      return { applied: true as const };
    };
    const store: ClaimWriter = {
      replaceArticle: async (v) => record(v.key)(),
      deleteArticle: async (v) => record(v.key)(),
      recordFailure: async (v) => record(v.key)(),
    };
    const handler = createIngestHandler({ objects, store, maxArticleBytes: 5 * MB, logger: memoryLogger(), concurrency: 1 });
    const batch = sqsBatch([
      s3Notification("created", "bucket", "large-1.txt", "0001", 4 * MB),
      s3Notification("created", "bucket", "too-large.txt", "0002", 5 * MB + 1),
      s3Notification("created", "bucket", "small.txt", "0003", 2_000),
    ]);
    expect((await handler(batch)).batchItemFailures).toEqual([]);
    expect(order).toEqual(["too-large.txt", "small.txt", "large-1.txt"]);
  });

  it("counts only the bytes ingest will read", () => {
    const body = (size: number, kind: "created" | "removed" = "created") => JSON.stringify(s3Notification(kind, "b", "k.txt", "01", size));
    expect(bytesToRead(body(1_000), 5 * MB)).toBe(1_000);
    expect(bytesToRead(body(5 * MB + 1), 5 * MB)).toBe(0);
    expect(bytesToRead(body(1_000, "removed"), 5 * MB)).toBe(0);
    expect(bytesToRead("not json", 5 * MB)).toBe(0);
  });
});
