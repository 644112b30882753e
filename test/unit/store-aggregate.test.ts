import { describe, expect, it } from "vitest";
import { countClaims, NO_COUNTS } from "../../lambdas/store/article-counts.ts";
import { batchKeys, compareSequence, foldRecords, laneOf, nextItem, watermarkOf, WATERMARK_TTL_SECONDS, type ChangeRecord, type Item } from "../../lambdas/store/aggregate.ts";
import { changeRecordsOf } from "../../lambdas/store/aggregator.ts";
import { speakerKey } from "../../lambdas/store/keys.ts";
import { keyString } from "../../lambdas/store/batch-get.ts";
import { claimsFor } from "../support/claims.ts";

const counts = (key: string, specs: Parameters<typeof claimsFor>[1]) => countClaims(claimsFor(key, specs).claims);
const a1 = counts("a.txt", [
  { content: "One", speaker: "Jane Doe" },
  { content: "Two", speaker: "Jane Doe", topic: "sport" },
  { content: "Three", speaker: "John Roe" },
]);
const b1 = counts("b.txt", [{ content: "Four", speaker: "Jane Doe", mention: "Ms Doe" }]);
const a2 = counts("a.txt", [{ content: "Five", speaker: "John Roe", topic: "sport" }]);

/** Applies a batch to an in-memory table the way the aggregator does (read, compute, put). */
function applyTo(table: Map<string, Item>, lane: string, records: ChangeRecord[], now = 1_000_000) {
  const batch = foldRecords(lane, records);
  let written = 0;
  for (const key of batchKeys(batch)) {
    const next = nextItem(batch, key, table.get(keyString(key)), now);
    if (next) {
      table.set(keyString(key), next);
      written++;
    }
  }
  return written;
}
const speaker = (table: Map<string, Item>, id: string) => table.get(keyString(speakerKey(id)));
const topic = (table: Map<string, Item>, t: string) => table.get(keyString({ PK: `TOPIC#${t}`, SK: "COUNT" }))?.claimCount;

describe("aggregating group changes", () => {
  const records: ChangeRecord[] = [
    { seq: "101", after: a1 },
    { seq: "102", after: b1 },
    { seq: "103", before: a1, after: a2 },
  ];

  it("folds a batch into one write per speaker and topic, with the exact net change", () => {
    const table = new Map<string, Item>();
    expect(applyTo(table, "L1", records)).toBe(4); // jane-doe, john-roe, politics-government, sport
    expect(speaker(table, "jane-doe")).toMatchObject({ claimCount: 1, speaker: "Jane Doe", tc: { "politics-government": 1 } });
    expect([...(speaker(table, "jane-doe")!.aliases as Set<string>)]).toEqual(["Ms Doe"]);
    expect(speaker(table, "john-roe")).toMatchObject({ claimCount: 1, tc: { sport: 1 } });
    expect(topic(table, "politics-government")).toBe(1);
    expect(topic(table, "sport")).toBe(1);
  });

  it("counts a redelivered batch once, also when it was applied to some items only, and a longer redelivery adds only the new records", () => {
    const once = new Map<string, Item>();
    applyTo(once, "L1", records);
    const twice = new Map<string, Item>();
    applyTo(twice, "L1", records.slice(0, 2));
    // The first attempt wrote jane-doe only, then failed; the stream delivers the batch again, grown.
    const partial = new Map<string, Item>([...twice].filter(([k]) => k.startsWith("SPEAKER#jane-doe")));
    applyTo(partial, "L1", records.slice(0, 2));
    applyTo(partial, "L1", records);
    applyTo(partial, "L1", records);
    for (const id of ["jane-doe", "john-roe"]) expect(speaker(partial, id)?.claimCount).toBe(speaker(once, id)?.claimCount);
    expect(topic(partial, "sport")).toBe(topic(once, "sport"));
    expect(applyTo(partial, "L1", records)).toBe(0);
  });

  it("keeps lanes apart: the same sequence numbers in another stream shard are other records", () => {
    const table = new Map<string, Item>();
    applyTo(table, "L1", [{ seq: "5", after: b1 }]);
    applyTo(table, "L2", [{ seq: "5", after: counts("c.txt", [{ content: "Six", speaker: "Jane Doe" }]) }]);
    expect(speaker(table, "jane-doe")?.claimCount).toBe(2);
    expect(watermarkOf(speaker(table, "jane-doe"), "L1")).toBe("5");
  });

  it("drops watermarks of lanes silent for longer than a stream keeps records", () => {
    const table = new Map<string, Item>();
    applyTo(table, "old", [{ seq: "1", after: b1 }], 0);
    applyTo(table, "new", [{ seq: "1", before: b1, after: NO_COUNTS }], WATERMARK_TTL_SECONDS + 1);
    expect(watermarkOf(speaker(table, "jane-doe"), "old")).toBeUndefined();
    expect(watermarkOf(speaker(table, "jane-doe"), "new")).toBe("1");
    expect(speaker(table, "jane-doe")?.claimCount).toBe(0);
  });

  it("compares sequence numbers as numbers, whatever their length", () => {
    expect(compareSequence("9", "10")).toBeLessThan(0);
    expect(compareSequence("000000000000000000012", "11")).toBeGreaterThan(0);
    expect(compareSequence("4421584500000000017450439091", "4421584500000000017450439091")).toBe(0);
    expect(laneOf("shardId-00000001796186337890-f267eb50")).toMatch(/^[\w-]{10}$/);
  });

  it("reads change records from stream records of speaker and topic groups only, images in attribute-value form", () => {
    const keys = { PK: { S: "SPK#jane-doe#2" }, SK: { S: "2024-05-01T12:00:00.000Z#abc" } };
    const group = (n: number) => ({ ...keys, ids: { L: Array.from({ length: n }, (_, i) => ({ S: `c${i}` })) }, ts: { L: Array.from({ length: n }, () => ({ S: "sport" })) }, nm: { S: "Jane Doe" }, ty: { S: "person" } });
    const topicKeys = { PK: { S: "TOP#sport#5" }, SK: { S: "2024-05-01T12:00:00.000Z#abc" } };
    const records = changeRecordsOf([
      { eventName: "MODIFY", dynamodb: { Keys: keys, SequenceNumber: "7", OldImage: group(1), NewImage: group(2) } },
      { eventName: "INSERT", dynamodb: { Keys: { PK: { S: "CLAIM#x" }, SK: { S: "CLAIM" } }, SequenceNumber: "8", NewImage: {} } },
      { eventName: "MODIFY", dynamodb: { Keys: { PK: { S: "ARTICLE#b" }, SK: { S: "META" } }, SequenceNumber: "9", NewImage: { key: { S: "b" } } } },
      { eventName: "REMOVE", dynamodb: { Keys: topicKeys, SequenceNumber: "10", OldImage: { ...topicKeys, ids: { L: [{ S: "c0" }, { S: "c1" }] } } } },
    ]);
    const jane = (n: number) => ({ speakers: { "jane-doe": { n, t: { sport: n }, nm: "Jane Doe", ty: "person", la: "2024-05-01T12:00:00.000Z" } }, topics: {} });
    expect(records).toEqual([
      { seq: "7", before: jane(1), after: jane(2) },
      { seq: "10", before: { speakers: {}, topics: { sport: 2 } } },
    ]);
  });
});
