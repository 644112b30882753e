import { describe, expect, it } from "vitest";
import { claimSignature, decodeSketch, encodeSketch, isRepeatable, overlap, sameStatement, signatureOf, sketchOf, statementWords } from "../../lambdas/core/signature/index.ts";

const sig = (content: string, speakerId = "donald-trump") => signatureOf(speakerId, content)!;

describe("statementWords", () => {
  it.each([
    ["“That makes me smart,”", ["that", "makes", "me", "smart"]],
    ["''That makes me smart''", ["that", "makes", "me", "smart"]],
    ["It’s 250,000 Syrians", ["its", "250000", "syrians"]],
    ["what the [censored] is going on", ["what", "the", "is", "going", "on"]],
    ["Café SOCIÉTÉ", ["cafe", "societe"]],
  ])("%s", (text, words) => expect(statementWords(text)).toEqual(words));
});

describe("sameStatement", () => {
  const base = "I did not email any classified material to anyone on my email. There is no classified material.";
  it.each([
    ["case, punctuation and quote marks", base, `“${base.toUpperCase().replace(/\./g, "")}”`, true],
    ["a word changed", base, base.replace("anyone", "anybody"), true],
    ["cut short", base, "I did not email any classified material to anyone on my email.", true],
    ["cut at the start", "We are going to build a wall and Mexico is going to pay for the wall", "Mexico is going to pay for the wall", true],
    ["another statement on the same matter", base, "There was nothing marked classified on my emails, either sent or received.", false],
    ["a stock phrase inside a long quote", "Our plan cuts taxes for every family in Ohio, brings the factories back, and yes, we will make America great again before the next winter comes", "we will make America great again", false],
  ])("%s", (_why, a, b, same) => {
    expect(sameStatement(sig(a), sig(b))).toBe(same);
    expect(sameStatement(sig(b), sig(a))).toBe(same);
  });

  it("never joins two speakers", () => {
    expect(sameStatement(sig(base, "hillary-clinton"), sig(base, "bill-clinton"))).toBe(false);
  });

  it("files a near-duplicate under a key its later version probes", () => {
    const a = sig(base);
    const b = sig(`“${base.toLowerCase()}”`);
    expect(b.probes).toContain(a.key);
  });
});

describe("claimSignature", () => {
  const claim = { speakerId: "ellen-park", speakerScope: "global" as const, speakerType: "person" as const, content: "The budget will be balanced by the end of next year." };
  it("signs named speakers' statements only", () => {
    expect(claimSignature(claim)).toBeDefined();
    expect(claimSignature({ ...claim, content: "a request for comment" })).toBeUndefined();
    expect(isRepeatable({ ...claim, speakerType: "anonymous" })).toBe(false);
    expect(isRepeatable({ ...claim, speakerScope: "article", speakerId: "a-spokesman--0a1b2c3d" })).toBe(false);
  });
});

describe("sketch", () => {
  it("is exact for short claims and round-trips through bytes", () => {
    const s = sketchOf("one two three four five six");
    expect(s.size).toBe(5);
    expect(decodeSketch(encodeSketch(s))).toEqual(s);
    expect(overlap(s, s)).toEqual({ jaccard: 1, containment: 1 });
  });

  it("estimates long claims from a bounded sample", () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const a = sketchOf(words.join(" "));
    const b = sketchOf(words.slice(0, 150).join(" "));
    expect(a.values).toHaveLength(32);
    const o = overlap(a, b);
    expect(o.jaccard).toBeGreaterThan(0.5);
    expect(o.containment).toBeGreaterThan(0.8);
    expect(decodeSketch(new Uint8Array(3))).toBeUndefined();
  });
});
