import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { ROUTES } from "../../lambdas/api/routes.ts";
import { claimId, slugify } from "../../lambdas/core/ids.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";

// The API is given the taxonomy plus the topics these fixtures use, so the suite holds whatever the
// classifier's taxonomy currently lists.
const TOPICS = [...new Set([...defaultTopicClassifier.topics, "politics-government", "economy-business-finance", "sport"])];
const SECRET = "integration-test-secret-0123456789";
const DASHBOARD_ORIGIN = "https://dashboard.example";

interface Spec {
  speaker: string;
  type?: StoredClaim["speakerType"];
  topic: string;
  content: string;
}

interface Article {
  key: string;
  publishedAt: string;
  claims: StoredClaim[];
}

const may = (day: number) => `2024-05-${String(day).padStart(2, "0")}T09:00:00.000Z`;

/** An article written here: one quoted sentence per claim, offsets found in the text. */
function article(key: string, day: number, specs: Spec[]): Article {
  const text = specs.map((s) => `\u201c${s.content},\u201d ${s.speaker} said.`).join(" ");
  const publishedAt = may(day);
  const claims = specs.map((s): StoredClaim => {
    const contentStart = text.indexOf(s.content);
    const contentEnd = contentStart + s.content.length;
    const speakerStart = text.indexOf(s.speaker, contentEnd);
    return {
      id: claimId(key, contentStart, contentEnd, s.content),
      speaker: s.speaker, speakerId: slugify(s.speaker), speakerType: s.type ?? "person", speakerScope: "global", rule: "quote-after", speakerMention: s.speaker,
      speakerStart, speakerEnd: speakerStart + s.speaker.length, cue: "said", cueStart: speakerStart + s.speaker.length + 1, cueEnd: speakerStart + s.speaker.length + 5,
      content: s.content, contentStart, contentEnd, kind: "direct", topic: s.topic, subjects: [], confidence: 0.9,
      articleKey: key, title: `Title of ${key}`, publishedAt,
      extractedAt: "2024-06-01T00:00:00.000Z", extractorVersion: "test", context: text.slice(Math.max(0, contentStart - 1), contentEnd + 1),
      contextContentStart: contentStart > 0 ? 1 : 0, contextContentEnd: (contentStart > 0 ? 1 : 0) + s.content.length,
    };
  });
  return { key, publishedAt, claims };
}

// Jane Doe speaks once a day on May 1-25 (one article a day), Acme Corp on the 3rd and 4th.
const COUNCIL_KEY = "news/2024/council vote.txt";
const DAILY = Array.from({ length: 25 }, (_, i) => {
  const day = i + 1;
  const specs: Spec[] = [{ speaker: "Jane Doe", topic: i % 2 ? "economy-business-finance" : "politics-government", content: `Statement number ${day} on the council budget` }];
  if (day === 3) specs.push({ speaker: "Acme Corp", type: "organization", topic: "economy-business-finance", content: "We will hire two hundred people" });
  if (day === 4) specs.push({ speaker: "Acme Corp", type: "organization", topic: "economy-business-finance", content: "Our plant is safe" });
  return article(day === 3 ? COUNCIL_KEY : `news/2024/council-${day}.txt`, day, specs);
});
const PREVIEW = article("news/sport-preview.txt", 18, [{ speaker: "Coach Smith", topic: "sport", content: "We are ready for the final" }]);
const MATCH = article("news/sport+match.txt", 26, [
  { speaker: "Coach Smith", topic: "sport", content: "We played our best game" },
  { speaker: "Coach Smith", topic: "sport", content: "The referee was fair" },
  { speaker: "Coach Smith", topic: "sport", content: "Next season starts now" },
  { speaker: "Jane Doe", topic: "sport", content: "The stadium vote passed" },
]);
const ARTICLES = [...DAILY, PREVIEW, MATCH];
const ALL = ARTICLES.flatMap((a) => a.claims);
const ids = (claims: { id: string }[]) => claims.map((c) => c.id).sort();

function event(rawPath: string, rawQueryString = "", opts: { method?: string; headers?: Record<string, string>; stage?: string } = {}): ApiEvent {
  return {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers: opts.headers ?? {},
    requestContext: { http: { method: opts.method ?? "GET", path: rawPath }, stage: opts.stage ?? "$default", requestId: "it" },
    isBase64Encoded: false,
  } as unknown as ApiEvent;
}

