/**
 * Repeated claims through the real store (DynamoDB Local): grouping at ingest, the group's reads,
 * re-upload, delete, concurrent first reports, and what each costs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, localDynamoClient, type LocalServices } from "../support/local-services.ts";
import { DISTINCT_STATEMENTS, claimsFor, type ClaimSpec } from "../support/claims.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";

const noWait = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 };

let env: LocalServices;
beforeAll(async () => {
  env = await startLocalServices({ s3: false });
}, SERVICE_START_MS);
afterAll(() => env?.stop());

async function freshStore() {
  const tableName = await env.createTable();
  const client = localDynamoClient(env.dynamo!.endpoint);
  return { tableName, store: createDynamoClaimStore({ client, tableName, backoff: noWait }) };
}

const day = (d: number) => `2024-05-${String(d).padStart(2, "0")}T12:00:00.000Z`;
const LINE = "We will not raise taxes on working families this year or next";
const ECHO = "we will not raise taxes on working families this year, or next";
const CUT = "We will not raise taxes on working families";
const OTHER = "The new hospital wing will open to patients before the winter";
let seq = 0;
const nextSeq = () => (++seq).toString(16).padStart(8, "0");

async function ingest(store: Awaited<ReturnType<typeof freshStore>>["store"], key: string, date: number, specs: Omit<ClaimSpec, "publishedAt">[]): Promise<StoredClaim[]> {
  const { claims } = claimsFor(key, specs.map((s) => ({ ...s, publishedAt: day(date) })));
  const out = await store.replaceArticle({ key, sequencer: nextSeq() }, { publishedAt: day(date) }, claims);
  expect(out.applied).toBe(true);
  return claims;
}

/** Index reads are eventually consistent (immediately, in DynamoDB Local); a claim as the API serves it. */
const served = async (store: Awaited<ReturnType<typeof freshStore>>["store"], id: string) => (await store.getClaim(id))!;

