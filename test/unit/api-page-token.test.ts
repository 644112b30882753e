import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../lambdas/api/http.ts";
import { createPageTokens, tokenScope } from "../../lambdas/api/page-token.ts";

const tokens = createPageTokens("test-secret-0123456789");
const scope = tokenScope("listSpeakerClaims", { speakerId: "dmitry-peskov", topic: undefined });

function rejection(token: string, forScope = scope): string {
  try {
    tokens.verify(token, forScope);
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).statusCode).toBe(400);
    return (e as HttpError).message;
  }
  throw new Error("token was accepted");
}

describe("page tokens", () => {
  it("round-trips any cursor for the same query", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (cursor) => {
      const wellFormed = Buffer.from(cursor, "utf8").toString("utf8");
      expect(tokens.verify(tokens.sign(wellFormed, scope), scope)).toBe(wellFormed);
    }));
  });

  it("rejects a token issued for another query", () => {
    const token = tokens.sign('{"pk":"x"}', scope);
    expect(rejection(token, tokenScope("listSpeakerClaims", { speakerId: "other-speaker", topic: undefined }))).toMatch(/^nextToken: signature does not match/);
    expect(rejection(token, tokenScope("listSpeakerClaims", { speakerId: "dmitry-peskov", topic: "sport" }))).toMatch(/signature does not match/);
    expect(rejection(token, tokenScope("listTopicClaims", { speakerId: "dmitry-peskov", topic: undefined }))).toMatch(/signature does not match/);
  });

  it("rejects a token signed with another secret", () => {
    const foreign = createPageTokens("another-secret-0123456789").sign('{"pk":"x"}', scope);
    expect(rejection(foreign)).toMatch(/signature does not match/);
  });

  it("rejects every truncation and every single-character change", () => {
    const token = tokens.sign('{"pk":"SPEAKER#dmitry-peskov","sk":"2024"}', scope);
    for (let n = 0; n < token.length; n++) rejection(token.slice(0, n));
    const alphabet = "ABCabc019_-.";
    fc.assert(fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (i, ch) => {
      fc.pre(token[i] !== ch);
      rejection(token.slice(0, i) + ch + token.slice(i + 1));
    }), { numRuns: 500 });
    // The signature's last character carries spare bits: another spelling of the same bytes still fails.
    const last = token.at(-1)!;
    for (const ch of alphabet.replace(".", "")) if (ch !== last) rejection(token.slice(0, -1) + ch);
  });

  it("rejects garbage and oversized tokens with a reason", () => {
    expect(rejection("hello")).toMatch(/not a token issued by this API/);
    expect(rejection("v1.!!!.abc")).toMatch(/malformed or truncated/);
    expect(rejection(`v1.${"A".repeat(5000)}.x`)).toMatch(/too long/);
  });

  it("scope ignores parameter order", () => {
    expect(tokenScope("r", { a: "1", b: "2" })).toBe(tokenScope("r", { b: "2", a: "1" }));
  });

  it("refuses a short secret", () => {
    expect(() => createPageTokens("short")).toThrow(/at least 16/);
  });
});
