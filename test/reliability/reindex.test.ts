/**
 * Re-extraction through the real pipeline (local S3 server, local queue, ingest handler, DynamoDB
 * Local): reindex notifications, as `claims reindex` sends them, bring a store that mixes an older
 * extractor's claims with current ones to exactly what offline extraction finds, and leave S3's own
 * event ordering intact.
 */
import { describe, expect, it } from "vitest";
import type { S3Event } from "aws-lambda";
import { EXTRACTOR_VERSION } from "../../lambdas/core/pipeline.ts";
import { reindexNotification } from "../../lambdas/ingest/events.ts";
import { storeOlderExtraction } from "../support/older-extraction.ts";
import { rigsForSuite, type IngestRig } from "./support/rig.ts";

const rig = rigsForSuite();

const bytes = (s: string) => new TextEncoder().encode(s);
const ARTICLES: Record<string, string> = {
  "desk/legacy one.txt": "\u201cThe bridge will reopen in May,\u201d Mayor Lena Vogt told reporters. Vogt said the repairs cost less than planned. The council said the budget was balanced.\n",
  "desk/legacy+two.txt": "\u201cWe will not raise taxes,\u201d Governor Omar Haddad said on Monday. Haddad added that schools would get more money. Critics said the plan was vague.\n",
  "desk/current.txt": "\u201cThe library opens in March,\u201d Mayor Ellen Park said. Park said the building cost less than expected.\n",
  "desk/never stored.txt": "\u201cThe port will expand next year,\u201d Harbour Master Ines Kovac said. Kovac said cargo volumes had doubled.\n",
};
const BINARY = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(2048).fill(0)]);
const sequencerOf = (e: S3Event) => e.Records[0]!.s3.object.sequencer;

/**
 * Two articles stored by an older extractor that recorded no version (as before versions were
 * recorded), one rejected by it, one stored by the current extractor, one whose event was lost, one
 * deleted. Returns the S3 events of each key.
 */
async function mixedStore(r: IngestRig) {
  const events: Record<string, S3Event> = {};
  for (const [key, text] of Object.entries(ARTICLES)) events[key] = await r.put(key, text);
  events["desk/scan.txt"] = await r.put("desk/scan.txt", BINARY);
  const created = await r.put("desk/deleted.txt", ARTICLES["desk/current.txt"]!);
  const removed = await r.remove("desk/deleted.txt");
  const older: Record<string, Awaited<ReturnType<typeof storeOlderExtraction>>> = {};
  for (const key of ["desk/legacy one.txt", "desk/legacy+two.txt"]) older[key] = await storeOlderExtraction(r.store, { key, sequencer: sequencerOf(events[key]!) }, bytes(ARTICLES[key]!));
  await r.store.recordFailure({ key: "desk/scan.txt", sequencer: sequencerOf(events["desk/scan.txt"]!) }, "binary", "an older extractor's rejection");
  r.deliver([events["desk/current.txt"]!, created, removed]);
  await r.queue.idle();
  return { events, older };
}

const reindexAll = (r: IngestRig, keys: readonly string[]) => keys.map((key) => reindexNotification(r.bucket, { key }));
const outcomes = (r: IngestRig) => r.logger.lines.filter((l) => l.attributes.reindex === true).map((l) => [l.attributes.articleKey, l.attributes.outcome, l.attributes.applied]);

