import { describe, expect, it, vi } from "vitest";
import { createApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import type { ClaimReader } from "../../lambdas/store/types.ts";
import { isStoreUnavailable } from "../../lambdas/api/unavailable.ts";

/** A reader whose every call fails the way a DynamoDB outage would. */
function failingReader(): ClaimReader {
  const fail = async () => {
    throw Object.assign(new Error("ProvisionedThroughputExceededException: table claims-prod-xyz in us-east-1"), { name: "ProvisionedThroughputExceededException" });
  };
  return { getArticle: fail, listArticleClaims: fail, getClaim: fail, listSpeakers: fail, getSpeaker: fail, listSpeakerClaims: fail, listTopics: fail, listTopicClaims: fail, listRelatedClaims: fail, listRepeatedClaims: fail, readFeed: fail };
}

function event(method: string, rawPath: string, rawQueryString = "", headers: Record<string, string> = {}): ApiEvent {
  return {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers,
    requestContext: { http: { method, path: rawPath }, stage: "$default", requestId: "req-123" },
  } as unknown as ApiEvent;
}

describe("API fault paths", () => {
  const logger = { error: vi.fn() };
  const api = createApiHandler({ reader: failingReader(), tokenSecret: "0123456789abcdef", allowedOrigins: ["https://dash.example"], topics: ["sport"], logger });

  it("a throttled store is a 503 with Retry-After that says nothing internal, and is logged", async () => {
    const res = await api(event("GET", "/speakers"));
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(JSON.parse(res.body!)).toEqual({ error: "ServiceUnavailable", message: "the claims store is not answering; retry after 5 seconds" });
    expect(res.body).not.toMatch(/Provisioned|claims-prod|us-east-1/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(logger.error).toHaveBeenCalledWith("store unavailable", expect.objectContaining({ requestId: "req-123" }));
  });

  it("any other store failure is a 500 that names the request id and nothing internal, and is logged", async () => {
    const broken = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'claims-prod-xyz')");
    };
    const reader = { ...failingReader(), listTopics: broken };
    const res = await createApiHandler({ reader, tokenSecret: "0123456789abcdef", allowedOrigins: [], topics: ["sport"], logger })(event("GET", "/topics"));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ error: "InternalError", message: "the request could not be completed (request id req-123)" });
    expect(res.headers["retry-after"]).toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith("request failed", expect.objectContaining({ requestId: "req-123" }));
  });

  it("a store that does not answer at all is a 503 once the request's deadline passes", async () => {
    const never = () => new Promise<never>(() => undefined);
    const reader = { ...failingReader(), getSpeaker: never };
    const slow = createApiHandler({ reader, tokenSecret: "0123456789abcdef", allowedOrigins: [], topics: ["sport"], logger, deadlineMs: 20 });
    const res = await slow(event("GET", "/speakers/ellen-park"));
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
  });

  it("a network failure or a 5xx from the store is unavailable; a validation error is not", () => {
    expect(isStoreUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("boom"), { name: "InternalServerError", $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("socket hang up"), { name: "TimeoutError" }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("bad key"), { name: "ValidationException", $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isStoreUnavailable("not an error")).toBe(false);
  });

  it("HEAD answers as GET does, with the length of the body it leaves out", async () => {
    const get = await api(event("GET", "/openapi.json"));
    const head = await api(event("HEAD", "/openapi.json"));
    expect(head.statusCode).toBe(200);
    expect(head.body).toBeUndefined();
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(get.body!)));
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect((await api(event("HEAD", "/nowhere"))).statusCode).toBe(404);
  });

  it("validation runs before the store is touched, so bad input is a 400 even when the store is down", async () => {
    const res = await api(event("GET", "/speakers", "limit=0"));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).message).toMatch(/^limit:/);
  });

  it("non-GET on a known route is a 405 with Allow; an unknown route is a 404", async () => {
    const post = await api(event("POST", "/speakers"));
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD, OPTIONS");
    expect((await api(event("DELETE", "/nowhere"))).statusCode).toBe(404);
    expect((await api(event("GET", "/nowhere"))).statusCode).toBe(404);
  });

  it("answers preflights for allowed origins only", async () => {
    const ok = await api(event("OPTIONS", "/speakers", "", { origin: "https://dash.example", "access-control-request-method": "GET" }));
    expect(ok.statusCode).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://dash.example");
    expect(ok.headers["access-control-allow-methods"]).toBe("GET, OPTIONS");
    const denied = await api(event("OPTIONS", "/speakers", "", { Origin: "https://evil.example" }));
    expect(denied.statusCode).toBe(403);
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("serves the OpenAPI document without touching the store", async () => {
    const res = await api(event("GET", "/openapi.json"));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).openapi).toBe("3.1.0");
  });
});