describe("repeated claims in the store", () => {
  it("groups one speaker's repeat and other outlets' reports, and never another speaker's words", async () => {
    const { store } = await freshStore();
    const [first] = await ingest(store, "a/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }, { content: OTHER, speaker: "Jane Doe" }]);
    const [, other] = await ingest(store, "b/two.txt", 3, [{ content: LINE, speaker: "John Roe" }, { content: ECHO, speaker: "Jane Doe" }]);
    const [cut] = await ingest(store, "c/three.txt", 5, [{ content: CUT, speaker: "Jane Doe" }]);

    const a = await served(store, first!.id);
    expect(a).toMatchObject({ groupId: first!.id, firstSeen: day(1), seenCount: 3 });
    expect(await served(store, other!.id)).toMatchObject({ groupId: first!.id, seenCount: 3 });
    expect(await served(store, cut!.id)).toMatchObject({ groupId: first!.id, seenCount: 3, firstSeen: day(1) });
    // John Roe said the same words: not the same statement.
    const roe = (await store.listSpeakerClaims("john-roe", { limit: 10 })).items[0]!;
    expect(roe.groupId).toBeUndefined();
    // Jane Doe's other line stays alone.
    const alone = (await store.listArticleClaims("a/one.txt"))[1]!;
    expect(alone).not.toHaveProperty("groupId");
    expect(alone).not.toHaveProperty("seenCount");

    const related = await store.listRelatedClaims(cut!.id, { limit: 2 });
    expect(related).toMatchObject({ groupId: first!.id, seenCount: 3, firstSeen: day(1) });
    expect(related!.items.map((c) => c.articleKey)).toEqual(["a/one.txt", "b/two.txt"]);
    const rest = await store.listRelatedClaims(cut!.id, { limit: 2, cursor: related!.cursor! });
    expect(rest!.items.map((c) => c.articleKey)).toEqual(["c/three.txt"]);
    expect(rest!.cursor).toBeUndefined();

    const repeated = await store.listRepeatedClaims("jane-doe", 5);
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ groupId: first!.id, seenCount: 3, firstSeen: day(1), lastSeen: day(5), claim: { id: first!.id, content: LINE } });
    expect(await store.listRepeatedClaims("john-roe", 5)).toEqual([]);
  }, SLOW_TEST_MS);

  it("a claim said once is its own group of one; an unknown claim is undefined", async () => {
    const { store } = await freshStore();
    const [only] = await ingest(store, "a/solo.txt", 1, [{ content: OTHER, speaker: "Jane Doe" }]);
    expect(await store.listRelatedClaims(only!.id, { limit: 5 })).toMatchObject({ seenCount: 1, firstSeen: day(1), items: [{ id: only!.id }] });
    expect(await store.listRelatedClaims("no-such-claim", { limit: 5 })).toBeUndefined();
  }, SLOW_TEST_MS);

  it("keeps groups through re-uploads and deletes: removed claims leave, the group keeps its id", async () => {
    const { store } = await freshStore();
    const [first] = await ingest(store, "a/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }]);
    const [second] = await ingest(store, "b/two.txt", 2, [{ content: ECHO, speaker: "Jane Doe" }]);
    const [third] = await ingest(store, "c/three.txt", 3, [{ content: CUT, speaker: "Jane Doe" }]);
    expect((await served(store, third!.id)).seenCount).toBe(3);

    // The founder's article uploaded again, unchanged: the claim keeps its group.
    await ingest(store, "a/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }]);
    expect(await served(store, first!.id)).toMatchObject({ groupId: first!.id, seenCount: 3 });

    // The second article rewritten without the line: its claim leaves the group.
    await ingest(store, "b/two.txt", 2, [{ content: OTHER, speaker: "Jane Doe" }]);
    expect(await store.getClaim(second!.id)).toBeUndefined();
    expect((await served(store, third!.id)).seenCount).toBe(2);

    // The founder's article deleted: the group keeps its id, with the one claim left.
    expect((await store.deleteArticle({ key: "a/one.txt", sequencer: nextSeq() })).applied).toBe(true);
    expect(await served(store, third!.id)).toMatchObject({ groupId: first!.id, seenCount: 1, firstSeen: day(3) });
    expect(await store.listRepeatedClaims("jane-doe", 5)).toEqual([]);

    // A new report joins the group that outlived its founder.
    const [fourth] = await ingest(store, "d/four.txt", 4, [{ content: LINE, speaker: "Jane Doe" }]);
    expect(await served(store, fourth!.id)).toMatchObject({ groupId: first!.id, seenCount: 2, firstSeen: day(3) });
  }, SLOW_TEST_MS);

  it("two first reports ingested at once stay apart; a third report joins both", async () => {
    const { store } = await freshStore();
    const [x, y] = await Promise.all([
      ingest(store, "x/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }]),
      ingest(store, "y/one.txt", 1, [{ content: ECHO, speaker: "Jane Doe" }]),
    ]);
    const apart = [await served(store, x[0]!.id), await served(store, y[0]!.id)];
    // Each looked before the other was written (the window documented in docs/repeated-claims.md);
    // if one did see the other, they are grouped already, which is also right.
    const groupedAlready = apart.every((c) => c.groupId !== undefined);
    const [z] = await ingest(store, "z/two.txt", 2, [{ content: CUT, speaker: "Jane Doe" }]);
    const all = [await served(store, x[0]!.id), await served(store, y[0]!.id), await served(store, z!.id)];
    expect(new Set(all.map((c) => c.groupId)).size).toBe(1);
    expect(all.map((c) => c.seenCount)).toEqual([3, 3, 3]);
    if (!groupedAlready) expect(all[0]!.groupId).toBe([x[0]!.id, y[0]!.id].sort()[0]);
  }, SLOW_TEST_MS);

  it("two groups of one statement merge when a report reaches both", async () => {
    const { store } = await freshStore();
    // A group of two late in the month...
    const [a] = await ingest(store, "p/a.txt", 20, [{ content: LINE, speaker: "Jane Doe" }]);
    const [b] = await ingest(store, "p/b.txt", 20, [{ content: ECHO, speaker: "Jane Doe" }]);
    // ...and, ingested after it, two reports dated weeks earlier, whose window ends a week after
    // their date: they cannot see the first group and found another (as concurrent first reports can).
    const [c] = await ingest(store, "q/c.txt", 1, [{ content: LINE, speaker: "Jane Doe" }]);
    const [d] = await ingest(store, "q/d.txt", 2, [{ content: CUT, speaker: "Jane Doe" }]);
    expect((await served(store, b!.id)).groupId).toBe(a!.id);
    expect((await served(store, d!.id)).groupId).toBe(c!.id);
    // A report whose window holds both: one group, named by its earliest report.
    const [e] = await ingest(store, "r/e.txt", 15, [{ content: LINE, speaker: "Jane Doe" }]);
    const all = await Promise.all([a, b, c, d, e].map((x) => served(store, x!.id)));
    expect(all.map((x) => x.groupId)).toEqual(Array(5).fill(c!.id));
    expect(all.map((x) => x.seenCount)).toEqual(Array(5).fill(5));
    expect(all[0]!.firstSeen).toBe(day(1));
  }, SLOW_TEST_MS);

  it("costs writes only for grouped claims: one index entry each, and the first report's entry once", async () => {
    const { store } = await freshStore();
    await ingest(store, "a/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }, { content: OTHER, speaker: "Jane Doe" }]);
    store.meter.reset();
    await ingest(store, "a/solo.txt", 2, [{ content: "Nothing in this sentence is said anywhere else at all", speaker: "Jane Doe" }]);
    const alone = store.meter.writeUnits;
    store.meter.reset();
    await ingest(store, "b/two.txt", 2, [{ content: ECHO, speaker: "Jane Doe" }]);
    const grouped = store.meter.writeUnits;
    // The second report: its own index entry, and the first report's item and entry.
    expect(grouped - alone).toBeGreaterThanOrEqual(2);
    expect(grouped - alone).toBeLessThanOrEqual(4);
    store.meter.reset();
    await ingest(store, "c/three.txt", 3, [{ content: CUT, speaker: "Jane Doe" }]);
    expect(store.meter.writeUnits - alone).toBeLessThanOrEqual(2);
  }, SLOW_TEST_MS);

  it("an archive that repeats every claim pays at most 1.5 write units more per claim than one that does not", async () => {
    const statements = DISTINCT_STATEMENTS;
    /** Five articles of 24 speakers' claims, each article saying `statement(n)`. */
    const perClaim = async (statement: (n: number) => string) => {
      const { store } = await freshStore();
      const written: StoredClaim[] = [];
      for (let n = 0; n < 5; n++) {
        const specs = Array.from({ length: 24 }, (_, i) => ({ content: statement(n).replace("#", String(i)), speaker: `Official ${i} Jones`, publishedAt: day(n + 1) }));
        const { claims } = claimsFor(`art-${n}.txt`, specs);
        await store.replaceArticle({ key: `art-${n}.txt`, sequencer: nextSeq() }, { publishedAt: day(n + 1) }, claims);
        written.push(...claims);
      }
      return { store, last: written.at(-1)!, units: store.meter.writeUnits / written.length };
    };
    const distinct = await perClaim((n) => statements[n]!);
    const repeated = await perClaim(() => statements[0]!);
    console.log(`write units per claim: ${distinct.units.toFixed(2)} saying new things, ${repeated.units.toFixed(2)} every claim said in 5 articles`);
    expect((await repeated.store.getClaim(repeated.last.id))?.seenCount).toBe(5);
    expect((await distinct.store.getClaim(distinct.last.id))?.seenCount).toBeUndefined();
    // Every claim grouped: its own index entry (and the keys' bytes on its item), and each first
    // report's item rewritten and its entry, once per group.
    expect(repeated.units - distinct.units).toBeGreaterThan(0.5);
    expect(repeated.units - distinct.units).toBeLessThanOrEqual(1.5);
  }, SLOW_TEST_MS);
});
