import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANGE_WINDOWS, changeWindow, href, pageKey, parseHash, withFilters } from "../../dashboard/src/lib/routes.ts";

describe("dashboard hash routes", () => {
  it.each([
    ["", { view: "speakers", query: {} }],
    ["#/", { view: "speakers", query: {} }],
    ["#/speakers?q=pes&type=person", { view: "speakers", query: { q: "pes", type: "person" } }],
    ["#/speakers/dmitry-peskov?topic=health&from=2024-01-01", { view: "speaker", speakerId: "dmitry-peskov", query: { topic: "health", from: "2024-01-01" } }],
    ["#/topics", { view: "topics", query: {} }],
    ["#/topics/politics-government", { view: "topic", topic: "politics-government", query: {} }],
    ["#/articles/news%2F2024%2Fa%20b%2Bc.txt", { view: "article", articleKey: "news/2024/a b+c.txt", query: {} }],
    ["#/claims/abc_DEF-1", { view: "claim", claimId: "abc_DEF-1", query: {} }],
    ["#/claims/abc_DEF-1/related", { view: "related", claimId: "abc_DEF-1", query: {} }],
    ["#/speakers?q=", { view: "speakers", query: {} }],
    ["#/changes", { view: "changes", hours: 24, query: {} }],
    ["#/changes?hours=1", { view: "changes", hours: 1, query: { hours: "1" } }],
    ["#/changes?hours=168", { view: "changes", hours: 168, query: { hours: "168" } }],
    ["#/changes/", { view: "changes", hours: 24, query: {} }],
  ])("parses %s", (hash, expected) => {
    expect(parseHash(hash)).toEqual(expected);
  });

  it.each(["#/nowhere", "#/speakers/a/b", "#/articles/%E0%A4%A", "#/topics/x/claims/y", "#/claims/a/b", "#/claims/a/related/b", "#/changes/x"])("sends %s to not-found", (hash) => {
    expect(parseHash(hash).view).toBe("not-found");
  });

  it("round-trips any article key, speaker id and filter value through a URL", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (key, topic) => {
        const article = parseHash(href.article(key));
        expect(article).toMatchObject({ view: "article", articleKey: key });
        const speaker = parseHash(href.speaker(key, { topic }));
        expect(speaker).toMatchObject({ view: "speaker", speakerId: key });
        expect(speaker.query.topic).toBe(topic === "" ? undefined : topic);
      }),
    );
  });

  it("changes filters without touching the others, and drops emptied ones", () => {
    const route = parseHash("#/speakers/dmitry-peskov?topic=health&from=2024-01-01");
    expect(parseHash(withFilters(route, { to: "2024-02-01" })).query).toEqual({ topic: "health", from: "2024-01-01", to: "2024-02-01" });
    expect(parseHash(withFilters(route, { topic: undefined })).query).toEqual({ from: "2024-01-01" });
    expect(parseHash(withFilters(route, { topic: "" })).query).toEqual({ from: "2024-01-01" });
  });

  it("treats a filter change as the same page and a new id as a new one", () => {
    expect(pageKey(parseHash("#/speakers/a?topic=x"))).toBe(pageKey(parseHash("#/speakers/a")));
    expect(pageKey(parseHash("#/speakers/a"))).not.toBe(pageKey(parseHash("#/speakers/b")));
    expect(pageKey(parseHash("#/speakers?q=x"))).toBe(pageKey(parseHash("#/")));
  });

  describe("the changes page", () => {
    it.each(["5", "0", "24h", "-1", "1.0", " 1", "168 "])("reads hours=%j as the default window of 24 hours", (hours) => {
      expect(parseHash(`#/changes?hours=${encodeURIComponent(hours)}`)).toMatchObject({ view: "changes", hours: 24 });
      expect(changeWindow(hours)).toBe(24);
    });

    it("builds its links: the default window leaves the URL bare", () => {
      expect(href.changes()).toBe("#/changes");
      expect(href.changes(24)).toBe("#/changes");
      expect(href.changes(1)).toBe("#/changes?hours=1");
      expect(href.changes(168)).toBe("#/changes?hours=168");
    });

    it.each(CHANGE_WINDOWS)("round-trips the %i-hour window through its URL", (hours) => {
      expect(parseHash(href.changes(hours))).toMatchObject({ view: "changes", hours });
    });

    it("treats a change of window as a filter change on the same page", () => {
      const route = parseHash("#/changes");
      expect(withFilters(route, { hours: "1" })).toBe("#/changes?hours=1");
      expect(withFilters(parseHash("#/changes?hours=1"), { hours: undefined })).toBe("#/changes");
      expect(pageKey(parseHash("#/changes?hours=168"))).toBe(pageKey(route));
      expect(pageKey(route)).not.toBe(pageKey(parseHash("#/speakers")));
    });
  });
});
