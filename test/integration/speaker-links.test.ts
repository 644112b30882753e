/**
 * Speaker identity across articles against DynamoDB Local: surname links at ingest, article-scoped
 * speakers listed apart, and operators' merges and splits that take effect at once and survive a
 * re-ingest of the articles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, withSettledSummaries, type LocalServices } from "../support/local-services.ts";
import { claimsFor, type ClaimSpec } from "../support/claims.ts";
import { articleScopedId } from "../../lambdas/core/ids.ts";
import { createApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { CorrectionError, createSpeakerCorrections } from "../../lambdas/store/speaker-corrections.ts";
import type { ClaimStore, SpeakerListScope, StoredClaim } from "../../lambdas/store/types.ts";

const noWait = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 };
const meta = { publishedAt: "2024-05-01T12:00:00.000Z", title: "A test article" };

let env: LocalServices;
beforeAll(async () => {
  env = await startLocalServices({ s3: false });
}, SERVICE_START_MS);
afterAll(() => env?.stop());

async function fresh() {
  const tableName = await env.createTable();
  // Summaries are the aggregator's: reads, and each step below, wait until it has caught up with the
  // table's stream, as they would a few seconds later in AWS.
  const settle = () => env.settleAggregates(tableName);
  const store = withSettledSummaries(createDynamoClaimStore({ client: env.dynamoClient, tableName, backoff: noWait }), settle);
  const raw = createSpeakerCorrections({ client: env.dynamoClient, tableName, backoff: noWait });
  const settled = <A extends unknown[], R>(f: (...args: A) => Promise<R>) => async (...args: A) => (await settle(), f(...args));
  const corrections = { merge: settled(raw.merge), unmerge: settled(raw.unmerge), split: settled(raw.split), unsplit: settled(raw.unsplit), relinkArticle: settled(raw.relinkArticle) };
  /** Each call is a new S3 version of the key, as a re-upload or a reindex would deliver it. */
  let sequencer = 0x100;
  /** `reindex`: the stored version of the key extracted again (`claims reindex`), not a new upload. */
  const ingest = async (key: string, specs: (ClaimSpec & { partial?: boolean; role?: string; affiliation?: string; scope?: "article" })[], reindex = false) => {
    const { claims } = claimsFor(key, specs);
    const withFields = claims.map((c, i): StoredClaim => ({
      ...c,
      ...(specs[i]!.partial && { speakerPartial: true }),
      ...(specs[i]!.scope && { speakerScope: specs[i]!.scope }),
      ...(specs[i]!.role && { speakerRole: specs[i]!.role }),
      ...(specs[i]!.affiliation && { speakerAffiliation: specs[i]!.affiliation }),
    }));
    const stored = reindex ? await store.currentVersion(key) : undefined;
    const version = stored ? { key, sequencer: stored.sequencer, revision: (stored.revision ?? 0) + 1 } : { key, sequencer: (sequencer++).toString(16) };
    return store.replaceArticle(version, meta, withFields).finally(settle);
  };
  return { store, corrections, ingest };
}

const speakersOf = async (store: ClaimStore, key: string) => (await store.listArticleClaims(key)).map((c) => c.speakerId);
const listed = async (store: ClaimStore, scope?: SpeakerListScope) =>
  (await store.listSpeakers({ limit: 100, ...(scope && { scope }) })).items.map((s) => `${s.speakerId}:${s.claimCount}`).sort();

const tony: ClaimSpec = { content: "We will fight on", speaker: "Tony Blair" };
const mrBlair = { content: "The plan is sound", speaker: "Blair", mention: "Mr Blair", partial: true };
const cherie: ClaimSpec = { content: "The law must change", speaker: "Cherie Blair" };

