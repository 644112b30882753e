/**
 * Checkworthiness through the store and the read API on DynamoDB Local: the minimum filter and the
 * ranking on a speaker's and a topic's claims, their validation, and the ranking window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { checkworthinessOf } from "../../lambdas/core/checkworthiness/index.ts";
import { articleScopedId, claimId, slugify } from "../../lambdas/core/ids.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { compareRanked, readClaimIndex } from "../../lambdas/store/claim-ranking.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { speakerClaimsIndex } from "../../lambdas/store/claim-reader.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";

const TOPICS = defaultTopicClassifier.topics;
const ECONOMY = "economy-business-finance";
const SECRET = "checkworthiness-test-secret-0123456789";

/** What speakers say, from statistics to questions; scores come from the real scorer. */
const SAYINGS = [
  "Unemployment rose to 4.2 per cent last year, the highest since 1990",
  "Exports fell 3% because of the strike",
  "The plant closed last year",
  "Prices will rise next year",
  "the economy is strong",
  "I think the plan is flawed",
  "Why would anyone believe that?",
  "We will cut taxes",
  "I am deeply saddened by the news",
  "Crime is lower than it was a decade ago",
  "The factory closed in March",
  "the economy is resilient",
];

interface ClaimOptions {
  scored?: boolean;
  topic?: string;
  /** A speaker known only within this article ("a spokesman"): its claims are listed from its summary. */
  articleScoped?: boolean;
  /** Where the content starts: an article lists its claims in text order. */
  at?: number;
}

function claim(key: string, day: number, speaker: string, content: string, { scored = true, topic = ECONOMY, articleScoped = false, at = 1 }: ClaimOptions = {}): StoredClaim {
  const text = `\u201c${content},\u201d ${speaker} said.`;
  const publishedAt = `2024-03-${String(day).padStart(2, "0")}T08:00:00.000Z`;
  return {
    id: claimId(key, at, at + content.length, content),
    speaker, speakerId: articleScoped ? articleScopedId(slugify(speaker), key) : slugify(speaker), speakerType: "person", speakerScope: articleScoped ? "article" : "global",
    rule: "quote-after", speakerMention: speaker,
    speakerStart: content.length + 4, speakerEnd: content.length + 4 + speaker.length, cue: "said", cueStart: 0, cueEnd: 0,
    content, contentStart: at, contentEnd: at + content.length, kind: "direct", topic, subjects: [], confidence: 0.9,
    ...(scored && checkworthinessOf(content, "said")),
    articleKey: key, publishedAt, extractedAt: "2024-04-01T00:00:00.000Z", extractorVersion: "test",
    context: text, contextContentStart: 1, contextContentEnd: 1 + content.length,
  };
}

// Mara Lind says each saying once, a day apart, then three in one article (one of them on another
// topic), so that her groups and the topic's hold several claims with different scores; Olu Ade says
// two; a spokesman known only within one article says three; one claim stored before scoring.
const MARA_SINGLES = SAYINGS.map((s, i) => claim(`cw/mara-${i}.txt`, i + 1, "Mara Lind", s));
const MARA_ARTICLE = [
  claim("cw/mara-three.txt", 15, "Mara Lind", "Why did the budget fail?", { at: 1 }),
  claim("cw/mara-three.txt", 15, "Mara Lind", "Wages grew 2% faster than prices in 2023", { at: 100 }),
  claim("cw/mara-three.txt", 15, "Mara Lind", "The council will vote on the bill", { topic: "politics-government", at: 200 }),
];
const MARA = [...MARA_SINGLES, ...MARA_ARTICLE];
const OLU = [claim("cw/olu-0.txt", 20, "Olu Ade", SAYINGS[0]!), claim("cw/olu-1.txt", 21, "Olu Ade", SAYINGS[5]!)];
const SPOKESMAN = ["Sales doubled to 40,000 units last quarter", "We are proud of the team", "Costs fell 12% after the merger"].map((s, i) =>
  claim("cw/spokesman.txt", 18, "A spokesman", s, { articleScoped: true, at: 1 + 100 * i }),
);
const SPOKESMAN_ID = SPOKESMAN[0]!.speakerId;
const UNSCORED = claim("cw/mara-old.txt", 25, "Mara Lind", "An old claim from before scoring", { scored: false });
const ALL = [...MARA, ...OLU, ...SPOKESMAN, UNSCORED];
const inEconomy = ALL.filter((c) => c.topic === ECONOMY);

