import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, localDynamoClient, withSettledSummaries, type LocalServices } from "../support/local-services.ts";
import { DISTINCT_STATEMENTS, claimsFor, type ClaimSpec } from "../support/claims.ts";
import { injectFaults, isCommitOfClaims } from "../support/faults.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { InvalidCursorError } from "../../lambdas/store/cursor.ts";
import { articleScopedId } from "../../lambdas/core/ids.ts";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { ClaimStore, Page, StoredClaim } from "../../lambdas/store/types.ts";

const noWait = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 };
const v = (key: string, sequencer: string) => ({ key, sequencer });
const meta = { publishedAt: "2024-05-01T12:00:00.000Z", title: "A test article" };

let env: LocalServices;
beforeAll(async () => {
  env = await startLocalServices({ s3: false });
}, SERVICE_START_MS);
afterAll(() => env?.stop());

async function freshStore(opts: { client?: ReturnType<typeof localDynamoClient>; maxClaimsPerArticle?: number; leaseMs?: number } = {}) {
  const tableName = await env.createTable();
  const client = opts.client ?? localDynamoClient(env.dynamo!.endpoint);
  const limit = opts.maxClaimsPerArticle !== undefined ? { maxClaimsPerArticle: opts.maxClaimsPerArticle } : {};
  const lease = opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {};
  const store = createDynamoClaimStore({ client, tableName, backoff: noWait, ...limit, ...lease });
  // Summaries and topic counts are the aggregator's, from the table's stream.
  return { tableName, store: withSettledSummaries(store, () => env.settleAggregates(tableName)) };
}

/** Runs writes as SQS would: each write that fails transiently is delivered again, until all settle. */
async function deliverUntilSettled<T>(writes: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Map<number, T>();
  let pending = writes.map((_, i) => i);
  for (let round = 0; pending.length > 0; round++) {
    if (round === 20) throw new Error(`${pending.length} writes never settled`);
    const settled = await Promise.allSettled(pending.map((i) => writes[i]!()));
    settled.forEach((r, j) => r.status === "fulfilled" && results.set(pending[j]!, r.value));
    pending = pending.filter((i) => !results.has(i));
  }
  return writes.map((_, i) => results.get(i)!);
}

async function allPages<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.cursor;
    pages++;
    if (pages > 200) throw new Error("pagination does not end");
  } while (cursor);
  return { items, pages };
}

const COMMIT = { command: "UpdateItemCommand", when: isCommitOfClaims };

/** The keys of every item in a table. */
async function scanKeys(tableName: string): Promise<{ PK: string; SK: string }[]> {
  const doc = DynamoDBDocumentClient.from(localDynamoClient(env.dynamo!.endpoint));
  const out = await doc.send(new ScanCommand({ TableName: tableName, ProjectionExpression: "PK, SK" }));
  return (out.Items ?? []) as { PK: string; SK: string }[];
}

const ids = (claims: readonly StoredClaim[]) => claims.map((c) => c.id).sort();

/** Every read path of the store agrees with the expected claims of every article. */
async function expectExactly(store: ClaimStore, expected: Record<string, StoredClaim[]>) {
  const every = Object.values(expected).flat();
  for (const [key, claims] of Object.entries(expected)) expect(ids(await store.listArticleClaims(key))).toEqual(ids(claims));
  const bySpeaker = new Map<string, StoredClaim[]>();
  for (const c of every) bySpeaker.set(c.speakerId, [...(bySpeaker.get(c.speakerId) ?? []), c]);
  const speakers = (await allPages((cursor) => store.listSpeakers({ limit: 50, scope: "all", ...(cursor && { cursor }) }))).items;
  expect(speakers.map((s) => s.speakerId).sort()).toEqual([...bySpeaker.keys()].sort());
  for (const [speakerId, claims] of bySpeaker) {
    const summary = await store.getSpeaker(speakerId);
    expect(summary?.claimCount).toBe(claims.length);
    const topics: Record<string, number> = {};
    for (const c of claims) topics[c.topic] = (topics[c.topic] ?? 0) + 1;
    expect(summary?.topics).toEqual(topics);
    const listed = (await allPages((cursor) => store.listSpeakerClaims(speakerId, { limit: 50, ...(cursor && { cursor }) }))).items;
    expect(ids(listed)).toEqual(ids(claims));
  }
  const topicTotals = new Map<string, number>();
  for (const c of every) topicTotals.set(c.topic, (topicTotals.get(c.topic) ?? 0) + 1);
  for (const t of await store.listTopics()) expect(t.claimCount).toBe(topicTotals.get(t.topic) ?? 0);
  for (const [topic, n] of topicTotals) {
    const listed = (await allPages((cursor) => store.listTopicClaims(topic, { limit: 50, ...(cursor && { cursor }) }))).items;
    expect(listed).toHaveLength(n);
  }
}

