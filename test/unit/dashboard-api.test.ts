import { describe, expect, it, vi } from "vitest";
import { ApiClient, ApiError, asArticle, asChangePage } from "../../dashboard/src/lib/api.ts";
import { ConfigError, loadConfig } from "../../dashboard/src/lib/config.ts";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("dashboard API client", () => {
  it("encodes path segments and drops empty parameters", async () => {
    const fetch = vi.fn(async (_url: string) => json(200, { items: [], nextToken: "t2" }));
    const api = new ApiClient("http://h/api/", fetch);
    const page = await api.listSpeakerClaims("a/b c", { topic: "health", from: "", to: undefined, limit: 20, nextToken: "t+1" });
    expect(fetch.mock.calls[0]![0]).toBe("http://h/api/speakers/a%2Fb%20c/claims?topic=health&limit=20&nextToken=t%2B1");
    expect(page).toEqual({ items: [], nextToken: "t2" });
    // A list answer is not an article.
    await expect(api.getArticle("news/2024/x y+z.txt")).rejects.toMatchObject({ code: "bad-response" });
    expect(fetch.mock.calls[1]![0]).toBe("http://h/api/articles/news%2F2024%2Fx%20y%2Bz.txt");
  });

  it("surfaces the API's own error message and status", async () => {
    const api = new ApiClient("http://h/api", async () => json(400, { error: "bad-request", message: "limit: must be an integer from 1 to 100" }));
    const err = await api.listSpeakers({ limit: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "bad-request", message: "limit: must be an integer from 1 to 100" });
  });

  it("says the API is unreachable when fetch itself fails", async () => {
    const api = new ApiClient("http://h/api", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(api.listTopics()).rejects.toMatchObject({ status: 0, code: "network", message: expect.stringContaining("http://h/api") });
  });

  it("rejects answers that are not JSON or lack items, rather than rendering nonsense", async () => {
    const html = new ApiClient("http://h/api", async () => new Response("<html>gateway</html>", { status: 502 }));
    await expect(html.listTopics()).rejects.toMatchObject({ status: 502, message: "The API answered 502." });
    const shapeless = new ApiClient("http://h/api", async () => json(200, { speakers: [] }));
    await expect(shapeless.listSpeakers({})).rejects.toMatchObject({ code: "bad-response" });
    const notJson = new ApiClient("http://h/api", async () => new Response("ok", { status: 200 }));
    await expect(notJson.getClaim("x")).rejects.toMatchObject({ code: "bad-response" });
  });

  it("asks the change feed from a time or from a position, and reads its page", async () => {
    const page = { items: [{ op: "upsert", claimId: "c1", changedAt: "2025-03-04T09:30:05.000Z", claim: { id: "c1", content: "x" } }, { op: "delete", claimId: "c0", changedAt: "2025-03-04T09:30:06.000Z" }], nextSince: "p+1", caughtUp: false };
    const fetch = vi.fn(async (_url: string) => json(200, page));
    const api = new ApiClient("http://h/api", fetch);
    expect(await api.listChanges({ from: "2025-03-03T09:30:00.000Z", limit: 25 })).toEqual(page);
    expect(fetch.mock.calls[0]![0]).toBe("http://h/api/claims?from=2025-03-03T09%3A30%3A00.000Z&limit=25");
    await api.listChanges({ since: "p+1", limit: 25 });
    expect(fetch.mock.calls[1]![0]).toBe("http://h/api/claims?since=p%2B1&limit=25");
  });

  it("refuses a change feed page without its position or with malformed changes, and skips operations it does not know", () => {
    const ok = { items: [], nextSince: "p", caughtUp: true };
    expect(asChangePage(ok)).toEqual(ok);
    for (const bad of [
      { items: [], caughtUp: true },
      { items: [], nextSince: "", caughtUp: true },
      { items: [], nextSince: "p", caughtUp: "yes" },
      { nextSince: "p", caughtUp: true },
      { ...ok, items: [{ op: "delete", changedAt: "t" }] },
      { ...ok, items: [{ op: "delete", claimId: "c" }] },
      { ...ok, items: [{ op: "upsert", claimId: "c", changedAt: "t" }] },
      { ...ok, items: [{ op: "upsert", claimId: "c", changedAt: "t", claim: { id: "other" } }] },
      { ...ok, items: ["c"] },
    ]) {
      expect(() => asChangePage(bad), JSON.stringify(bad)).toThrow(ApiError);
    }
    expect(asChangePage({ ...ok, items: [{ op: "merge", claimId: "c", changedAt: "t" }, { op: "delete", claimId: "d", changedAt: "t", extra: 1 }] }).items).toEqual([{ op: "delete", claimId: "d", changedAt: "t" }]);
  });

  it("reads the article endpoint's record, claims and text, and trusts the text only when the API says it matches", () => {
    const claims = [{ id: "c1" }];
    const bare = asArticle("k", { key: "k", status: "failed", claimCount: 0, errorReason: "binary", errorMessage: "not text", textMatchesClaims: false, textUnavailable: "undecodable", claims: [] });
    expect(bare).toEqual({
      articleKey: "k",
      article: { key: "k", status: "failed", claimCount: 0, errorReason: "binary", errorMessage: "not text" },
      textMatchesClaims: false,
      textUnavailable: "undecodable",
      claims: [],
    });
    const matching = asArticle("k", { key: "k", status: "processed", title: "T", claimCount: 1, text: "Full text", textMatchesClaims: true, claims });
    expect(matching).toMatchObject({ text: "Full text", textMatchesClaims: true, article: { title: "T", status: "processed" }, claims });
    expect(asArticle("k", { key: "k", status: "processed", text: "Newer text", textMatchesClaims: false, claims })).toMatchObject({ text: "Newer text", textMatchesClaims: false });
    // A match claimed without any text is not a match.
    expect(asArticle("k", { key: "k", status: "processed", textMatchesClaims: true, claims }).textMatchesClaims).toBe(false);
    expect(() => asArticle("k", { key: "k", status: "processed" })).toThrow(ApiError);
    expect(() => asArticle("k", { key: "k", status: "weird", claims })).toThrow(ApiError);
  });
});

describe("dashboard config.json", () => {
  it("resolves a relative apiBaseUrl against config.json's own location", async () => {
    const fetch = vi.fn(async () => json(200, { apiBaseUrl: "/api" }));
    const config = await loadConfig("https://d1.example.net/dash/index.html#/speakers", fetch as unknown as typeof globalThis.fetch);
    expect(fetch.mock.calls[0]).toEqual(["https://d1.example.net/dash/config.json", { cache: "no-store" }]);
    expect(config.apiBaseUrl).toBe("https://d1.example.net/api");
  });

  it("keeps an absolute apiBaseUrl (the deployed case)", async () => {
    const config = await loadConfig("https://d1.example.net/", (async () => json(200, { apiBaseUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/" })) as typeof fetch);
    expect(config.apiBaseUrl).toBe("https://abc.execute-api.eu-west-1.amazonaws.com/");
  });

  it.each([
    ["missing file", async () => new Response("nope", { status: 404 }), /HTTP 404/],
    ["no apiBaseUrl", async () => json(200, {}), /no "apiBaseUrl"/],
    ["not JSON", async () => new Response("<html>", { status: 200 }), /no "apiBaseUrl"/],
    ["network failure", async () => Promise.reject(new TypeError("offline")), /Could not load/],
  ])("fails clearly on %s", async (_name, fetchImpl, message) => {
    const err = await loadConfig("http://127.0.0.1:3000/", fetchImpl as typeof fetch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
  });
});