const score = (c: StoredClaim) => c.checkworthiness ?? -1;
// The store ranks a group's claims under its article's sort key (its date here: one date per article).
const rankKey = (c: StoredClaim) => ({ id: c.id, score: score(c), sortKey: c.publishedAt });
const ranked = (claims: readonly StoredClaim[]) => [...claims].sort((a, b) => compareRanked(rankKey(a), rankKey(b)));
/** Newest article first; an article's claims in text order (the order they are listed in). */
const newestFirst = (claims: readonly StoredClaim[]) => [...claims].sort((a, b) => (a.publishedAt === b.publishedAt ? 0 : a.publishedAt < b.publishedAt ? 1 : -1));

function event(rawPath: string, rawQueryString = "", headers: Record<string, string> = {}): ApiEvent {
  return {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers,
    requestContext: { http: { method: "GET", path: rawPath }, stage: "$default", requestId: "it" },
    isBase64Encoded: false,
  } as unknown as ApiEvent;
}

describe("checkworthiness in the store and the API (DynamoDB Local)", () => {
  let env: LocalServices;
  let api: ApiHandler;
  let tableName: string;
  /** Ids of the claim items the table was asked for (BatchGetItem), recorded under every request. */
  const claimReads: string[] = [];

  async function get(path: string, query: Record<string, string> = {}) {
    const res = await api(event(path, new URLSearchParams(query).toString()));
    return { status: res.statusCode, body: JSON.parse(res.body!) };
  }
  async function allPages(path: string, query: Record<string, string>) {
    const items: StoredClaim[] = [];
    let token: string | undefined;
    let body: { ranking?: unknown } = {};
    let pages = 0;
    do {
      const res = await get(path, { ...query, ...(token && { nextToken: token }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      body = res.body;
      token = res.body.nextToken;
      pages++;
    } while (token && pages < 40);
    return { items, pages, ranking: body.ranking };
  }

  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    env.dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "BatchGetItemCommand") {
          // The document client's keys, before or after marshalling.
          const requests = Object.values((args.input as { RequestItems: Record<string, { Keys: { PK: string | { S: string } }[] }> }).RequestItems);
          for (const { PK } of requests.flatMap((r) => r.Keys)) {
            const pk = typeof PK === "string" ? PK : PK.S;
            if (pk.startsWith("CLAIM#")) claimReads.push(pk.slice("CLAIM#".length));
          }
        }
        return next(args);
      },
      { step: "initialize", name: "record-claim-reads" },
    );
    tableName = await env.createTable("cw");
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: TOPICS });
    let seq = 0;
    for (const key of new Set(ALL.map((c) => c.articleKey))) {
      const claims = ALL.filter((c) => c.articleKey === key);
      await store.replaceArticle({ key, sequencer: String(++seq).padStart(12, "0") }, { publishedAt: claims[0]!.publishedAt }, claims);
    }
    await env.settleAggregates(tableName);
    api = createApiHandler({ reader: store, tokenSecret: SECRET, allowedOrigins: [], topics: TOPICS, logger: { error: () => undefined } });
  }, SERVICE_START_MS);
  afterAll(() => env?.stop());

  it("serves each claim's score and reasons as the scorer gave them", async () => {
    const { items } = await allPages("/speakers/mara-lind/claims", { limit: "100" });
    expect(items).toHaveLength(MARA.length + 1);
    for (const c of MARA) {
      const served = items.find((i) => i.id === c.id)!;
      expect(served.checkworthiness).toBe(c.checkworthiness);
      expect(served.checkworthinessReasons).toEqual(c.checkworthinessReasons);
    }
    expect(items.find((i) => i.id === UNSCORED.id)).not.toHaveProperty("checkworthiness");
  });

  for (const [name, path, filters, claims] of [
    ["a speaker's", "/speakers/mara-lind/claims", {}, [...MARA, UNSCORED]],
    ["a speaker's, in one topic,", "/speakers/mara-lind/claims", { topic: ECONOMY }, [...MARA, UNSCORED].filter((c) => c.topic === ECONOMY)],
    ["an article-scoped speaker's", `/speakers/${SPOKESMAN_ID}/claims`, {}, SPOKESMAN],
    ["a topic's", `/topics/${ECONOMY}/claims`, {}, inEconomy],
  ] as const) {
    describe(`${name} claims`, () => {
      it("minCheckworthiness keeps exactly the claims scored at least that, newest first, over several pages", async () => {
        for (const min of ["0", "0.5", "0.75", "1"]) {
          const { items } = await allPages(path, { ...filters, minCheckworthiness: min, limit: "2" });
          const expected = claims.filter((c) => c.checkworthiness !== undefined && c.checkworthiness >= Number(min));
          expect(items.map((c) => c.id), `min ${min}`).toEqual(newestFirst(expected).map((c) => c.id));
        }
      });

      it("sort=checkworthiness ranks highest first, then newest, across pages with no repeat or gap", async () => {
        const { items, pages, ranking } = await allPages(path, { ...filters, sort: "checkworthiness", limit: "2" });
        expect(pages).toBe(Math.ceil(claims.length / 2));
        expect(items.map((c) => c.id)).toEqual(ranked(claims).map((c) => c.id));
        expect(ranking).toEqual({ ranked: claims.length, complete: true });
        const filtered = await allPages(path, { ...filters, sort: "checkworthiness", minCheckworthiness: "0.5", limit: "4" });
        expect(filtered.items.map((c) => c.id)).toEqual(ranked(claims.filter((c) => score(c) >= 0.5)).map((c) => c.id));
      });

      it("sort=newest is the default order", async () => {
        const byDefault = await allPages(path, { ...filters, limit: "5" });
        const newest = await allPages(path, { ...filters, limit: "5", sort: "newest" });
        expect(newest.items.map((c) => c.id)).toEqual(byDefault.items.map((c) => c.id));
        expect(byDefault.items.map((c) => c.id)).toEqual(newestFirst(claims).map((c) => c.id));
      });

      it("reads no claim item it does not return: the filter and the order read the scores in the groups", async () => {
        const queries: Record<string, string>[] = [{ minCheckworthiness: "0.5" }, { sort: "checkworthiness" }, { sort: "checkworthiness", minCheckworthiness: "0.75" }];
        for (const query of queries) {
          claimReads.length = 0;
          const { items } = await allPages(path, { ...filters, ...query, limit: "2" });
          expect(items.length, JSON.stringify(query)).toBeGreaterThan(0);
          expect([...claimReads].sort(), JSON.stringify(query)).toEqual(items.map((c) => c.id).sort());
        }
      });
    });
  }

  it("bad values are a 400 that names the parameter", async () => {
    for (const [param, value] of [
      ["minCheckworthiness", "2"],
      ["minCheckworthiness", "-0.1"],
      ["minCheckworthiness", "abc"],
      ["minCheckworthiness", "0.555"],
      ["minCheckworthiness", "NaN"],
      ["sort", "best"],
      ["sort", "Checkworthiness"],
    ] as const) {
      for (const path of ["/speakers/mara-lind/claims", `/topics/${ECONOMY}/claims`]) {
        const res = await get(path, { [param]: value });
        expect(res.status, `${path} ${param}=${value}`).toBe(400);
        expect(res.body.message.startsWith(`${param}:`), res.body.message).toBe(true);
      }
    }
  });

  it("a nextToken of one order or minimum is refused by another", async () => {
    const first = await get("/speakers/mara-lind/claims", { sort: "checkworthiness", limit: "2" });
    const token = first.body.nextToken as string;
    expect((await get("/speakers/mara-lind/claims", { sort: "checkworthiness", limit: "2", nextToken: token })).status).toBe(200);
    for (const other of [{}, { minCheckworthiness: "0.5", sort: "checkworthiness" }, { sort: "newest" }] as Record<string, string>[]) {
      const res = await get("/speakers/mara-lind/claims", { ...other, nextToken: token });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^nextToken: /);
    }
  });

  it("ranks only the newest claims of the window, and the pages keep that window while new claims arrive", async () => {
    const client = DynamoDBDocumentClient.from(env.dynamoClient);
    // The window ends inside the three-claim article's group: the later pages must rank the same two of it.
    const window = 3;
    const query = speakerClaimsIndex(tableName, "mara-lind", {});
    const first = await readClaimIndex(client, query, { sort: "checkworthiness", limit: 2, window });
    expect(first.ranking).toEqual({ ranked: window, complete: false });
    const newest = newestFirst([...MARA, UNSCORED]).slice(0, window);
    expect(newest.filter((c) => c.articleKey === MARA_ARTICLE[0]!.articleKey)).toHaveLength(2);
    const expected = ranked(newest).map((c) => c.id);
    expect(first.items).toEqual(expected.slice(0, 2));

    // A newer claim arrives between pages: the pinned window leaves it out.
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: TOPICS });
    const late = claim("cw/mara-late.txt", 28, "Mara Lind", "Inflation hit 9% last month, the highest in 40 years");
    await store.replaceArticle({ key: late.articleKey, sequencer: "000000000999" }, { publishedAt: late.publishedAt }, [late]);
    const items = [...first.items];
    let cursor = first.cursor;
    while (cursor) {
      const page = await readClaimIndex(client, query, { sort: "checkworthiness", limit: 2, cursor, window });
      expect(page.ranking).toEqual({ ranked: window, complete: false });
      items.push(...page.items);
      cursor = page.cursor;
    }
    expect(items).toEqual(expected);
    // A fresh first page sees the new claim.
    const fresh = await readClaimIndex(client, query, { sort: "checkworthiness", limit: window, window });
    expect(fresh.items).toContain(late.id);
    await store.deleteArticle({ key: late.articleKey, sequencer: "000000001000" });
  });
});