describe("reindex through the ingest queue", { timeout: 120_000 }, () => {
  it("brings every article to the current extractor, exactly as offline extraction, and a second request changes nothing", async () => {
    const r = await rig();
    const { older } = await mixedStore(r);
    const keys = [...Object.keys(ARTICLES), "desk/scan.txt", "desk/deleted.txt"];
    expect(await r.reader.getArticle("desk/legacy one.txt")).not.toHaveProperty("extractorVersion");

    r.deliver(reindexAll(r, keys));
    await r.queue.idle();
    expect(r.queue.deadLetters()).toEqual([]);
    // Speakers, topics and every claim item: the older claims, the unresolved "he" and the invented claim are gone.
    await r.expectExact({ deep: true });
    for (const key of ["desk/legacy one.txt", "desk/legacy+two.txt"]) {
      expect(await r.reader.getArticle(key)).toMatchObject({ status: "processed", extractorVersion: EXTRACTOR_VERSION, revision: 1, sequencer: expect.stringMatching(/^[0-9A-F]{40}$/) });
      expect(await r.reader.getClaim(older[key]!.invented)).toBeUndefined();
    }
    expect(await r.reader.getArticle("desk/scan.txt")).toMatchObject({ status: "failed", errorReason: "binary", extractorVersion: EXTRACTOR_VERSION, revision: 1 });
    expect(await r.reader.getArticle("desk/never stored.txt")).toMatchObject({ status: "processed", extractorVersion: EXTRACTOR_VERSION, revision: 1 });
    const current = await r.reader.getArticle("desk/current.txt");
    expect(current).toMatchObject({ status: "processed", extractorVersion: EXTRACTOR_VERSION });
    expect(current).not.toHaveProperty("revision");
    expect(await r.reader.getArticle("desk/deleted.txt")).toMatchObject({ status: "deleted" });
    expect(outcomes(r)).toEqual(
      expect.arrayContaining([
        ["desk/current.txt", "current", undefined],
        ["desk/deleted.txt", "gone", undefined],
        ["desk/legacy one.txt", "processed", true],
        ["desk/scan.txt", "failed", true],
      ]),
    );

    // Again, each request twice: every article is current, nothing is written.
    const before = r.logger.lines.length;
    r.deliver([...reindexAll(r, keys), ...reindexAll(r, keys)]);
    await r.queue.idle();
    const again = r.logger.lines.slice(before).map((l) => l.attributes.outcome);
    expect(again.filter((o) => o === "current")).toHaveLength(2 * (keys.length - 1));
    expect(again.filter((o) => o !== "current" && o !== "gone")).toEqual([]);
    await r.expectExact({ deep: true });
  });

  it("real S3 events still order around a re-extraction: a later upload wins, the original event replayed is stale", async () => {
    const r = await rig();
    const { events } = await mixedStore(r);
    const key = "desk/legacy one.txt";
    r.deliver(reindexAll(r, [key]));
    await r.queue.idle();
    expect(await r.reader.getArticle(key)).toMatchObject({ revision: 1, extractorVersion: EXTRACTOR_VERSION });

    // The event the older extractor processed, delivered again: older than the re-extraction of it.
    const before = r.logger.lines.length;
    r.deliver([events[key]!]);
    await r.queue.idle();
    expect(r.logger.lines.slice(before).map((l) => l.attributes.skipped)).toEqual(["stale"]);

    const reuploaded = await r.put(key, ARTICLES["desk/legacy+two.txt"]!);
    r.deliver([reuploaded]);
    await r.queue.idle();
    const after = await r.reader.getArticle(key);
    expect(after).toMatchObject({ sequencer: expect.any(String), extractorVersion: EXTRACTOR_VERSION });
    expect(after).not.toHaveProperty("revision");
    // The event that was lost arrives after its key was re-extracted: still applied (a newer sequencer than "0").
    r.deliver(reindexAll(r, ["desk/never stored.txt"]));
    await r.queue.idle();
    r.deliver([events["desk/never stored.txt"]!]);
    await r.queue.idle();
    expect(await r.reader.getArticle("desk/never stored.txt")).toMatchObject({ sequencer: expect.stringMatching(/[1-9A-F]/), extractorVersion: EXTRACTOR_VERSION });
    expect((await r.reader.getArticle("desk/never stored.txt"))!.revision).toBeUndefined();
    // What is still an older extractor's is brought up to date; the rest is current and left alone.
    r.deliver(reindexAll(r, [...Object.keys(ARTICLES), "desk/scan.txt"]));
    await r.queue.idle();
    expect(await r.reader.getArticle("desk/legacy+two.txt")).toMatchObject({ revision: 1, extractorVersion: EXTRACTOR_VERSION });
    await r.expectExact({ deep: true });
  });

  it("duplicate reindex requests handled at the same time: one re-extraction, the same exact end state", async () => {
    const r = await rig();
    await mixedStore(r);
    const keys = Object.keys(ARTICLES);
    r.deliver([...reindexAll(r, keys), ...reindexAll(r, keys), ...reindexAll(r, keys)]);
    await r.queue.idle();
    expect(r.queue.deadLetters()).toEqual([]);
    for (const key of ["desk/legacy one.txt", "desk/legacy+two.txt", "desk/never stored.txt"]) expect(await r.reader.getArticle(key)).toMatchObject({ revision: 1, extractorVersion: EXTRACTOR_VERSION });
    await r.expectExact({ deep: true });
  });
});
