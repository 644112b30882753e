import { describe, expect, it, vi } from "vitest";
import { createApiHandler, type ApiOptions } from "../../lambdas/api/app.ts";
import { apiCacheOptions, readApiCacheSeconds } from "../../lambdas/api/config.ts";
import { jsonResult, type ApiEvent, type ApiResult } from "../../lambdas/api/http.ts";
import { createResponseCache } from "../../lambdas/api/response-cache.ts";
import type { ClaimReader, SpeakerSummary } from "../../lambdas/store/types.ts";

/** A clock the test moves by hand; lru-cache treats a start time of 0 as "no TTL", so it starts later. */
function manualClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

/** Lets a background refresh that was just released finish writing its entry. */
const settle = () => new Promise((r) => setImmediate(r));

const ok = (body: unknown) => jsonResult(200, body, "no-cache");

describe("response cache", () => {
  const TTL = 2_000;

  it("serves a repeat within the TTL from memory, with x-cache and age", async () => {
    const clock = manualClock();
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 1 << 20, now: clock.now });
    const load = vi.fn(async () => ok({ n: 1 }));
    const first = await cache.serve("k", load);
    clock.advance(1_500);
    const second = await cache.serve("k", load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(first.headers).toMatchObject({ "x-cache": "miss", age: "0" });
    expect(second.headers).toMatchObject({ "x-cache": "hit", age: "1" });
    expect(second.body).toBe(first.body);
  });

  it("after the TTL serves the old response at once while one refresh runs, then the new one", async () => {
    const clock = manualClock();
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 1 << 20, now: clock.now });
    await cache.serve("k", async () => ok({ v: "old" }));
    clock.advance(TTL + 10);
    const refresh = deferred<ApiResult>();
    const load = vi.fn(() => refresh.promise);
    const [a, b] = await Promise.all([cache.serve("k", load), cache.serve("k", load)]);
    expect(load).toHaveBeenCalledTimes(1);
    for (const r of [a, b]) {
      expect(JSON.parse(r.body!)).toEqual({ v: "old" });
      expect(r.headers["x-cache"]).toBe("stale");
    }
    refresh.resolve(ok({ v: "new" }));
    await settle();
    const after = await cache.serve("k", load);
    expect(JSON.parse(after.body!)).toEqual({ v: "new" });
    expect(after.headers["x-cache"]).toBe("hit");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("never serves a response older than TTL + stale window: it waits for a fresh read", async () => {
    const clock = manualClock();
    const cache = createResponseCache({ ttlMs: TTL, staleMs: 1_000, maxBytes: 1 << 20, now: clock.now });
    await cache.serve("k", async () => ok({ v: "old" }));
    clock.advance(TTL + 1_001);
    const res = await cache.serve("k", async () => ok({ v: "new" }));
    expect(JSON.parse(res.body!)).toEqual({ v: "new" });
    expect(res.headers["x-cache"]).toBe("miss");
  });

  it("concurrent identical requests share one read; different keys do not", async () => {
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 1 << 20, now: manualClock().now });
    const pending = deferred<ApiResult>();
    const load = vi.fn(() => pending.promise);
    const other = vi.fn(async () => ok({ other: true }));
    const waiting = Array.from({ length: 5 }, () => cache.serve("k", load));
    const otherResult = await cache.serve("k2", other);
    pending.resolve(ok({ shared: true }));
    const results = await Promise.all(waiting);
    expect(load).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);
    expect(results.map((r) => JSON.parse(r.body!))).toEqual(Array(5).fill({ shared: true }));
    expect(JSON.parse(otherResult.body!)).toEqual({ other: true });
  });

  it("a non-200 answer or a thrown error reaches every waiting caller and is not kept", async () => {
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 1 << 20, now: manualClock().now });
    const notFound = vi.fn(async () => jsonResult(404, { error: "NotFound" }, "no-store"));
    expect((await cache.serve("a", notFound)).statusCode).toBe(404);
    expect((await cache.serve("a", notFound)).statusCode).toBe(404);
    expect(notFound).toHaveBeenCalledTimes(2);

    const failing = deferred<ApiResult>();
    const failingLoad = vi.fn(() => failing.promise);
    const both = Promise.allSettled([cache.serve("b", failingLoad), cache.serve("b", failingLoad)]);
    failing.reject(new Error("store down"));
    expect((await both).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(failingLoad).toHaveBeenCalledTimes(1);
    const recovered = vi.fn(async () => ok({ back: true }));
    expect((await cache.serve("b", recovered)).statusCode).toBe(200);
    expect(recovered).toHaveBeenCalledTimes(1);
  });

  it("a failed background refresh is reported and drops the entry, so the next request reads again", async () => {
    const clock = manualClock();
    const onRefreshError = vi.fn();
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 1 << 20, now: clock.now, onRefreshError });
    await cache.serve("k", async () => ok({ v: "old" }));
    clock.advance(TTL + 1);
    const stale = await cache.serve("k", async () => {
      throw new Error("store down");
    });
    expect(stale.headers["x-cache"]).toBe("stale");
    await settle();
    expect(onRefreshError).toHaveBeenCalledWith(expect.objectContaining({ message: "store down" }));
    const next = await cache.serve("k", async () => ok({ v: "new" }));
    expect(next.headers["x-cache"]).toBe("miss");
    expect(JSON.parse(next.body!)).toEqual({ v: "new" });
  });

  it("keeps cached bodies under maxBytes by evicting the least recently used", async () => {
    const cache = createResponseCache({ ttlMs: TTL, maxBytes: 10_000, now: manualClock().now });
    const big = (name: string) => vi.fn(async () => ok({ name, pad: "x".repeat(4_000) }));
    const loads = { a: big("a"), b: big("b"), c: big("c") };
    await cache.serve("a", loads.a);
    await cache.serve("b", loads.b);
    await cache.serve("c", loads.c); // three of ~4.5 KB do not fit in 10 KB: "a" goes
    await cache.serve("c", loads.c);
    await cache.serve("a", loads.a);
    expect(loads.c).toHaveBeenCalledTimes(1);
    expect(loads.a).toHaveBeenCalledTimes(2);
  });

  it("lets shared caches keep a list for the TTL, keeps a route's own longer max-age, and never mutates its entry", async () => {
    const cache = createResponseCache({ ttlMs: 5_000, maxBytes: 1 << 20, now: manualClock().now });
    const list = await cache.serve("list", async () => ok({ items: [] }));
    expect(list.headers["cache-control"]).toBe("public, max-age=0, s-maxage=5");
    const claim = await cache.serve("claim", async () => jsonResult(200, { id: "c" }, "public, max-age=60"));
    expect(claim.headers["cache-control"]).toBe("public, max-age=60");
    list.headers["access-control-allow-origin"] = "https://a.example";
    expect((await cache.serve("list", async () => ok({}))).headers["access-control-allow-origin"]).toBeUndefined();
  });
});

