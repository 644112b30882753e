import { describe, expect, it } from "vitest";
import { sameEtag } from "../../lambdas/api/article-text.ts";
import { buildArticleView } from "../../lambdas/api/article-view.ts";
import type { ArticleRecord, StoredClaim } from "../../lambdas/store/types.ts";

const TEXT = "\u201cRates will fall,\u201d Ana Ruiz said. \u201cNot this year,\u201d Ben Ode said.";
const record: ArticleRecord = { key: "a.txt", status: "processed", sequencer: "01", etag: "abc123", claimCount: 2, updatedAt: "2024-05-01T00:00:00.000Z" };

function claim(content: string): StoredClaim {
  const contentStart = TEXT.indexOf(content);
  return { id: content, content, contentStart, contentEnd: contentStart + content.length, speaker: "S", speakerId: "s" } as StoredClaim;
}

describe("buildArticleView", () => {
  const later = claim("Not this year");
  const first = claim("Rates will fall");

  it("puts claims in reading order and serves text that lines up with them", () => {
    const view = buildArticleView(record, [later, first], { found: true, text: TEXT, etag: '"abc123"' });
    expect(view.claims.map((c) => c.id)).toEqual(["Rates will fall", "Not this year"]);
    expect(view).toMatchObject({ text: TEXT, textMatchesClaims: true });
  });

  it.each([
    ["a different ETag", { found: true as const, text: TEXT, etag: '"fff"' }, [first]],
    ["offsets past the end of the text", { found: true as const, text: TEXT.slice(0, 20), etag: "abc123" }, [later]],
    ["a claim whose slice differs", { found: true as const, text: TEXT.replace("Rates", "Taxes"), etag: "abc123" }, [first]],
  ])("does not match with %s, but still serves the text", (_, text, claims) => {
    const view = buildArticleView(record, claims, text);
    expect(view.textMatchesClaims).toBe(false);
    expect(view.text).toBe(text.text);
  });

  it("accepts a stored content cut to bound its size when it is a prefix of the slice", () => {
    const cut = { ...first, content: "Rates will", contentLength: first.content.length };
    expect(buildArticleView(record, [cut], { found: true, text: TEXT, etag: "abc123" }).textMatchesClaims).toBe(true);
    expect(buildArticleView(record, [{ ...cut, content: "Taxes" }], { found: true, text: TEXT, etag: "abc123" }).textMatchesClaims).toBe(false);
  });

  it("says why the text is missing and never claims a match without it", () => {
    expect(buildArticleView(record, [first], { found: false, reason: "gone" })).toMatchObject({ textMatchesClaims: false, textUnavailable: "gone" });
    expect(buildArticleView(record, [first], undefined)).toMatchObject({ textMatchesClaims: false, textUnavailable: "not-configured" });
    expect(buildArticleView(record, [first], undefined)).not.toHaveProperty("text");
  });

  it("copies the record's failure details", () => {
    const failed: ArticleRecord = { ...record, status: "failed", claimCount: 0, errorReason: "binary", errorMessage: "not text" };
    expect(buildArticleView(failed, [], { found: false, reason: "undecodable" })).toMatchObject({ status: "failed", errorReason: "binary", errorMessage: "not text", claims: [] });
  });
});

describe("sameEtag", () => {
  it.each([
    ['"abc"', "abc", true],
    ["abc", '"abc"', true],
    ['W/"abc"', "abc", true],
    ['"abc"', '"abd"', false],
  ])("%s vs %s -> %s", (a, b, same) => expect(sameEtag(a, b)).toBe(same));
});
