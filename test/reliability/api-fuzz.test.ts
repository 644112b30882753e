/**
 * The read API fuzzed with fast-check over DynamoDB Local holding real extracted claims: every path
 * parameter and every query parameter (huge, unicode, control characters, expression-like strings,
 * negative and huge limits) and forged, truncated, spliced and foreign nextTokens. Properties:
 *  - the status is 200, 400 or 404, never 5xx; a 4xx names what was wrong and nothing internal;
 *  - a 200 holds only data the query asked for (that speaker, that topic, that article, that range);
 *  - a nextToken that is not exactly one issued for this route and filter is a 400 — or, if a
 *    mutation happens to decode to the same token, the very same page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import { analyzeArticle } from "../../lambdas/core/pipeline.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { toStoredClaims } from "../../lambdas/ingest/stored-claims.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { searchWords } from "../../lambdas/store/search-words.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";
import { generateArticles } from "../support/generate-articles.ts";
import { apiEvent } from "../support/events.ts";

const TOPICS = defaultTopicClassifier.topics;
const ARTICLES = generateArticles({ count: 14, seed: 4, castSize: 30, prefix: "fuzz" });

let env: LocalServices;
let api: ApiHandler;
let speakerIds: string[] = [];
let claimIds: string[] = [];
const tokens: { path: string; query: string; token: string; firstItemIds: string[] }[] = [];

interface Reply {
  status: number;
  body: { error?: string; message?: string; items?: Record<string, unknown>[]; nextToken?: string } & Record<string, unknown>;
}
async function call(path: string, query = ""): Promise<Reply> {
  const res = await api(apiEvent("GET", path, query, "fuzz"));
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : {} };
}

beforeAll(async () => {
  env = await startLocalServices({ s3: false });
  const tableName = await env.createTable("fuzz");
  const store = createDynamoClaimStore({ client: env.dynamoClient, tableName });
  for (const [i, a] of ARTICLES.entries()) {
    const { article, claims } = analyzeArticle(new TextEncoder().encode(a.text), { key: a.key });
    // Spread over two months, so date filters have something to exclude.
    const lastModified = new Date(Date.UTC(2025, i % 2, 1 + i));
    const stored = toStoredClaims(article, claims, { articleKey: a.key, lastModified, extractedAt: new Date() });
    await store.replaceArticle({ key: a.key, sequencer: String(i + 1).padStart(8, "0") }, { publishedAt: lastModified.toISOString() }, stored);
    claimIds.push(...stored.map((c) => c.id));
  }
  // Speaker summaries and topic counts are the aggregator's, from the table's stream.
  await env.settleAggregates(tableName);
  api = createApiHandler({ reader: store, tokenSecret: "fuzz-secret-0123456789abcdef", allowedOrigins: [], topics: TOPICS });
  speakerIds = ((await call("/speakers", "limit=100")).body.items ?? []).map((s) => String(s.speakerId));
  const topic = String(((await call("/topics")).body.items ?? []).find((t) => Number(t.claimCount) > 3)?.topic);
  for (const [path, query] of [
    [`/speakers/${speakerIds[0]}/claims`, "limit=2"],
    [`/speakers/${speakerIds[0]}/claims`, "limit=2&from=2025-01-01"],
    [`/speakers/${speakerIds[1]}/claims`, "limit=1"],
    [`/topics/${topic}/claims`, "limit=2"],
    ["/speakers", "limit=2"],
    ["/speakers", "limit=2&type=person"],
    ["/speakers", "limit=1&q=maria"],
  ] as const) {
    const first = await call(path, query);
    if (first.body.nextToken) tokens.push({ path, query, token: first.body.nextToken, firstItemIds: (first.body.items ?? []).map((c) => String(c.id ?? c.speakerId)) });
  }
}, 120_000);
afterAll(() => env?.stop());

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ minLength: 2_000, maxLength: 5_000 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(":a", "#n", ") OR (", "' OR 1=1 --", "attribute_exists(PK)", "SPEAKER#", "PK = :pk", "\u0000", "\u001b[2J", "%", "%00", "../..", "\u202e", "🙂".repeat(300), "a".repeat(2_000), "-1", "0", "1e9", "99999999999999999999", "NaN", "null", "[]", "{}"),
);
const routes = ["/speakers", "/speakers/{id}", "/speakers/{id}/claims", "/topics", "/topics/{id}/claims", "/articles/{id}/claims", "/claims/{id}", "/claims"] as const;
const params = ["limit", "from", "to", "topic", "type", "q", "nextToken", "minCheckworthiness", "sort", "since", "__proto__", "constructor", "x"];

/** What a 200 may contain, given the request: nothing from outside the query. */
function expectOnlyRequested(route: (typeof routes)[number], id: string, query: URLSearchParams, body: Reply["body"]) {
  const items = body.items ?? [];
  const from = query.get("from");
  const to = query.get("to");
  const inRange = (c: Record<string, unknown>) => {
    const at = String(c.publishedAt);
    const min = query.get("minCheckworthiness");
    return (!from || at.slice(0, from.length) >= from) && (!to || at.slice(0, to.length) <= to) && (!min || Number(c.checkworthiness) >= Number(min));
  };
  if (route === "/speakers/{id}/claims") {
    expect(items.every((c) => c.speakerId === id && inRange(c) && (!query.get("topic") || c.topic === query.get("topic")))).toBe(true);
  } else if (route === "/topics/{id}/claims") {
    expect(items.every((c) => c.topic === id && inRange(c))).toBe(true);
  } else if (route === "/articles/{id}/claims") {
    expect(items.every((c) => c.articleKey === id)).toBe(true);
  } else if (route === "/claims") {
    expect(items.every((c) => (c.op === "upsert" && (c.claim as Record<string, unknown>).id === c.claimId) || c.op === "delete")).toBe(true);
    expect(typeof body.nextSince).toBe("string");
  } else if (route === "/claims/{id}") {
    expect(body.id).toBe(id);
  } else if (route === "/speakers/{id}") {
    expect(body.speakerId).toBe(id);
  } else if (route === "/speakers") {
    // A search matches when each of its words starts a word of the speaker's name or an alias (docs/api.md).
    const q = searchWords(query.get("q") ?? "");
    const type = query.get("type");
    const nameWords = (s: Record<string, unknown>) => searchWords([s.speaker, ...((s.aliases as string[]) ?? [])].join(" "));
    const scope = query.get("scope") || "global";
    const inScope = (s: Record<string, unknown>) => scope === "all" || (scope === "article") === String(s.speakerId).includes("--");
    expect(items.every((s) => (!type || s.speakerType === type) && inScope(s) && q.every((w) => nameWords(s).some((n) => n.startsWith(w))))).toBe(true);
  }
}