const speaker = (id: string, claimCount = 1): SpeakerSummary => ({ speakerId: id, speaker: id, speakerType: "person", speakerScope: "global", claimCount, topics: {}, aliases: [], roles: [], affiliations: [] });

/** A reader over a mutable list of speakers that counts every call. */
function countingReader() {
  const speakers = new Map<string, SpeakerSummary>([["jane-doe", speaker("jane-doe")]]);
  let failNext = false;
  const calls = { listSpeakers: 0, getSpeaker: 0 };
  const reader: ClaimReader = {
    async listSpeakers(q) {
      calls.listSpeakers++;
      if (failNext) {
        failNext = false;
        throw new Error("ProvisionedThroughputExceededException");
      }
      return { items: [...speakers.values()].filter((s) => !q.q || s.speakerId.includes(q.q)).slice(0, q.limit) };
    },
    async getSpeaker(id) {
      calls.getSpeaker++;
      return speakers.get(id);
    },
    getArticle: async () => undefined,
    listArticleClaims: async () => [],
    getClaim: async () => undefined,
    listSpeakerClaims: async () => ({ items: [] }),
    listTopics: async () => [],
    listTopicClaims: async () => ({ items: [] }),
    listRelatedClaims: async () => undefined,
    listRepeatedClaims: async () => [],
    readFeed: async () => ({ items: [], cursor: "start", caughtUp: true }),
  };
  return { reader, speakers, calls, failOnce: () => void (failNext = true) };
}

function get(rawPath: string, rawQueryString = "", headers: Record<string, string> = {}): ApiEvent {
  return {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString, headers,
    requestContext: { http: { method: "GET", path: rawPath }, stage: "$default", requestId: "req-1" },
  } as unknown as ApiEvent;
}

