import { describe, expect, it } from "vitest";
import { createFeedWriter, feedChangesOf, feedEntries, FEED_WRITE_BOUND_MS } from "../../lambdas/store/feed.ts";
import { feedChangesOfStream, isAggregatedRecord } from "../../lambdas/store/aggregator.ts";
import { articleKey, claimKey, speakerGroupKey } from "../../lambdas/store/keys.ts";
import { decodeFeedPosition, encodeFeedPosition } from "../../lambdas/store/feed-reader.ts";
import { CapacityMeter } from "../../lambdas/store/capacity.ts";
import { InvalidCursorError } from "../../lambdas/store/cursor.ts";

/** A table whose puts take `delays[i]` ms of the writer's clock each: the slow-write fault path. */
function slowTable(delays: number[]) {
  let now = 1_700_000_000_000;
  const puts: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: { Item: Record<string, unknown> } }) => {
      now += delays[puts.length] ?? 0;
      puts.push(command.input.Item);
      return {};
    },
  };
  return { client: client as never, puts, clock: () => now };
}

/** A stream record as Lambda hands it: event name and keys in attribute-value form. */
const record = (eventName: "INSERT" | "MODIFY" | "REMOVE", key: { PK: string; SK: string }) => ({ eventName, dynamodb: { Keys: { PK: { S: key.PK }, SK: { S: key.SK } }, SequenceNumber: "1" } });

describe("what a stream batch puts in the feed", () => {
  it("names every article whose META was written and every claim modified or removed, once each, in stream order", () => {
    const records = [
      record("INSERT", claimKey("new-claim")),
      record("INSERT", articleKey("b.txt")),
      record("MODIFY", claimKey("changed")),
      record("MODIFY", articleKey("a.txt")),
      record("REMOVE", claimKey("gone")),
      record("MODIFY", articleKey("b.txt")),
      record("MODIFY", claimKey("changed")),
      record("INSERT", speakerGroupKey("ann-lee", "a.txt", "2024-05-01")),
      record("INSERT", { PK: "ARTICLE#a.txt", SK: "SPEAKER-OVERRIDES" }),
    ];
    // A new claim is listed by its article's META, whose commit follows it in the stream.
    expect(feedChangesOfStream(records)).toEqual({ articles: ["b.txt", "a.txt"], claimIds: ["changed", "gone"] });
    expect(records.map((r) => isAggregatedRecord(r))).toEqual([false, true, true, true, true, true, true, true, false]);
  });

  it("splits a batch that names more than one entry holds", () => {
    const articles = Array.from({ length: 3_000 }, (_, i) => `folder/article-${String(i).padStart(5, "0")}.txt`);
    const claimIds = Array.from({ length: 2_000 }, (_, i) => `claim-${i}`.padEnd(22, "x"));
    const entries = feedEntries({ articles, claimIds });
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.flatMap((e) => e.articles)).toEqual(articles);
    expect(entries.flatMap((e) => e.claimIds)).toEqual(claimIds);
    for (const e of entries) expect([...e.articles, ...e.claimIds].join("").length).toBeLessThanOrEqual(64_000);
    expect(feedEntries(feedChangesOf([]))).toEqual([]);
  });
});

describe("feed entries", () => {
  it("an entry whose put outlasted the write bound is written again under a later time", async () => {
    const table = slowTable([FEED_WRITE_BOUND_MS + 1, 10]);
    await createFeedWriter({ client: table.client, tableName: "t", meter: new CapacityMeter(), clock: table.clock })("lane-1", { articles: ["a.txt"], claimIds: ["c1", "c2"] });
    expect(table.puts).toHaveLength(2);
    expect(table.puts.map((p) => [p.a, p.ids])).toEqual([[["a.txt"], ["c1", "c2"]], [["a.txt"], ["c1", "c2"]]]);
    expect(String(table.puts[1]!.SK) > String(table.puts[0]!.SK)).toBe(true);
    expect(table.puts[0]!.PK).toBe(table.puts[1]!.PK);
    expect(Number(table.puts[0]!.ttl)).toBeGreaterThan(1_700_000_000 + 13 * 86_400);
  });

  it("gives up (the stream delivers the batch again) when every put is slow; writes nothing for a batch that changed nothing", async () => {
    const table = slowTable([5_000, 5_000, 5_000, 5_000, 5_000]);
    const write = createFeedWriter({ client: table.client, tableName: "t", meter: new CapacityMeter(), clock: table.clock });
    await expect(write("lane-1", { articles: [], claimIds: ["c1"] })).rejects.toThrow(/took longer than/);
    expect(table.puts).toHaveLength(4);
    await write("lane-1", { articles: [], claimIds: [] });
    expect(table.puts).toHaveLength(4);
  });

  it("positions round-trip; anything else is refused", () => {
    const p = { at: "1700000000000#abc#xyz", skip: 3 };
    expect(decodeFeedPosition(encodeFeedPosition(p))).toEqual(p);
    for (const bad of ["", "not-base64!", Buffer.from('{"v":1,"a":"x","k":0}').toString("base64url"), Buffer.from('{"v":1,"a":"1700000000000","k":-1}').toString("base64url")]) {
      expect(() => decodeFeedPosition(bad)).toThrow(InvalidCursorError);
    }
  });
});