function expectWellFormedError(reply: Reply) {
  expect([400, 404], JSON.stringify(reply.body).slice(0, 300)).toContain(reply.status);
  expect(reply.body.error).toMatch(/^\w+$/);
  expect(reply.body.message).toMatch(/\S/);
  expect(JSON.stringify(reply.body)).not.toMatch(/Exception|ValidationError|DynamoDB|\bat \/|node_modules|stack/i);
}

describe("read API fuzz (fast-check, DynamoDB Local)", { timeout: 240_000 }, () => {
  it("any path parameter and any query: 200 with only the requested data, or a 400/404 that says why; never 5xx", async () => {
    const idArb = fc.oneof(
      hostile,
      fc.constantFrom(...speakerIds.slice(0, 5), ...claimIds.slice(0, 5), ...ARTICLES.slice(0, 3).map((a) => a.key), ...TOPICS.slice(0, 3)),
    );
    const seen = { ok: 0, rejected: 0 };
    const value = fc.oneof(hostile, fc.constantFrom("2025-01-01", "2025-02-28T23:59:59Z", "person", "organization", "maria", ...TOPICS.slice(0, 3), "5", "100", "101"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), idArb, fc.array(fc.tuple(fc.constantFrom(...params), value), { maxLength: 4 }), fc.boolean(), async (route, id, pairs, rawId) => {
        // Path parameters arrive percent-encoded, or (rawId) as a client that does not encode sends them.
        const segment = rawId ? id.replace(/[/?#]/g, "") : encodeURIComponent(id);
        const path = route.replace("{id}", segment);
        const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
        const reply = await call(path, query);
        expect(reply.status).toBeLessThan(500);
        if (reply.status !== 200) {
          seen.rejected++;
          return expectWellFormedError(reply);
        }
        seen.ok++;
        // An empty id leaves "/speakers/" or "/claims/": the list (of speakers, of changes) rather than one item.
        if (segment === "" && (route === "/speakers/{id}" || route === "/claims/{id}")) {
          expect(Array.isArray(reply.body.items)).toBe(true);
          return;
        }
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          return;
        }
        expectOnlyRequested(route, decoded, new URLSearchParams(query), reply.body);
      }),
      { numRuns: 400 },
    );
    // Both sides of the property were exercised, not just the rejections.
    expect(seen.ok).toBeGreaterThan(20);
    expect(seen.rejected).toBeGreaterThan(20);
  });

  it("limits outside 1..100, fractional or not numbers at all: 400 naming limit", async () => {
    const bad = fc.oneof(
      fc.integer({ max: 0 }).map(String),
      fc.integer({ min: 101 }).map(String),
      fc.double({ noInteger: true, noDefaultInfinity: false }).map(String),
      fc.constantFrom("ten", "0x10", "1,5", "--1", "Infinity", "1 0"),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/speakers", `/speakers/${speakerIds[0]}/claims`, `/topics/${TOPICS[0]}/claims`), bad, async (path, limit) => {
        const reply = await call(path, `limit=${encodeURIComponent(limit)}`);
        expect(reply.status).toBe(400);
        expect(reply.body.message).toMatch(/^limit: /);
      }),
      { numRuns: 150 },
    );
  });

  it("an empty nextToken is an absent one: the first page, as an untouched form field sends it", async () => {
    for (const { path, query } of tokens) {
      const empty = await call(path, `${query}&nextToken=`);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual((await call(path, query)).body);
    }
  });

  it("forged, truncated, spliced and foreign nextTokens: 400 naming nextToken, or exactly the page the genuine token gives", async () => {
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    const mutate = fc.oneof(
      fc.tuple(fc.nat(), fc.constantFrom(..."ABCabc012-_.=+/")).map(([at, ch]) => (t: string) => t.slice(0, at % t.length) + ch + t.slice((at % t.length) + 1)),
      // At least one character is kept: an empty nextToken is an absent one (the first page), as for every parameter.
      fc.nat().map((at) => (t: string) => t.slice(0, 1 + (at % (t.length - 1)))),
      fc.string({ maxLength: 20 }).map((tail) => (t: string) => t + tail),
      fc.nat().map((n) => (t: string) => t.split(".").map((part, i) => (i === n % 3 ? part.split("").reverse().join("") : part)).join(".")),
      fc.nat().map((n) => (t: string) => {
        // The signature of one token on the body of another.
        const other = tokens[n % tokens.length]!.token.split(".");
        const parts = t.split(".");
        return [parts[0], other[1], parts[2]].join(".");
      }),
      fc.constant((t: string) => Buffer.from(t).toString("base64")),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), mutate, async (from, to, change) => {
        const issued = tokens[from % tokens.length]!;
        const target = tokens[to % tokens.length]!;
        const token = change(issued.token);
        const reply = await call(target.path, `${target.query}&nextToken=${encodeURIComponent(token)}`);
        const genuine = token === issued.token && target.path === issued.path && target.query === issued.query;
        if (reply.status === 200) {
          // Only the genuine page may come back: same route, same filter, and not the first page again.
          const reference = await call(issued.path, `${issued.query}&nextToken=${encodeURIComponent(issued.token)}`);
          expect(target.path === issued.path && target.query === issued.query, `token for ${issued.path}?${issued.query} accepted on ${target.path}?${target.query}`).toBe(true);
          expect(reply.body).toEqual(reference.body);
          expect((reply.body.items ?? []).some((c) => issued.firstItemIds.includes(String(c.id ?? c.speakerId)))).toBe(false);
          return;
        }
        expect(genuine).toBe(false);
        expect(reply.status).toBe(400);
        expect(reply.body.message).toMatch(/^nextToken: /);
      }),
      { numRuns: 300 },
    );
  });
});