describe("read API over DynamoDB Local", () => {
  let env: LocalServices;
  let api: ApiHandler;

  async function get(path: string, query: Record<string, string> | string = "", headers: Record<string, string> = {}) {
    const raw = typeof query === "string" ? query : new URLSearchParams(query).toString();
    const res = await api(event(path, raw, { headers }));
    return { status: res.statusCode, headers: res.headers, body: res.body ? JSON.parse(res.body) : undefined };
  }
  async function badRequest(path: string, query: Record<string, string> | string, param: string) {
    const res = await get(path, query);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toBe("BadRequest");
    expect(res.body.message.startsWith(`${param}:`), res.body.message).toBe(true);
    return res.body.message as string;
  }
  /** Follows nextToken to the end and returns every item and the page sizes. */
  async function allPages(path: string, query: Record<string, string>) {
    const items: StoredClaim[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const res = await get(path, { ...query, ...(token && { nextToken: token }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      sizes.push(res.body.items.length);
      token = res.body.nextToken;
    } while (token && sizes.length < 50);
    return { items, sizes };
  }

  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    const tableName = await env.createTable("api");
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: TOPICS });
    // A few at a time: the shared speaker and topic counters must still come out exact.
    const queue = [...ARTICLES.entries()];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [i, a] = next;
        await store.replaceArticle({ key: a.key, sequencer: String(i + 1).padStart(12, "0") }, { title: `Title of ${a.key}`, publishedAt: a.publishedAt }, a.claims);
      }
    }));
    await store.recordFailure({ key: "uploads/photo.txt", sequencer: "000000000009" }, "binary", "the object looks binary (NUL bytes)");
    await env.settleAggregates(tableName);
    api = createApiHandler({ reader: store, tokenSecret: SECRET, allowedOrigins: [DASHBOARD_ORIGIN], topics: TOPICS, logger: { error: () => undefined } });
  }, 180_000);
  afterAll(() => env?.stop());

  describe("routes", () => {
    it("GET /speakers lists speakers, most claims first, with counts by topic", async () => {
      const res = await get("/speakers");
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.body.items.map((s: { speakerId: string; claimCount: number }) => [s.speakerId, s.claimCount])).toEqual([["jane-doe", 26], ["coach-smith", 4], ["acme-corp", 2]]);
      expect(res.body.nextToken).toBeUndefined();
      expect(res.body.items[0].topics).toEqual({ "politics-government": 13, "economy-business-finance": 12, sport: 1 });
    });

    it("GET /speakers filters by type and by name", async () => {
      expect((await get("/speakers", { type: "organization" })).body.items.map((s: { speakerId: string }) => s.speakerId)).toEqual(["acme-corp"]);
      expect((await get("/speakers", { q: "smith" })).body.items.map((s: { speakerId: string }) => s.speakerId)).toEqual(["coach-smith"]);
      expect((await get("/speakers", { q: "nobody-by-that-name" })).body.items).toEqual([]);
    });

    it("GET /speakers pages with limit and nextToken, each speaker once", async () => {
      const { items, sizes } = await allPages("/speakers", { limit: "1" });
      expect(items.map((s) => s.speakerId)).toEqual(["jane-doe", "coach-smith", "acme-corp"]);
      expect(sizes.slice(0, 3)).toEqual([1, 1, 1]);
    });

    it("GET /speakers/{id} returns one speaker; unknown ids are 404", async () => {
      const res = await get("/speakers/acme-corp");
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ speakerId: "acme-corp", speaker: "Acme Corp", speakerType: "organization", claimCount: 2 });
      const missing = await get("/speakers/no-such-person");
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: "NotFound", message: 'speakerId: no speaker "no-such-person"' });
    });

    it("GET /speakers/{id}/claims pages newest first across pages, with no repeats or gaps", async () => {
      const { items, sizes } = await allPages("/speakers/jane-doe/claims", { limit: "10" });
      expect(sizes).toEqual([10, 10, 6]);
      const expected = ALL.filter((c) => c.speakerId === "jane-doe");
      expect(items.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
      const dates = items.map((c) => c.publishedAt);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(items[0]).toMatchObject({ content: "The stadium vote passed", articleKey: "news/sport+match.txt", speaker: "Jane Doe" });
    });

    it("GET /speakers/{id}/claims filters by topic and an inclusive date range", async () => {
      const econ = await allPages("/speakers/jane-doe/claims", { topic: "economy-business-finance", limit: "5" });
      expect(econ.items.map((c) => c.id).sort()).toEqual(ALL.filter((c) => c.speakerId === "jane-doe" && c.topic === "economy-business-finance").map((c) => c.id).sort());
      const range = await allPages("/speakers/jane-doe/claims", { from: "2024-05-10", to: "2024-05-12" });
      expect(range.items.map((c) => c.publishedAt.slice(0, 10))).toEqual(["2024-05-12", "2024-05-11", "2024-05-10"]);
      const instant = await get("/speakers/jane-doe/claims", { from: "2024-05-10T11:00:00+02:00", to: "2024-05-10T09:00:00Z" });
      expect(instant.body.items.map((c: StoredClaim) => c.publishedAt)).toEqual(["2024-05-10T09:00:00.000Z"]);
      expect((await get("/speakers/no-such-person/claims")).status).toBe(404);
    });

    it("GET /topics lists every topic of the taxonomy with its claim count", async () => {
      const res = await get("/topics");
      expect(res.status).toBe(200);
      const counts = Object.fromEntries(res.body.items.map((t: { topic: string; claimCount: number }) => [t.topic, t.claimCount]));
      expect(Object.keys(counts).sort()).toEqual([...TOPICS].sort());
      for (const topic of TOPICS) expect(counts[topic], topic).toBe(ALL.filter((c) => c.topic === topic).length);
      expect(res.body.items[0].topic).toBe("economy-business-finance");
    });

    it("GET /topics/{topic}/claims pages a topic's claims newest first", async () => {
      const { items, sizes } = await allPages("/topics/sport/claims", { limit: "3" });
      expect(sizes).toEqual([3, 2]);
      // Newest article first; the order of one article's claims among themselves is the store's.
      expect(ids(items.slice(0, 4))).toEqual(ids(MATCH.claims));
      expect(items[4]!.content).toBe("We are ready for the final");
      const to = await get("/topics/sport/claims", { to: "2024-05-21" });
      expect(to.body.items.map((c: StoredClaim) => c.content)).toEqual(["We are ready for the final"]);
    });

    it("GET /articles/{key}/claims takes a URL-encoded key and returns the status record with the claims", async () => {
      const res = await get(`/articles/${encodeURIComponent("news/sport+match.txt")}/claims`);
      expect(res.status).toBe(200);
      expect(res.body.article).toMatchObject({ key: "news/sport+match.txt", status: "processed", claimCount: 4 });
      expect(ids(res.body.items)).toEqual(ids(MATCH.claims));
      const spaced = await get(`/articles/${encodeURIComponent(COUNCIL_KEY)}/claims`);
      expect(ids(spaced.body.items)).toEqual(ids(DAILY[2]!.claims));
      // Slashes left unencoded (as API Gateway may pass them) name the same article.
      expect(ids((await get("/articles/news/2024/council%20vote.txt/claims")).body.items)).toEqual(ids(DAILY[2]!.claims));
    });

    it("GET /articles/{key}/claims shows a failed article's reason so the dashboard can show it", async () => {
      const res = await get(`/articles/${encodeURIComponent("uploads/photo.txt")}/claims`);
      expect(res.status).toBe(200);
      expect(res.body.article).toMatchObject({ status: "failed", errorReason: "binary", errorMessage: "the object looks binary (NUL bytes)" });
      expect(res.body.items).toEqual([]);
      expect((await get(`/articles/${encodeURIComponent("never/uploaded.txt")}/claims`)).status).toBe(404);
    });

    it("GET /claims/{id} returns one claim with its context; unknown ids are 404", async () => {
      const claim = MATCH.claims[1]!;
      const res = await get(`/claims/${claim.id}`);
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("public, max-age=60");
      expect(res.body).toEqual(expect.objectContaining({ id: claim.id, content: claim.content, context: claim.context, articleKey: claim.articleKey, speakerId: "coach-smith" }));
      expect((await get("/claims/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    });

    it("routes behind a named stage or a base path alike", async () => {
      const staged = await api(event("/prod/speakers/acme-corp", "", { stage: "prod" }));
      expect(staged.statusCode).toBe(200);
      const based = createApiHandler({ reader: createDynamoClaimStore({ client: env.dynamoClient, tableName: "unused" }), tokenSecret: SECRET, allowedOrigins: [], topics: TOPICS, basePath: "/api" });
      expect((await based(event("/api/openapi.json"))).statusCode).toBe(200);
    });
  });

  describe("every malformed request is a 400 that names the parameter", () => {
    it.each([
      ["0"], ["101"], ["-5"], ["2.5"], ["ten"], ["1e1"],
    ])("limit=%s", async (limit) => {
      expect(await badRequest("/speakers/jane-doe/claims", { limit }, "limit")).toMatch(/from 1 to 100/);
      await badRequest("/speakers", { limit }, "limit");
      await badRequest("/topics/sport/claims", { limit }, "limit");
    });

    it("bad dates and from after to", async () => {
      for (const from of ["2024-02-30", "05/01/2024", "2024-05-01T10:00", "yesterday"]) await badRequest("/speakers/jane-doe/claims", { from }, "from");
      await badRequest("/topics/sport/claims", { to: "2024-13-01" }, "to");
      expect(await badRequest("/topics/sport/claims", { from: "2024-05-02", to: "2024-05-01" }, "from")).toMatch(/must not be after to/);
    });

    it("unknown topics, in the query or the path", async () => {
      expect(await badRequest("/speakers/jane-doe/claims", { topic: "gossip" }, "topic")).toMatch(/unknown topic "gossip"/);
      await badRequest("/topics/gossip/claims", "", "topic");
    });

    it("bad type, oversized or control-character q", async () => {
      await badRequest("/speakers", { type: "robot" }, "type");
      expect(await badRequest("/speakers", { scope: "everyone" }, "scope")).toMatch(/one of global, article, all/);
      expect(await badRequest("/speakers", { q: "x".repeat(101) }, "q")).toMatch(/at most 100/);
      await badRequest("/speakers", { q: "jane\u0000" }, "q");
    });

    it("bad ids", async () => {
      await badRequest("/speakers/Jane%20Doe", "", "speakerId");
      await badRequest(`/speakers/${"a".repeat(200)}/claims`, "", "speakerId");
      await badRequest("/claims/not.a.claim", "", "claimId");
      await badRequest(`/articles/${"k".repeat(1100)}/claims`, "", "articleKey");
      await badRequest("/claims/%E0%A4%A", "", "claimId");
    });

    it("unknown and repeated query parameters", async () => {
      expect(await badRequest("/speakers/jane-doe/claims", { tpoic: "sport" }, "tpoic")).toMatch(/unknown query parameter/);
      await badRequest("/claims/abc", { limit: "5" }, "limit");
      await badRequest("/speakers", "limit=5&limit=6", "limit");
    });

    it("forged, truncated and foreign nextTokens", async () => {
      const first = await get("/speakers/jane-doe/claims", { limit: "5" });
      const token: string = first.body.nextToken;
      expect(token).toMatch(/^v1\./);
      // The same token, unchanged, works (with a different page size too).
      expect((await get("/speakers/jane-doe/claims", { limit: "7", nextToken: token })).status).toBe(200);

      const [v, body, sig] = token.split(".");
      const cursor = Buffer.from(body!, "base64url").toString("utf8");
      const forgedBody = Buffer.from(cursor.replace(/.$/, (c) => (c === "A" ? "B" : "A")), "utf8").toString("base64url");
      await badRequest("/speakers/jane-doe/claims", { nextToken: `${v}.${forgedBody}.${sig}` }, "nextToken");
      await badRequest("/speakers/jane-doe/claims", { nextToken: token.slice(0, -5) }, "nextToken");
      await badRequest("/speakers/jane-doe/claims", { nextToken: "eyJxIjoic3BlYWtlci1jbGFpbXMifQ" }, "nextToken");
      // Foreign: valid tokens, but for another speaker, another filter, or another route.
      expect(await badRequest("/speakers/acme-corp/claims", { nextToken: token }, "nextToken")).toMatch(/different route or filter/);
      await badRequest("/speakers/jane-doe/claims", { topic: "sport", nextToken: token }, "nextToken");
      await badRequest("/speakers/jane-doe/claims", { from: "2024-01-01", nextToken: token }, "nextToken");
      await badRequest("/topics/sport/claims", { nextToken: token }, "nextToken");
      const speakersToken = (await get("/speakers", { limit: "1" })).body.nextToken;
      await badRequest("/speakers", { type: "person", nextToken: speakersToken }, "nextToken");
      await badRequest("/speakers/jane-doe/claims", { nextToken: speakersToken }, "nextToken");
    });

    it("never a 500 for any query string on any route (fuzzed)", async () => {
      const paths = ["/speakers", "/speakers/jane-doe", "/speakers/jane-doe/claims", "/topics", "/topics/sport/claims", "/claims/abc", "/articles/a%2Fb/claims"];
      const names = ["limit", "from", "to", "topic", "type", "q", "nextToken", "x", "__proto__", "constructor"];
      const value = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.integer().map(String), fc.constantFrom("2024-05-01", "v1.abc.def", "#PK = :x", "' OR 1=1 --", "\u0000", "%", "🙂".repeat(60)));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 }), async (path, pairs) => {
          const raw = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
          const res = await api(event(path, raw));
          expect([200, 400, 404]).toContain(res.statusCode);
          if (res.statusCode === 400) expect(JSON.parse(res.body!).message).toMatch(/^[\w_]+: /);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("HTTP behaviour", () => {
    it("the API's root lists the routes and where the OpenAPI document is", async () => {
      const res = await get("/");
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe("openapi.json");
      expect(res.body.routes).toEqual(Object.values(ROUTES).map((r) => r.path));
    });

    it("unknown routes are 404, other methods 405", async () => {
      expect((await get("/speakerz")).status).toBe(404);
      expect((await get("/topics/sport")).status).toBe(404);
      const del = await api(event("/claims/abc", "", { method: "DELETE" }));
      expect(del.statusCode).toBe(405);
      expect(JSON.parse(del.body!).error).toBe("MethodNotAllowed");
    });

    it("CORS: allowed origins are echoed, others get nothing; preflights answered", async () => {
      const allowed = await get("/topics", "", { origin: DASHBOARD_ORIGIN });
      expect(allowed.headers["access-control-allow-origin"]).toBe(DASHBOARD_ORIGIN);
      expect(allowed.headers.vary).toBe("Origin");
      const denied = await get("/topics", "", { origin: "https://elsewhere.example" });
      expect(denied.status).toBe(200);
      expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
      const errorWithCors = await get("/speakers", { limit: "0" }, { origin: DASHBOARD_ORIGIN });
      expect(errorWithCors.headers["access-control-allow-origin"]).toBe(DASHBOARD_ORIGIN);
      const preflight = await api(event("/speakers", "", { method: "OPTIONS", headers: { origin: DASHBOARD_ORIGIN, "access-control-request-method": "GET" } }));
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers["access-control-allow-methods"]).toContain("GET");
    });

    it("GET /openapi.json is an OpenAPI 3.1 document of every route whose references resolve and whose schemas match real responses", async () => {
      const res = await get("/openapi.json");
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths).sort()).toEqual(Object.values(ROUTES).map((r) => r.path).sort());
      for (const [path, item] of Object.entries<{ get: { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> } }>(doc.paths)) {
        const pathParams = (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
        expect((item.get.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name)).toEqual(pathParams);
        expect(Object.keys(item.get.responses)).toEqual(expect.arrayContaining(["200", "400", "500"]));
      }
      const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/\w+"/g) ?? [];
      for (const ref of refs) expect(doc.components.schemas[ref.slice(22, -1)], ref).toBeDefined();
      expect(doc.components.schemas.Topic.enum).toEqual(TOPICS);

      // Every required property the document promises is present in real responses.
      const required = (name: string) => doc.components.schemas[name].required as string[];
      const claims = (await get("/speakers/jane-doe/claims")).body.items as Record<string, unknown>[];
      for (const c of claims) for (const p of required("Claim")) expect(c, p).toHaveProperty(p);
      for (const s of (await get("/speakers")).body.items) for (const p of required("Speaker")) expect(s, p).toHaveProperty(p);
      const art = (await get(`/articles/${encodeURIComponent("news/sport+match.txt")}/claims`)).body;
      for (const p of required("ArticleClaims")) expect(art).toHaveProperty(p);
      for (const p of required("Article")) expect(art.article).toHaveProperty(p);
    });
  });
});
