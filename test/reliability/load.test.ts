/**
 * Load through the local stack exactly as `npm start` runs it (local/stack.ts: s3rver -> local queue ->
 * the real ingest handler -> DynamoDB Local, and the real API handler behind the local HTTP server):
 *  1. bulk ingest of generated articles: every article processed exactly once, and the store equal,
 *     claim for claim, to offline extraction of the same bytes; throughput printed;
 *  2. the read API under concurrent load on loopback (autocannon, fixed duration): no 5xx at all,
 *     latency percentiles printed.
 * `npm test` runs 200 articles; `npm run test:load` runs 2,000 (LOAD_ARTICLES).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import autocannon from "autocannon";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { LocalStack } from "../../local/stack.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { generateArticles } from "../support/generate-articles.ts";
import { expectStoreToMatch, forEachLimited } from "./support/expected-state.ts";
import { startTestStack, type TestStack } from "./support/stack.ts";

const ARTICLES = Number(process.env.LOAD_ARTICLES ?? 200);
const API_SECONDS = Number(process.env.LOAD_API_SECONDS ?? 10);

let stack: LocalStack;
let dynamo: DynamoDBClient;
let s3: S3Client;
let apiUrl: string;
let lines: string[] = [];
let local: TestStack | undefined;

beforeAll(async () => {
  local = await startTestStack("load-stack");
  ({ stack, dynamo, s3, apiUrl, lines } = local);
}, 120_000);
afterAll(() => local?.stop());

describe(`load through the local stack (${ARTICLES} articles)`, () => {
  it(`bulk ingest: every article processed once, the store equal to offline extraction`, { timeout: 600_000 + ARTICLES * 1_500 }, async () => {
    const articles = generateArticles({ count: ARTICLES, seed: 2026, prefix: "load" });
    const expected = new Map(articles.map((a) => [a.key, new TextEncoder().encode(a.text)]));
    const bytes = [...expected.values()].reduce((n, b) => n + b.length, 0);

    const started = performance.now();
    await forEachLimited(articles, 8, (a) => s3.send(new PutObjectCommand({ Bucket: stack.env.CLAIMS_BUCKET!, Key: a.key, Body: expected.get(a.key)!, ContentType: "text/plain; charset=utf-8" })));
    const uploaded = performance.now();
    let reported = performance.now();
    while (stack.totals.processed + stack.totals.failed + stack.totals.skipped < ARTICLES || stack.queue.stats.pending > 0) {
      await new Promise((r) => setTimeout(r, 50));
      if (performance.now() - reported > 30_000) {
        reported = performance.now();
        const s = (reported - started) / 1000;
        console.log(`  ${stack.totals.processed}/${ARTICLES} articles, ${stack.totals.claims} claims after ${s.toFixed(0)} s (${(stack.totals.processed / s).toFixed(2)} articles/s)`);
      }
    }
    await stack.queue.idle();
    const seconds = (performance.now() - started) / 1000;

    console.log(
      `bulk ingest: ${ARTICLES} articles (${(bytes / 1024 / 1024).toFixed(1)} MB, ${stack.totals.claims} claims) in ${seconds.toFixed(1)} s ` +
        `(uploads ${((uploaded - started) / 1000).toFixed(1)} s): ${(ARTICLES / seconds).toFixed(1)} articles/s, ${(stack.totals.claims / seconds).toFixed(0)} claims/s`,
    );
    expect(stack.totals).toMatchObject({ processed: ARTICLES, failed: 0, skipped: 0, deleted: 0 });
    expect(stack.queue.stats).toMatchObject({ pending: 0, dead: 0 });
    expect(lines.filter((l) => l.includes("!")), "retried or failed batches").toEqual([]);

    // The prolific speakers are paged in full: their claims spread over shards must all come back once.
    await stack.aggregates.drain();
    const reader = createDynamoClaimStore({ client: dynamo, tableName: stack.env.CLAIMS_TABLE! });
    const prolific = (await reader.listSpeakers({ limit: 3 })).items.map((s) => s.speakerId);
    const { claims } = await expectStoreToMatch(reader, dynamo, stack.env.CLAIMS_TABLE!, expected, { pageSpeakers: prolific, deep: ARTICLES <= 200, settle: () => stack.aggregates.drain() });
    expect(claims).toBe(stack.totals.claims);
    expect(claims).toBeGreaterThan(ARTICLES * 5);
  });

  it("read API under concurrent load on loopback: no 5xx, latency percentiles", { timeout: 120_000 }, async () => {
    const get = async (path: string) => (await (await fetch(`${apiUrl}${path}`)).json()) as { items: { speakerId?: string; topic?: string; id?: string; articleKey?: string }[]; nextToken?: string };
    const speakers = (await get("/speakers?limit=5")).items.map((s) => s.speakerId!);
    const page = await get(`/speakers/${encodeURIComponent(speakers[0]!)}/claims?limit=20`);
    const topics = (await get("/topics")).items.map((t) => t.topic!);
    const base = new URL(apiUrl).pathname;
    const paths = [
      "/speakers?limit=20",
      "/speakers?q=maria&type=person",
      "/topics",
      ...speakers.flatMap((s) => [`/speakers/${encodeURIComponent(s)}`, `/speakers/${encodeURIComponent(s)}/claims?limit=50`]),
      `/speakers/${encodeURIComponent(speakers[0]!)}/claims?limit=20&nextToken=${encodeURIComponent(page.nextToken!)}`,
      ...topics.slice(0, 4).map((t) => `/topics/${t}/claims?limit=50`),
      ...page.items.slice(0, 5).flatMap((c) => [`/claims/${encodeURIComponent(c.id!)}`, `/articles/${encodeURIComponent(c.articleKey!)}/claims`]),
      // Malformed requests are part of any real load: they must stay 4xx under pressure too.
      "/speakers?limit=-1",
      `/speakers/${encodeURIComponent(speakers[0]!)}/claims?nextToken=v1.forged.token`,
      "/topics/not-a-topic/claims",
      "/claims/%E0%A4%A",
      "/speakers?q=%00%01",
    ].map((p) => `${base}${p}`);

    let next = 0;
    const result = await autocannon({
      url: new URL(apiUrl).origin,
      connections: 16,
      duration: API_SECONDS,
      // Each request takes the next path of the shared rotation, so every connection mixes all routes
      // (autocannon's request list would otherwise replay from the top on each connection).
      requests: [{ method: "GET" as const, setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
    });
    const l = result.latency;
    console.log(
      `read API: ${result.requests.total} requests in ${API_SECONDS} s at 16 connections (${result.requests.average.toFixed(0)} req/s); ` +
        `latency ms p50 ${l.p50} p90 ${l.p90} p99 ${l.p99} max ${l.max}; 2xx ${result["2xx"]}, 4xx ${result["4xx"]}, 5xx ${result["5xx"]}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    // What the API logged about them, to tell a store that did not answer (503) from a failure (500).
    if (result["5xx"] > 0) console.log(lines.filter((line) => line.includes("api error")).slice(-10).join("\n"));
    expect(result["5xx"]).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result["2xx"]).toBeGreaterThan(0);
    expect(result["4xx"]).toBeGreaterThan(0);
    // Still answering afterwards.
    expect((await fetch(`${apiUrl}/topics`)).status).toBe(200);
  });
});
