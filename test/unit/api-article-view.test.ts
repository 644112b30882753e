import { describe, expect, it } from "vitest";
import { sameEtag } from "../../lambdas/api/article-text.ts";
import { buildArticleView, MAX_RESPONSE_BYTES } from "../../lambdas/api/article-view.ts";
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

describe("article text pages", () => {
  /** What Lambda counts: the response JSON, where the body is a string escaped once more. */
  const lambdaPayloadBytes = (view: unknown) => Buffer.byteLength(JSON.stringify({ statusCode: 200, headers: {}, body: JSON.stringify(view) }));
  // 5 MB of text heavy in what JSON escapes twice: quotes and line breaks.
  const huge = `\u201cRates will fall,\u201d Ana Ruiz said. "Quoted" \\ and\n`.repeat(110_000);

  it("serves a 5 MB article in pages that each stay below Lambda's 6 MB and together make the whole text", () => {
    expect(huge.length).toBeGreaterThan(5_000_000);
    const claims = [claim("Rates will fall")];
    const pages: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const view = buildArticleView(record, claims, { found: true, text: huge, etag: "abc123" }, { offset, limit: 1_000_000 });
      expect(lambdaPayloadBytes(view)).toBeLessThan(6 * 1024 * 1024);
      expect(lambdaPayloadBytes(view)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 64 * 1024);
      expect(view.textOffset).toBe(offset);
      expect(view.textLength).toBe(huge.length);
      expect(view.textMatchesClaims).toBe(true);
      pages.push(view.text!);
      expect(view.nextTextOffset === undefined || view.nextTextOffset > offset).toBe(true);
      offset = view.nextTextOffset;
    }
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.join("")).toBe(huge);
  });

  it("cuts to what fits even when the window asks for more, never inside a surrogate pair", () => {
    const emoji = "🙂".repeat(3_000_000);
    const view = buildArticleView(record, [], { found: true, text: emoji }, { offset: 1, limit: 1_000_000 });
    // Offset 1 starts inside a pair: served as it is asked; the end is never left half a pair.
    expect(view.text!.length % 2).toBe(1);
    expect(view.nextTextOffset! % 2).toBe(0);
    const small = buildArticleView(record, [], { found: true, text: TEXT }, { offset: 5, limit: 10 });
    expect(small).toMatchObject({ text: TEXT.slice(5, 15), textOffset: 5, textLength: TEXT.length, nextTextOffset: 15 });
    expect(buildArticleView(record, [], { found: true, text: TEXT }, { offset: 999, limit: 10 })).toMatchObject({ text: "", textOffset: TEXT.length });
  });

  it("leaves claims out, and says how many, only when they alone would fill the response", () => {
    const long = Array.from({ length: 2_500 }, (_, i) => ({ ...claim("Rates will fall"), id: `c${i}`, context: "x".repeat(4_000) }));
    const view = buildArticleView(record, long, { found: true, text: TEXT });
    expect(view.claimsOmitted).toBeGreaterThan(0);
    expect(view.claims.length + view.claimsOmitted!).toBe(2_500);
    expect(view.text).toBe(TEXT);
    expect(lambdaPayloadBytes(view)).toBeLessThan(6 * 1024 * 1024);
    expect(buildArticleView(record, [first()], { found: true, text: TEXT })).not.toHaveProperty("claimsOmitted");
  });
});

const first = () => claim("Rates will fall");

describe("sameEtag", () => {
  it.each([
    ['"abc"', "abc", true],
    ["abc", '"abc"', true],
    ['W/"abc"', "abc", true],
    ['"abc"', '"abd"', false],
  ])("%s vs %s -> %s", (a, b, same) => expect(sameEtag(a, b)).toBe(same));
});