const first: ClaimSpec[] = [
  { content: "We will win the vote", speaker: "Jane Doe" },
  { content: "Taxes will not rise this year", speaker: "Jane Doe", topic: "economy-business-finance" },
  { content: "The bridge is safe", speaker: "John Roe", speakerType: "person" },
];
const second: ClaimSpec[] = [
  { content: "We will win the vote", speaker: "Jane Doe" },
  { content: "The league needs reform", speaker: "Acme Sports Council", topic: "sport", speakerType: "organization" },
];

describe("DynamoDB claim store (DynamoDB Local)", { timeout: SLOW_TEST_MS }, () => {
  it("stores an article's claims and serves them by article, id, speaker and topic with exact counts", async () => {
    const { store } = await freshStore();
    const a = claimsFor("news/a.txt", first);
    expect(await store.replaceArticle(v("news/a.txt", "0A"), meta, a.claims)).toEqual({ applied: true });
    await expectExactly(store, { "news/a.txt": a.claims });

    const one = a.claims[1]!;
    const got = await store.getClaim(one.id);
    expect(got).toMatchObject({ content: one.content, speaker: "Jane Doe", topic: "economy-business-finance", articleKey: "news/a.txt" });
    expect(got!.context.slice(got!.contextContentStart, got!.contextContentEnd)).toBe(one.content);
    expect(a.text.slice(got!.contentStart, got!.contentEnd)).toBe(one.content);
    expect(await store.getArticle("news/a.txt")).toMatchObject({ status: "processed", claimCount: 3, title: "A test article" });
    expect(await store.getClaim("no-such-claim")).toBeUndefined();
    expect(await store.getSpeaker("nobody")).toBeUndefined();
  });

  it("ignores a duplicate and an older sequencer, and replaces on a newer one leaving nothing stale", async () => {
    const { store } = await freshStore();
    const a = claimsFor("k.txt", first);
    const b = claimsFor("k.txt", second);
    await store.replaceArticle(v("k.txt", "0B"), meta, a.claims);
    expect(await store.replaceArticle(v("k.txt", "0B"), meta, a.claims)).toEqual({ applied: false, reason: "duplicate" });
    expect(await store.replaceArticle(v("k.txt", "0A"), meta, b.claims)).toEqual({ applied: false, reason: "stale" });
    await expectExactly(store, { "k.txt": a.claims });

    // Sequencers of different lengths compare as padded hex: "0C" < "00FF".
    expect(await store.replaceArticle(v("k.txt", "00FF"), meta, b.claims)).toEqual({ applied: true });
    await expectExactly(store, { "k.txt": b.claims });
    expect(await store.getSpeaker("john-roe")).toBeUndefined();
    expect(await store.getClaim(a.claims[2]!.id)).toBeUndefined();
  });

  it("writes correctly over a prefetched META that another writer made stale, and over a failed prefetch", async () => {
    const { store, tableName } = await freshStore();
    const other = createDynamoClaimStore({ client: env.dynamoClient, tableName, backoff: noWait });
    const a = claimsFor("p.txt", first);
    const b = claimsFor("p.txt", second);
    // Prefetched before the article existed; a newer version lands before this older one is written.
    store.prefetch("p.txt");
    await other.replaceArticle(v("p.txt", "20"), meta, b.claims);
    expect(await store.replaceArticle(v("p.txt", "10"), meta, a.claims)).toEqual({ applied: false, reason: "stale" });
    await expectExactly(store, { "p.txt": b.claims });
    // Prefetched, then replaced by another writer, then replaced by a newer version over the stale read.
    store.prefetch("p.txt");
    await other.replaceArticle(v("p.txt", "30"), meta, a.claims);
    expect(await store.replaceArticle(v("p.txt", "40"), meta, b.claims)).toEqual({ applied: true });
    await expectExactly(store, { "p.txt": b.claims });

    const client = localDynamoClient(env.dynamo!.endpoint);
    const failing = createDynamoClaimStore({ client, tableName, backoff: noWait });
    const fault = injectFaults(client, { command: "GetItemCommand", times: 1 });
    failing.prefetch("p.txt");
    expect(await failing.replaceArticle(v("p.txt", "50"), meta, a.claims)).toEqual({ applied: true });
    expect(fault.failed).toBe(1);
    await expectExactly(store, { "p.txt": a.claims });
    client.destroy();
  });

  it("deletes an article and keeps a tombstone so a late older create cannot bring it back", async () => {
    const { store } = await freshStore();
    const a = claimsFor("gone.txt", first);
    const other = claimsFor("stays.txt", [{ content: "Rain is coming", speaker: "Jane Doe", topic: "weather" }]);
    await store.replaceArticle(v("gone.txt", "10"), meta, a.claims);
    await store.replaceArticle(v("stays.txt", "10"), meta, other.claims);
    expect(await store.deleteArticle(v("gone.txt", "20"))).toEqual({ applied: true });
    expect(await store.replaceArticle(v("gone.txt", "15"), meta, a.claims)).toEqual({ applied: false, reason: "stale" });
    expect(await store.getArticle("gone.txt")).toMatchObject({ status: "deleted", claimCount: 0 });
    await expectExactly(store, { "gone.txt": [], "stays.txt": other.claims });
  });

  it("stores an article under the longest key S3 allows", async () => {
    const { store } = await freshStore();
    const key = `archive/${"é".repeat(200)}/${"x".repeat(600)}.txt`;
    expect(Buffer.byteLength(key)).toBeGreaterThan(1000);
    const a = claimsFor(key, first);
    expect(await store.replaceArticle(v(key, "1"), meta, a.claims)).toEqual({ applied: true });
    await expectExactly(store, { [key]: a.claims });
  });

  it("keeps the first claims of an article with more than the per-article limit and counts the rest", async () => {
    const { store } = await freshStore({ maxClaimsPerArticle: 40 });
    const specs: ClaimSpec[] = Array.from({ length: 65 }, (_, i) => ({ content: `Quote number ${String(i).padStart(3, "0")} here`, speaker: `Voice ${i % 5} Ray` }));
    const { claims } = claimsFor("flood.txt", specs);
    await store.replaceArticle(v("flood.txt", "1"), meta, claims);
    expect(await store.getArticle("flood.txt")).toMatchObject({ claimCount: 40, claimsOverLimit: 25 });
    await expectExactly(store, { "flood.txt": claims.slice(0, 40) });
  });

  it("records a permanent failure with its reason and removes the previous version's claims", async () => {
    const { store } = await freshStore();
    const a = claimsFor("bad.txt", first);
    await store.replaceArticle(v("bad.txt", "1"), meta, a.claims);
    expect(await store.recordFailure(v("bad.txt", "2"), "binary", "the object is not text")).toEqual({ applied: true });
    expect(await store.getArticle("bad.txt")).toMatchObject({ status: "failed", errorReason: "binary", errorMessage: "the object is not text", claimCount: 0 });
    await expectExactly(store, { "bad.txt": [] });
    // A later good upload clears the failure.
    await store.replaceArticle(v("bad.txt", "3"), meta, a.claims);
    const record = await store.getArticle("bad.txt");
    expect(record).toMatchObject({ status: "processed", claimCount: 3 });
    expect(record?.errorReason).toBeUndefined();
  });

  it("pages a speaker's and a topic's claims newest first across shards, with topic and date filters", async () => {
    const { store } = await freshStore();
    const all: StoredClaim[] = [];
    for (let day = 1; day <= 12; day++) {
      const date = `2024-03-${String(day).padStart(2, "0")}T08:00:00.000Z`;
      const specs: ClaimSpec[] = [
        { content: `Statement number ${day} on the budget`, speaker: "Prolific Pat", topic: "economy-business-finance", publishedAt: date },
        { content: `Statement number ${day} on the election`, speaker: "Prolific Pat", topic: "politics-government", publishedAt: date },
      ];
      const { claims } = claimsFor(`day-${day}.txt`, specs);
      await store.replaceArticle(v(`day-${day}.txt`, "01"), { publishedAt: date }, claims);
      all.push(...claims);
    }
    const { items, pages } = await allPages((cursor) => store.listSpeakerClaims("prolific-pat", { limit: 5, ...(cursor && { cursor }) }));
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(ids(items)).toEqual(ids(all));
    const dates = items.map((c) => c.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());

    const budget = (await allPages((cursor) => store.listSpeakerClaims("prolific-pat", { limit: 4, topic: "economy-business-finance", ...(cursor && { cursor }) }))).items;
    expect(budget).toHaveLength(12);
    expect(budget.every((c) => c.topic === "economy-business-finance")).toBe(true);

    const range = { from: "2024-03-03T00:00:00.000Z", to: "2024-03-05T23:59:59.999Z" };
    const inRange = (await allPages((cursor) => store.listTopicClaims("politics-government", { limit: 2, ...range, ...(cursor && { cursor }) }))).items;
    expect(inRange.map((c) => c.publishedAt.slice(0, 10))).toEqual(["2024-03-05", "2024-03-04", "2024-03-03"]);
  });

  it("pages a topic's claims across articles, splitting an article's claims between pages", async () => {
    const { store } = await freshStore();
    const expected: string[] = [];
    for (const day of [3, 1, 2]) {
      const date = `2024-04-0${day}T09:00:00.000Z`;
      const specs: ClaimSpec[] = Array.from({ length: 5 }, (_, i) => ({ content: `Point ${i} of day ${day}`, speaker: `Speaker ${i} Lee`, topic: "health", publishedAt: date }));
      const { claims } = claimsFor(`health-${day}.txt`, specs);
      await store.replaceArticle(v(`health-${day}.txt`, "1"), { publishedAt: date }, claims);
    }
    for (const day of [3, 2, 1]) for (let i = 0; i < 5; i++) expected.push(`Point ${i} of day ${day}`);
    const { items, pages } = await allPages((cursor) => store.listTopicClaims("health", { limit: 2, ...(cursor && { cursor }) }));
    expect(pages).toBe(8);
    expect(items.map((c) => c.content)).toEqual(expected);
    const page = await store.listTopicClaims("health", { limit: 7 });
    expect(page.items.map((c) => c.content)).toEqual(expected.slice(0, 7));
    const rest = await store.listTopicClaims("health", { limit: 20, cursor: page.cursor! });
    expect(rest.items.map((c) => c.content)).toEqual(expected.slice(7));
    expect(rest.cursor).toBeUndefined();
  });

  it("lists speakers most claims first, filtered by type and name substring, page by page", async () => {
    const { store } = await freshStore();
    const specs: ClaimSpec[] = [];
    for (let i = 0; i < 9; i++) {
      for (let n = 0; n <= i; n++) specs.push({ content: `Claim ${n} of speaker ${i}`, speaker: `Speaker Number${i}`, speakerType: i % 3 === 0 ? "organization" : "person", mention: `Mr Number${i}` });
    }
    const { claims } = claimsFor("many.txt", specs);
    await store.replaceArticle(v("many.txt", "1"), meta, claims);
    const listed = (await allPages((cursor) => store.listSpeakers({ limit: 2, ...(cursor && { cursor }) }))).items;
    expect(listed.map((s) => s.claimCount)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(listed[0]).toMatchObject({ speaker: "Speaker Number8", aliases: ["Mr Number8"], topics: { "politics-government": 9 } });
    const orgs = (await allPages((cursor) => store.listSpeakers({ limit: 1, type: "organization", ...(cursor && { cursor }) }))).items;
    expect(orgs.map((s) => s.speakerId)).toEqual(["speaker-number6", "speaker-number3", "speaker-number0"]);
    const byAlias = await store.listSpeakers({ limit: 10, q: "MR NUMBER4" });
    expect(byAlias.items.map((s) => s.speakerId)).toEqual(["speaker-number4"]);
  });

  it("searches speakers by name and alias word prefixes, most claims first, page by page, without speakers that are gone", async () => {
    const { store } = await freshStore();
    // [name, articles with one claim each, mention]: speakers of three articles or more are filed under their words.
    const people: [name: string, articles: number, mention: string][] = [
      ["Ellen Park", 3, "Mayor Park"],
      ["Parker Jones", 3, "Parker Jones"],
      ["Sam Park", 1, "Sam Park"],
      ["José Núñez", 2, "Núñez"],
      ["Ann Spark", 1, "Ann Spark"],
    ];
    for (const [name, n, mention] of people) {
      for (let i = 0; i < n; i++) {
        await store.replaceArticle(v(`${name}-${i}.txt`, "1"), meta, claimsFor(`${name}-${i}.txt`, [{ content: `Remark ${i} by ${name} on the harbour`, speaker: name, mention }]).claims);
      }
    }
    const names = (page: Page<{ speaker: string }>) => page.items.map((s) => s.speaker);
    expect(names(await store.listSpeakers({ limit: 10, q: "park" }))).toEqual(["Ellen Park", "Parker Jones", "Sam Park"]);
    expect(names(await store.listSpeakers({ limit: 10, q: "Park E" }))).toEqual(["Ellen Park"]);
    // Role words of mentions are matched, not filed: a name word finds the speaker.
    expect(names(await store.listSpeakers({ limit: 10, q: "mayor park" }))).toEqual(["Ellen Park"]);
    expect(names(await store.listSpeakers({ limit: 10, q: "mayor" }))).toEqual([]);
    expect(names(await store.listSpeakers({ limit: 10, q: "nunez" }))).toEqual(["José Núñez"]);
    expect(names(await store.listSpeakers({ limit: 10, q: "arker" }))).toEqual([]);
    // Quoted in one article: not filed under its words, found by its surname alone.
    expect(names(await store.listSpeakers({ limit: 10, q: "spark" }))).toEqual(["Ann Spark"]);
    expect(names(await store.listSpeakers({ limit: 10, q: "spar" }))).toEqual([]);
    expect(names(await store.listSpeakers({ limit: 10, q: "ann" }))).toEqual([]);
    const paged = await allPages((cursor) => store.listSpeakers({ limit: 1, q: "park", ...(cursor && { cursor }) }));
    expect(paged.items.map((s) => s.speaker)).toEqual(["Ellen Park", "Parker Jones", "Sam Park"]);
    await expect(store.listSpeakers({ limit: 1, q: "park", cursor: (await store.listSpeakers({ limit: 1 })).cursor! })).rejects.toBeInstanceOf(InvalidCursorError);

    for (let i = 0; i < 3; i++) await store.deleteArticle(v(`Ellen Park-${i}.txt`, "2"));
    expect(names(await store.listSpeakers({ limit: 10, q: "park" }))).toEqual(["Parker Jones", "Sam Park"]);
    await store.replaceArticle(v("Ellen Park-0.txt", "3"), meta, claimsFor("Ellen Park-0.txt", [{ content: "Back again on the harbour", speaker: "Ellen Park" }]).claims);
    expect(names(await store.listSpeakers({ limit: 10, q: "ellen" }))).toEqual(["Ellen Park"]);
  });

  it("lets name searches reuse the summaries recent searches read, for the memo's time only", async () => {
    const { tableName, store } = await freshStore();
    for (const name of ["Ellen Park", "Parker Jones", "Sam Park"]) {
      for (const i of [0, 1, 2]) await store.replaceArticle(v(`${name}-${i}.txt`, "1"), meta, claimsFor(`${name}-${i}.txt`, [{ content: `Remark ${i} by ${name} on the harbour`, speaker: name }]).claims);
    }
    await store.listSpeakers({ limit: 10 }); // settles the aggregator: summaries and search entries exist
    const memoMs = 1_000;
    const remembering = createDynamoClaimStore({ client: localDynamoClient(env.dynamo!.endpoint), tableName, backoff: noWait, summaryMemoMs: memoMs });
    const plain = createDynamoClaimStore({ client: localDynamoClient(env.dynamo!.endpoint), tableName, backoff: noWait });
    const names = (page: Page<{ speaker: string }>) => page.items.map((s) => s.speaker);

    expect(names(await remembering.listSpeakers({ limit: 10, q: "park" }))).toEqual(["Ellen Park", "Parker Jones", "Sam Park"]);
    remembering.meter.reset();
    plain.meter.reset();
    const again = await remembering.listSpeakers({ limit: 10, q: "park s" });
    expect(names(again)).toEqual(names(await plain.listSpeakers({ limit: 10, q: "park s" })));
    expect(names(again)).toEqual(["Sam Park"]);
    // The second search reads the index window only; without the memo it also reads three summaries.
    expect(remembering.meter.readUnits).toBeGreaterThan(0);
    expect(remembering.meter.readUnits).toBeLessThan(plain.meter.readUnits);

    for (const i of [0, 1, 2]) await store.deleteArticle(v(`Sam Park-${i}.txt`, "2"));
    await store.listSpeakers({ limit: 10 });
    await new Promise((r) => setTimeout(r, memoMs + 50));
    expect(names(await remembering.listSpeakers({ limit: 10, q: "park s" }))).toEqual([]);
  });

  it("with a memo, reads index partitions whole in the background and then searches them by the query word with the fewest entries", async () => {
    const { tableName, store } = await freshStore();
    const marias = ["Maria Alder", "Maria Brook", "Maria Cole", "Maria Dunn", "Maria Kalodus"];
    for (const name of marias) {
      for (const i of [0, 1, 2]) await store.replaceArticle(v(`${name}-${i}.txt`, "1"), meta, claimsFor(`${name}-${i}.txt`, [{ content: `Remark ${i} by ${name} on the harbour`, speaker: name }]).claims);
    }
    await store.listSpeakers({ limit: 10 }); // settles the aggregator: summaries and search entries exist
    /** A client that counts Queries and the summaries each BatchGetItem asks for. */
    const counting = () => {
      const client = localDynamoClient(env.dynamo!.endpoint);
      const calls = { queries: 0, summariesRead: 0 };
      client.middlewareStack.add(
        (next) => async (args) => {
          const input = args.input as { KeyConditionExpression?: string; RequestItems?: Record<string, { Keys?: { PK: unknown }[] }> };
          if (input.KeyConditionExpression !== undefined) calls.queries++;
          const pk = (key: { PK: unknown }) => String((key.PK as { S?: string }).S ?? key.PK);
          for (const request of Object.values(input.RequestItems ?? {})) calls.summariesRead += (request.Keys ?? []).filter((k) => pk(k).startsWith("SPEAKERS#")).length;
          return next(args);
        },
        { step: "initialize" },
      );
      return { client, calls };
    };
    const memo = counting();
    const remembering = createDynamoClaimStore({ client: memo.client, tableName, backoff: noWait, summaryMemoMs: 60_000 });
    const plain = counting();
    const withoutMemo = createDynamoClaimStore({ client: plain.client, tableName, backoff: noWait });
    const names = (page: Page<{ speaker: string }>) => page.items.map((s) => s.speaker);

    // Searches that name no one start the reads of the "ka" and "ma" partitions; each reads its own window meanwhile.
    expect(names(await remembering.listSpeakers({ limit: 10, q: "kaz" }))).toEqual([]);
    expect(names(await remembering.listSpeakers({ limit: 10, q: "maz" }))).toEqual([]);
    expect(memo.calls.queries).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    memo.calls.queries = 0;
    // "kalo" files one speaker, "maria" five: the memo's search reads one summary, the plain one all five.
    expect(names(await remembering.listSpeakers({ limit: 10, q: "maria kalo" }))).toEqual(["Maria Kalodus"]);
    expect(names(await withoutMemo.listSpeakers({ limit: 10, q: "maria kalo" }))).toEqual(["Maria Kalodus"]);
    expect(memo.calls.summariesRead).toBe(1);
    expect(plain.calls.summariesRead).toBe(5);
    // The remembered partitions answer; no index Query.
    expect(names(await remembering.listSpeakers({ limit: 10, q: "maria" }))).toEqual(marias);
    expect(names(await remembering.listSpeakers({ limit: 10, q: "kalodus m" }))).toEqual(["Maria Kalodus"]);
    expect(memo.calls.queries).toBe(0);
    // Pages of one search keep the word it chose, and a cursor names no word outside the query.
    const paged = await allPages((cursor) => remembering.listSpeakers({ limit: 2, q: "maria", ...(cursor && { cursor }) }));
    expect(paged.items.map((s) => s.speaker)).toEqual(marias);
    const page = await withoutMemo.listSpeakers({ limit: 2, q: "maria" });
    expect(page.cursor).toBeDefined();
    await expect(remembering.listSpeakers({ limit: 2, q: "dunn", cursor: page.cursor! })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("rejects a cursor it did not issue or one from another query", async () => {
    const { store } = await freshStore();
    await expect(store.listSpeakerClaims("x", { limit: 5, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
    const { claims } = claimsFor("c.txt", first);
    await store.replaceArticle(v("c.txt", "1"), meta, claims);
    const page = await store.listSpeakers({ limit: 1 });
    expect(page.cursor).toBeDefined();
    await expect(store.listTopicClaims("politics-government", { limit: 5, cursor: page.cursor! })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("keeps a speaker known only within its article in its own summary: listed, counted, paged, filtered, replaced and removed with the article", async () => {
    const { store, tableName } = await freshStore();
    const scoped = (key: string, specs: ClaimSpec[]) => {
      const { claims } = claimsFor(key, specs);
      const id = articleScopedId("a-spokesman", key);
      return claims.map((c) => (c.speaker === "A spokesman" ? { ...c, speakerId: id, speakerScope: "article" as const, speakerType: "anonymous" as const } : c));
    };
    const v1 = scoped("scoped.txt", [
      { content: "The talks went well", speaker: "A spokesman" },
      { content: "Nothing was signed", speaker: "A spokesman", topic: "economy-business-finance" },
      { content: "We will win the vote", speaker: "Jane Doe" },
    ]);
    const id = articleScopedId("a-spokesman", "scoped.txt");
    await store.replaceArticle(v("scoped.txt", "1"), meta, v1);
    await expectExactly(store, { "scoped.txt": v1 });
    expect(await store.getSpeaker(id)).toMatchObject({ speaker: "A spokesman", speakerType: "anonymous", claimCount: 2 });
    expect((await store.listSpeakerClaims(id, { limit: 1 })).cursor).toBeDefined();
    expect((await store.listSpeakerClaims(id, { limit: 10, topic: "economy-business-finance" })).items.map((c) => c.content)).toEqual(["Nothing was signed"]);
    expect((await store.listSpeakerClaims(id, { limit: 10, from: "2024-06-01" })).items).toEqual([]);
    expect((await store.listSpeakerClaims(id, { limit: 10, to: "2024-05-01" })).items).toHaveLength(2);
    // Its summary is the ingest's own write: no group item, nothing for the aggregator.
    const items = await scanKeys(tableName);
    expect(items.filter((k) => k.PK.startsWith(`SPK#${id}`))).toEqual([]);

    const v2 = scoped("scoped.txt", [{ content: "We will win the vote", speaker: "Jane Doe" }]);
    await store.replaceArticle(v("scoped.txt", "2"), meta, v2);
    await expectExactly(store, { "scoped.txt": v2 });
    expect(await store.getSpeaker(id)).toBeUndefined();
    expect((await scanKeys(tableName)).filter((k) => k.SK === id)).toEqual([]);
  });

  it("keeps counts exact when one article changes over a hundred speakers at once", async () => {
    const { store } = await freshStore();
    const specs: ClaimSpec[] = Array.from({ length: 130 }, (_, i) => ({ content: `Remark ${i} made today`, speaker: `Person ${i} Smith` }));
    const a = claimsFor("crowd.txt", specs);
    await store.replaceArticle(v("crowd.txt", "1"), meta, a.claims);
    const b = claimsFor("crowd.txt", specs.slice(60));
    await store.replaceArticle(v("crowd.txt", "2"), meta, b.claims);
    const speakers = (await allPages((cursor) => store.listSpeakers({ limit: 100, ...(cursor && { cursor }) }))).items;
    expect(speakers).toHaveLength(70);
    expect(speakers.every((s) => s.claimCount === 1)).toBe(true);
    expect((await store.listTopics()).find((t) => t.topic === "politics-government")?.claimCount).toBe(70);
  });

  it("converges after a crash between writing the new claims and committing, and after one before cleanup", async () => {
    const client = localDynamoClient(env.dynamo!.endpoint);
    const { store } = await freshStore({ client });
    const a = claimsFor("crash.txt", first);
    const b = claimsFor("crash.txt", second);
    await store.replaceArticle(v("crash.txt", "1"), meta, a.claims);

    const commitFault = injectFaults(client, { ...COMMIT, times: 1 });
    await expect(store.replaceArticle(v("crash.txt", "2"), meta, b.claims)).rejects.toThrow(/injected/);
    expect(commitFault.failed).toBe(1);
    expect(await store.replaceArticle(v("crash.txt", "2"), meta, b.claims)).toEqual({ applied: true });
    await expectExactly(store, { "crash.txt": b.claims });

    const cleanupFault = injectFaults(client, {
      command: "DeleteItemCommand",
      times: 1,
      when: (input) => JSON.stringify(input.Key).includes('"CLAIM#'),
    });
    await expect(store.replaceArticle(v("crash.txt", "3"), meta, a.claims)).rejects.toThrow(/injected/);
    expect(cleanupFault.failed).toBe(1);
    // The redelivered event is a duplicate by now, yet it finishes the cleanup.
    expect(await store.replaceArticle(v("crash.txt", "3"), meta, a.claims)).toEqual({ applied: false, reason: "duplicate" });
    await expectExactly(store, { "crash.txt": a.claims });
  });

  it("holds other versions back while a crashed version's lease is young; its redelivery finishes first", async () => {
    const client = localDynamoClient(env.dynamo!.endpoint);
    const { store } = await freshStore({ client });
    const a = claimsFor("lease.txt", first);
    const b = claimsFor("lease.txt", second);
    injectFaults(client, { ...COMMIT, times: 1 });
    await expect(store.replaceArticle(v("lease.txt", "1"), meta, a.claims)).rejects.toThrow(/injected/);
    await expect(store.replaceArticle(v("lease.txt", "2"), meta, b.claims)).rejects.toThrow(/another version of it is being written/);
    expect(await store.replaceArticle(v("lease.txt", "1"), meta, a.claims)).toEqual({ applied: true });
    expect(await store.replaceArticle(v("lease.txt", "2"), meta, b.claims)).toEqual({ applied: true });
    await expectExactly(store, { "lease.txt": b.claims });
  });

  it("cleans up after a crashed version whose expired lease a newer one took over", async () => {
    const client = localDynamoClient(env.dynamo!.endpoint);
    const { store } = await freshStore({ client, leaseMs: 0 });
    const a = claimsFor("race.txt", first);
    const b = claimsFor("race.txt", second);
    injectFaults(client, { ...COMMIT, times: 1 });
    await expect(store.replaceArticle(v("race.txt", "1"), meta, a.claims)).rejects.toThrow(/injected/);
    await new Promise((r) => setTimeout(r, 5));
    await store.replaceArticle(v("race.txt", "2"), meta, b.claims);
    // The redelivery of version 1 is stale and removes what its first attempt wrote.
    expect(await store.replaceArticle(v("race.txt", "1"), meta, a.claims)).toEqual({ applied: false, reason: "stale" });
    await expectExactly(store, { "race.txt": b.claims });
    expect(await store.getClaim(a.claims[2]!.id)).toBeUndefined();
  });

  it("keeps a prolific speaker's counts exact when many of their articles are written at once", async () => {
    const { store } = await freshStore();
    const articles = Array.from({ length: 12 }, (_, a) =>
      claimsFor(`busy-${a}.txt`, [
        { content: `First remark of article ${a}`, speaker: "Busy Bee", topic: a % 2 ? "sport" : "health" },
        { content: `Second remark of article ${a}`, speaker: "Busy Bee", topic: "health" },
        { content: `A reply in article ${a}`, speaker: `Reporter ${a} Kim` },
      ]),
    );
    const outcomes = await Promise.all(articles.map((x, a) => store.replaceArticle(v(`busy-${a}.txt`, "1"), meta, x.claims)));
    expect(outcomes.every((o) => o.applied)).toBe(true);
    // Then half of them are re-uploaded with one claim fewer, again all at once.
    await Promise.all(articles.slice(0, 6).map((x, a) => store.replaceArticle(v(`busy-${a}.txt`, "2"), meta, x.claims.slice(1))));
    const expected = Object.fromEntries(articles.map((x, a) => [`busy-${a}.txt`, a < 6 ? x.claims.slice(1) : x.claims]));
    await expectExactly(store, expected);
    expect((await store.getSpeaker("busy-bee"))?.claimCount).toBe(18);
  });

  it("ends with exactly the newest version when versions of one key and duplicates race each other", async () => {
    const { store } = await freshStore();
    const versions = [1, 2, 3, 4, 5].map((n) =>
      claimsFor("raced.txt", [
        { content: "This stays the same", speaker: "Jane Doe" },
        { content: `Version ${n} says something new`, speaker: `Writer ${n} Cho`, topic: n % 2 ? "sport" : "health" },
      ]),
    );
    const writes = [...versions, ...versions].map((x, i) => () => store.replaceArticle(v("raced.txt", `0${(i % 5) + 1}`), meta, x.claims));
    const outcomes = await deliverUntilSettled(writes);
    expect(outcomes.filter((o) => o.applied).length).toBeGreaterThanOrEqual(1);
    await expectExactly(store, { "raced.txt": versions[4]!.claims });
    for (const n of [1, 2, 3, 4]) expect(await store.getSpeaker(`writer-${n}-cho`)).toBeUndefined();
  });

  it("spends few write units per claim (measured by DynamoDB)", async () => {
    const { store } = await freshStore();
    // Each article says other things: repeated claims cost their own writes (test/integration/repeats.test.ts).
    const statements = DISTINCT_STATEMENTS;
    const specs = (n: number): ClaimSpec[] => Array.from({ length: 24 }, (_, i) => ({
      content: statements[n]!.replace("#", String(i)),
      speaker: `Official ${i % 8} Jones`,
      topic: i % 3 === 0 ? "economy-business-finance" : "politics-government",
    }));
    store.meter.reset();
    let claims = 0;
    for (let n = 0; n < 5; n++) {
      const { claims: c } = claimsFor(`cost-${n}.txt`, specs(n));
      await store.replaceArticle(v(`cost-${n}.txt`, "1"), meta, c);
      claims += c.length;
    }
    const perClaim = store.meter.writeUnits / claims;
    console.log(`write units per claim (24 claims, 8 speakers, 2 topics per article): ${perClaim.toFixed(2)}`);
    expect(perClaim).toBeGreaterThan(0);
    expect(perClaim).toBeLessThanOrEqual(2);
  });
});