describe("read API with the response cache", () => {
  const ORIGINS = ["https://a.example", "https://b.example"];
  function setup(cache: ApiOptions["cache"] | "none" = undefined) {
    const clock = manualClock();
    const store = countingReader();
    const logger = { error: vi.fn() };
    const api = createApiHandler({
      reader: store.reader, tokenSecret: "0123456789abcdef", allowedOrigins: ORIGINS, topics: ["sport"], logger,
      ...(cache !== "none" && { cache: cache ?? { ttlMs: 2_000, maxBytes: 1 << 20, now: clock.now } }),
    });
    return { api, clock, logger, ...store };
  }

  it("repeats within the TTL do not touch the reader; after it, the change shows", async () => {
    const { api, clock, calls, speakers } = setup();
    const first = await api(get("/speakers"));
    const again = await api(get("/speakers"));
    expect(calls.listSpeakers).toBe(1);
    expect(again.body).toBe(first.body);
    expect(again.headers["x-cache"]).toBe("hit");

    speakers.set("john-roe", speaker("john-roe"));
    clock.advance(2_001);
    expect((await api(get("/speakers"))).headers["x-cache"]).toBe("stale");
    await settle();
    const fresh = await api(get("/speakers"));
    expect(JSON.parse(fresh.body!).items.map((s: SpeakerSummary) => s.speakerId)).toEqual(["jane-doe", "john-roe"]);
    expect(calls.listSpeakers).toBe(2);
  });

  it("different queries are different entries; the same query spelled differently is one", async () => {
    const { api, calls } = setup();
    await api(get("/speakers", "limit=5&q=jane"));
    await api(get("/speakers", "q=jane&limit=5"));
    await api(get("/speakers", "q=jane&limit=5&type="));
    expect(calls.listSpeakers).toBe(1);
    await api(get("/speakers", "q=jane&limit=6"));
    await api(get("/speakers", "q=john&limit=5"));
    expect(calls.listSpeakers).toBe(3);
  });

  it("a bad parameter is a 400 every time, without reading and without being cacheable", async () => {
    const { api, calls } = setup();
    for (let i = 0; i < 2; i++) {
      const res = await api(get("/speakers", "limit=0"));
      expect(res.statusCode).toBe(400);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["x-cache"]).toBeUndefined();
    }
    expect(calls.listSpeakers).toBe(0);
  });

  it("a 404 is not cached: a speaker that appears is served on the next request", async () => {
    const { api, calls, speakers } = setup();
    const missing = await api(get("/speakers/john-roe"));
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["cache-control"]).toBe("no-store");
    speakers.set("john-roe", speaker("john-roe"));
    expect((await api(get("/speakers/john-roe"))).statusCode).toBe(200);
    expect(calls.getSpeaker).toBe(2);
  });

  it("a 500 is not cached: the next request reads again and succeeds", async () => {
    const { api, calls, failOnce, logger } = setup();
    failOnce();
    const failed = await api(get("/speakers"));
    expect(failed.statusCode).toBe(500);
    expect(failed.headers["cache-control"]).toBe("no-store");
    expect(logger.error).toHaveBeenCalledWith("request failed", expect.anything());
    expect((await api(get("/speakers"))).statusCode).toBe(200);
    expect(calls.listSpeakers).toBe(2);
  });

  it("logs a failed background refresh once as such, and a failed read someone waited for as that request's failure", async () => {
    const { api, clock, failOnce, logger } = setup();
    await api(get("/speakers"));
    clock.advance(2_001);
    failOnce();
    expect((await api(get("/speakers"))).headers["x-cache"]).toBe("stale");
    await settle();
    expect(logger.error.mock.calls.map(([message]) => message)).toEqual(["background refresh failed"]);

    await api(get("/speakers"));
    clock.advance(4_001); // past TTL + stale window: the caller waits for the read
    failOnce();
    expect((await api(get("/speakers"))).statusCode).toBe(500);
    expect(logger.error.mock.calls.map(([message]) => message)).toEqual(["background refresh failed", "request failed"]);
  });

  it("CORS headers follow each request's Origin, also on a hit", async () => {
    const { api, calls } = setup();
    const a = await api(get("/speakers", "", { origin: "https://a.example" }));
    const b = await api(get("/speakers", "", { Origin: "https://b.example" }));
    const evil = await api(get("/speakers", "", { origin: "https://evil.example" }));
    const none = await api(get("/speakers"));
    expect(calls.listSpeakers).toBe(1);
    expect([a, b, evil, none].map((r) => r.headers["x-cache"])).toEqual(["miss", "hit", "hit", "hit"]);
    expect(a.headers["access-control-allow-origin"]).toBe("https://a.example");
    expect(b.headers["access-control-allow-origin"]).toBe("https://b.example");
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    expect(none.headers["access-control-allow-origin"]).toBeUndefined();
    for (const r of [a, b, evil, none]) expect(r.headers.vary).toBe("Origin");
  });

  it("concurrent identical requests read the store once", async () => {
    const { api, calls } = setup();
    const results = await Promise.all(Array.from({ length: 10 }, () => api(get("/speakers/jane-doe"))));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(calls.getSpeaker).toBe(1);
  });

  it("sends Cache-Control for the TTL on cached lists; without the option every request reads", async () => {
    const cached = setup({ ttlMs: 5_000, maxBytes: 1 << 20 });
    expect((await cached.api(get("/speakers"))).headers["cache-control"]).toBe("public, max-age=0, s-maxage=5");
    const uncached = setup("none");
    const res = await uncached.api(get("/speakers"));
    await uncached.api(get("/speakers"));
    expect(uncached.calls.listSpeakers).toBe(2);
    expect(res.headers["x-cache"]).toBeUndefined();
    expect(res.headers["cache-control"]).toBe("no-cache");
  });
});

describe("CLAIMS_API_CACHE_SECONDS", () => {
  it("defaults to 5 s, takes the caller's fallback, and 0 turns the cache off", () => {
    expect(readApiCacheSeconds({})).toBe(5);
    expect(readApiCacheSeconds({}, 2)).toBe(2);
    expect(apiCacheOptions(readApiCacheSeconds({ CLAIMS_API_CACHE_SECONDS: "1.5" }))).toMatchObject({ ttlMs: 1_500 });
    expect(apiCacheOptions(readApiCacheSeconds({ CLAIMS_API_CACHE_SECONDS: "0" }))).toBeUndefined();
  });

  it("rejects what is not a number of seconds, by name", () => {
    for (const bad of ["-1", "five", "301"]) expect(() => readApiCacheSeconds({ CLAIMS_API_CACHE_SECONDS: bad })).toThrow(/CLAIMS_API_CACHE_SECONDS/);
  });
});
