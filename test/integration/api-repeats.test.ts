/** Repeated claims through the read API over DynamoDB Local: the fields, the group route, its errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { buildOpenApiDocument } from "../../lambdas/api/openapi.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { claimsFor, type ClaimSpec } from "../support/claims.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";

const SECRET = "integration-test-secret-0123456789";
const TOPICS = ["politics-government"];
const day = (d: number) => `2024-05-${String(d).padStart(2, "0")}T12:00:00.000Z`;
const LINE = "We will not raise taxes on working families this year or next";
const ARTICLES: [string, number, ClaimSpec[]][] = [
  ["a/one.txt", 1, [{ content: LINE, speaker: "Jane Doe" }, { content: "The library stays open on Sundays from now on", speaker: "Jane Doe" }]],
  ["b/two.txt", 3, [{ content: `${LINE}, and that is a promise`, speaker: "Jane Doe" }]],
  ["c/three.txt", 6, [{ content: LINE.toUpperCase(), speaker: "Jane Doe" }, { content: LINE, speaker: "John Roe" }]],
];
const built = ARTICLES.map(([key, d, specs]) => ({ key, d, claims: claimsFor(key, specs.map((s) => ({ ...s, publishedAt: day(d) }))).claims }));
const first = built[0]!.claims[0]!;
const once = built[0]!.claims[1]!;
const last = built[2]!.claims[0]!;

function event(rawPath: string, rawQueryString = ""): ApiEvent {
  return {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers: {},
    requestContext: { http: { method: "GET", path: rawPath }, stage: "$default", requestId: "it" },
    isBase64Encoded: false,
  } as unknown as ApiEvent;
}

describe("repeated claims in the read API", () => {
  let env: LocalServices;
  let api: ApiHandler;
  const get = async (path: string, query: Record<string, string> = {}) => {
    const res = await api(event(path, new URLSearchParams(query).toString()));
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const badRequest = async (path: string, query: Record<string, string>, param: string) => {
    const res = await get(path, query);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.message.startsWith(`${param}:`), res.body.message).toBe(true);
  };

  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    const tableName = await env.createTable("api-repeats");
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: TOPICS });
    for (const [i, a] of built.entries()) await store.replaceArticle({ key: a.key, sequencer: String(i + 1).padStart(12, "0") }, { publishedAt: day(a.d) }, a.claims);
    await env.settleAggregates(tableName);
    api = createApiHandler({ reader: store, tokenSecret: SECRET, allowedOrigins: [], topics: TOPICS, logger: { error: () => undefined } });
  }, SERVICE_START_MS);
  afterAll(() => env?.stop());

  it("a grouped claim carries groupId, firstSeen and seenCount, in every route that serves claims", async () => {
    expect((await get(`/claims/${last.id}`)).body).toMatchObject({ groupId: first.id, firstSeen: day(1), seenCount: 3 });
    const listed = (await get("/speakers/jane-doe/claims")).body.items as { id: string; seenCount?: number }[];
    expect(listed.map((c) => [c.id, c.seenCount])).toEqual([[last.id, 3], [built[1]!.claims[0]!.id, 3], [first.id, 3], [once.id, undefined]]);
    const topic = (await get("/topics/politics-government/claims")).body.items as { speakerId: string; seenCount?: number }[];
    expect(topic.filter((c) => c.seenCount === 3)).toHaveLength(3);
    const article = (await get(`/articles/${encodeURIComponent("c/three.txt")}/claims`)).body.items as { speakerId: string; groupId?: string }[];
    expect(article.map((c) => [c.speakerId, c.groupId])).toEqual([["jane-doe", first.id], ["john-roe", undefined]]);
  });

  it("GET /claims/{id}/related lists the group oldest first, a page at a time", async () => {
    const page = await get(`/claims/${last.id}/related`, { limit: "2" });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ groupId: first.id, firstSeen: day(1), seenCount: 3 });
    expect(page.body.items.map((c: { articleKey: string; publishedAt: string }) => [c.articleKey, c.publishedAt])).toEqual([["a/one.txt", day(1)], ["b/two.txt", day(3)]]);
    const rest = await get(`/claims/${last.id}/related`, { limit: "2", nextToken: page.body.nextToken });
    expect(rest.body.items.map((c: { content: string }) => c.content)).toEqual([LINE.toUpperCase()]);
    expect(rest.body.nextToken).toBeUndefined();
    // A token is bound to its claim.
    await badRequest(`/claims/${first.id}/related`, { nextToken: page.body.nextToken }, "nextToken");
  });

  it("a claim said once is a group of one; unknown claims are 404; bad parameters are 400 naming them", async () => {
    expect((await get(`/claims/${once.id}/related`)).body).toEqual({ firstSeen: day(1), seenCount: 1, items: [expect.objectContaining({ id: once.id, seenCount: 1 })] });
    expect((await get("/claims/AAAAAAAAAAAAAAAAAAAAAA/related")).status).toBe(404);
    await badRequest("/claims/not.a.claim/related", {}, "claimId");
    await badRequest(`/claims/${last.id}/related`, { limit: "0" }, "limit");
    await badRequest(`/claims/${last.id}/related`, { nextToken: "garbage" }, "nextToken");
    await badRequest(`/claims/${last.id}/related`, { topic: "politics-government" }, "topic");
    expect((await get(`/claims/${last.id}/related/x`)).status).toBe(404);
  });

  it("GET /speakers/{id} lists the speaker's most repeated statements", async () => {
    const jane = await get("/speakers/jane-doe");
    expect(jane.body.mostRepeated).toEqual([
      { groupId: first.id, seenCount: 3, firstSeen: day(1), lastSeen: day(6), claim: expect.objectContaining({ id: first.id, content: LINE, seenCount: 3 }) },
    ]);
    expect((await get("/speakers/john-roe")).body.mostRepeated).toEqual([]);
  });

  it("the OpenAPI document describes the route and the fields, and real responses hold what it requires", async () => {
    const doc = buildOpenApiDocument(TOPICS) as { paths: Record<string, { get: { operationId: string } }>; components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> } };
    expect(doc.paths["/claims/{claimId}/related"]!.get.operationId).toBe("listRelatedClaims");
    expect(Object.keys(doc.components.schemas.Claim!.properties)).toEqual(expect.arrayContaining(["groupId", "firstSeen", "seenCount"]));
    expect(doc.components.schemas.Speaker!.properties).toHaveProperty("mostRepeated");
    const related = (await get(`/claims/${last.id}/related`)).body;
    for (const p of doc.components.schemas.RelatedClaims!.required) expect(related).toHaveProperty(p);
    for (const r of (await get("/speakers/jane-doe")).body.mostRepeated) for (const p of doc.components.schemas.RepeatedStatement!.required) expect(r).toHaveProperty(p);
  });
});