describe("speaker identity across articles (DynamoDB Local)", { timeout: SLOW_TEST_MS }, () => {
  it("links a surname-only person to the one known person, and keeps an ambiguous one in its article", async () => {
    const { store, ingest } = await fresh();
    await ingest("a.txt", [tony]);
    await ingest("b.txt", [mrBlair]);
    expect(await speakersOf(store, "b.txt")).toEqual(["tony-blair"]);
    const [claim] = await store.listArticleClaims("b.txt");
    expect(claim).toMatchObject({ speaker: "Tony Blair", speakerScope: "global", speakerMention: "Mr Blair", speakerLink: { by: ["surname"], speakerId: "blair" } });
    expect(await store.getSpeaker("tony-blair")).toMatchObject({ claimCount: 2, aliases: ["Mr Blair"] });

    // A second Blair makes the surname ambiguous: the next surname-only article stays on its own.
    await ingest("c.txt", [cherie]);
    await ingest("d.txt", [{ ...mrBlair, content: "Nothing was agreed" }]);
    const scoped = articleScopedId("blair", "d.txt");
    expect(await speakersOf(store, "d.txt")).toEqual([scoped]);
    expect(await store.getSpeaker(scoped)).toMatchObject({ speakerScope: "article", claimCount: 1 });

    // Listed apart: the default list has only speakers known across articles.
    expect(await listed(store)).toEqual(["cherie-blair:1", "tony-blair:2"]);
    expect(await listed(store, "article")).toEqual([`${scoped}:1`]);
    expect(await listed(store, "all")).toEqual([`${scoped}:1`, "cherie-blair:1", "tony-blair:2"]);
  });

  it("links before the aggregator has summarized the person, and not to a person whose claims are all gone", async () => {
    const tableName = await env.createTable();
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, backoff: noWait });
    const write = (key: string, seq: string, specs: (ClaimSpec & { partial?: boolean })[]) =>
      store.replaceArticle({ key, sequencer: seq }, meta, claimsFor(key, specs).claims.map((c, i) => ({ ...c, ...(specs[i]!.partial && { speakerPartial: true }) })));
    // No aggregation has run: the surname index alone names the person.
    await write("a.txt", "1", [tony]);
    await write("b.txt", "2", [mrBlair]);
    expect((await store.listArticleClaims("b.txt"))[0]).toMatchObject({ speakerId: "tony-blair", speaker: "Tony Blair" });

    // Every claim of Tony Blair gone: his summary is a tombstone, and a surname no longer links to him.
    await store.deleteArticle({ key: "a.txt", sequencer: "3" });
    await store.deleteArticle({ key: "b.txt", sequencer: "4" });
    await env.settleAggregates(tableName);
    await write("c.txt", "5", [{ ...mrBlair, content: "Nothing was agreed" }]);
    expect((await store.listArticleClaims("c.txt"))[0]?.speakerId).toBe(articleScopedId("blair", "c.txt"));
  });

  it("serves article-scoped speakers through the API only when asked for, and each of them by id", async () => {
    const { store, ingest } = await fresh();
    await ingest("a.txt", [tony, { content: "Talks failed", speaker: "a spokesman", speakerType: "anonymous", scope: "article" }]);
    await ingest("b.txt", [{ content: "Talks went well", speaker: "a spokesman", speakerType: "anonymous", scope: "article" }]);
    const api = createApiHandler({ reader: store, tokenSecret: "integration-test-secret-0123456789", allowedOrigins: [], topics: ["politics-government"], logger: { error: () => undefined } });
    const get = async (rawPath: string, rawQueryString = "") => {
      const res = await api({ version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers: {}, requestContext: { http: { method: "GET", path: rawPath }, stage: "$default", requestId: "it" }, isBase64Encoded: false } as unknown as ApiEvent);
      return { status: res.statusCode, body: JSON.parse(res.body ?? "null") };
    };
    // The extractor scoped "a spokesman" to its article by its scope alone; each article keeps its own.
    const [inA, inB] = [articleScopedId("a-spokesman", "a.txt"), articleScopedId("a-spokesman", "b.txt")];
    const ids = (body: { items: { speakerId: string }[] }) => body.items.map((s) => s.speakerId).sort();
    expect(ids((await get("/speakers")).body)).toEqual(["tony-blair"]);
    expect(ids((await get("/speakers", "scope=article")).body)).toEqual([inA, inB].sort());
    expect(ids((await get("/speakers", "scope=all&type=anonymous")).body)).toEqual([inA, inB].sort());
    expect((await get(`/speakers/${inA}`)).body).toMatchObject({ speakerId: inA, speaker: "a spokesman", speakerScope: "article", claimCount: 1 });
    expect((await get(`/speakers/${inA}/claims`)).body.items).toHaveLength(1);
    expect((await get("/articles/a.txt/claims")).body.items.map((c: { speakerId: string }) => c.speakerId)).toEqual(["tony-blair", inA]);
    // Pages of one scope do not continue another's.
    const page = (await get("/speakers", "scope=all&limit=1")).body;
    expect((await get("/speakers", `limit=1&nextToken=${page.nextToken}`)).status).toBe(400);
  });

  it("accumulates roles, affiliations and aliases on the speaker, and stores document speakers", async () => {
    const { store, ingest } = await fresh();
    await ingest("a.txt", [{ ...tony, role: "Prime Minister", mention: "Tony Blair" }]);
    await ingest("b.txt", [{ ...tony, content: "Labour will win", role: "Labour leader", affiliation: "Labour", mention: "the prime minister" }]);
    await ingest("c.txt", [{ content: "Prices rose 3%", speaker: "Bank Survey", speakerType: "document" }]);
    const s = await store.getSpeaker("tony-blair");
    expect(s).toMatchObject({ claimCount: 2, roles: ["Labour leader", "Prime Minister"], affiliations: ["Labour"], aliases: ["the prime minister"] });
    expect((await store.listSpeakers({ limit: 10, type: "document" })).items.map((x) => x.speakerId)).toEqual(["bank-survey"]);
    expect((await store.listArticleClaims("b.txt"))[0]).toMatchObject({ speakerRole: "Labour leader", speakerAffiliation: "Labour" });
  });

  it("merges two speakers now and after a re-ingest, and undoes the merge", async () => {
    const { store, corrections, ingest } = await fresh();
    await ingest("a.txt", [tony, { content: "We stand firm", speaker: "Tony Blair" }]);
    await ingest("b.txt", [{ content: "Reform is coming", speaker: "Anthony Blair" }]);

    const merged = await corrections.merge("anthony-blair", "tony-blair");
    expect(merged).toMatchObject({ articles: 1, claims: 1, into: { speakerId: "tony-blair" } });
    expect(await speakersOf(store, "b.txt")).toEqual(["tony-blair"]);
    expect(await listed(store, "all")).toEqual(["tony-blair:3"]);
    expect(await store.getSpeaker("anthony-blair")).toBeUndefined();

    await ingest("b.txt", [{ content: "Reform is coming", speaker: "Anthony Blair" }]);
    expect(await speakersOf(store, "b.txt")).toEqual(["tony-blair"]);
    expect(await listed(store, "all")).toEqual(["tony-blair:3"]);
    await ingest("b.txt", [{ content: "Reform is coming", speaker: "Anthony Blair" }], true);
    expect(await store.getArticle("b.txt")).toMatchObject({ revision: 1 });
    expect(await speakersOf(store, "b.txt")).toEqual(["tony-blair"]);

    // A surname-only Blair now has two known ids that are one person: it links.
    await ingest("c.txt", [mrBlair]);
    expect(await speakersOf(store, "c.txt")).toEqual(["tony-blair"]);

    await expect(corrections.merge("tony-blair", "anthony-blair")).rejects.toThrow(CorrectionError);
    // Undone on the reindexed version too, which keeps its revision.
    expect(await corrections.unmerge("anthony-blair")).toMatchObject({ claims: 1, superseded: 0 });
    expect(await listed(store, "all")).toEqual(["anthony-blair:1", "tony-blair:3"]);
    expect(await store.getArticle("b.txt")).toMatchObject({ revision: 1 });
  });

  it("splits a wrong surname link out of one article, and the split survives a re-ingest", async () => {
    const { store, corrections, ingest } = await fresh();
    await ingest("a.txt", [tony]);
    await ingest("b.txt", [mrBlair, { content: "We said no", speaker: "Tony Blair" }]);
    expect(await speakersOf(store, "b.txt")).toEqual(["tony-blair", "tony-blair"]);

    await expect(corrections.split("cherie-blair", "b.txt")).rejects.toThrow(/no claims of speaker/);
    expect(await corrections.split("tony-blair", "b.txt")).toMatchObject({ articles: 1, claims: 2 });
    const scopedBlair = articleScopedId("blair", "b.txt");
    const scopedTony = articleScopedId("tony-blair", "b.txt");
    expect(await speakersOf(store, "b.txt")).toEqual([scopedBlair, scopedTony]);
    expect(await listed(store, "all")).toEqual([`${scopedBlair}:1`, `${scopedTony}:1`, "tony-blair:1"]);

    await ingest("b.txt", [mrBlair, { content: "We said no", speaker: "Tony Blair" }]);
    expect(await speakersOf(store, "b.txt")).toEqual([scopedBlair, scopedTony]);

    // The right person for the split-off "Mr Blair": merge its article-scoped id.
    await ingest("c.txt", [cherie]);
    expect(await corrections.merge(scopedBlair, "cherie-blair")).toMatchObject({ claims: 1 });
    await ingest("b.txt", [mrBlair, { content: "We said no", speaker: "Tony Blair" }]);
    expect(await speakersOf(store, "b.txt")).toEqual(["cherie-blair", scopedTony]);

    await corrections.unsplit("tony-blair", "b.txt");
    expect(await speakersOf(store, "b.txt")).toEqual(["cherie-blair", "tony-blair"]);
    expect(await listed(store, "all")).toEqual(["cherie-blair:2", "tony-blair:2"]);
  });

  it("relinks an article that a newer version replaced meanwhile without undoing it", async () => {
    const { store, corrections, ingest } = await fresh();
    await ingest("a.txt", [tony]);
    await ingest("b.txt", [{ content: "Reform is coming", speaker: "Anthony Blair" }]);
    // Nothing to change: no write, and the counts stay exact.
    expect(await corrections.relinkArticle("b.txt")).toEqual({ articles: 1, claims: 0, superseded: 0 });
    expect(await corrections.relinkArticle("missing.txt")).toEqual({ articles: 0, claims: 0, superseded: 0 });
    expect(await listed(store)).toEqual(["anthony-blair:1", "tony-blair:1"]);
  });
});
