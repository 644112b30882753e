import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractClaims } from "../../lambdas/core/pipeline.ts";
import { CLAIM_KINDS, SPEAKER_TYPES } from "../../lambdas/core/model.ts";

// Fragments that exercise quotes, cues and names, mixed with arbitrary strings.
const fragment = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom('"', "“", "”", "«", "»", "'", "‘", "’", "''", "\n", "\n\n", ", ", ". ", ": ", " said ", " told reporters ", " according to ", "He ", "she said", "Mr. ", "Dmitry Peskov", "officials", " that ", "(", ")", "U. S. ", "a senior official"),
);
const article = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(""));

describe("extractClaims on any input", () => {
  it("never throws and returns claims whose offsets slice back to their fields", () => {
    fc.assert(
      fc.property(article, (text) => {
        const claims = extractClaims(text, { articleKey: "fuzz" });
        for (const c of claims) {
          expect(text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
          expect(text.slice(c.speakerStart, c.speakerEnd)).toBe(c.speakerMention);
          expect(text.slice(c.cueStart, c.cueEnd)).toBe(c.cue);
          expect(c.content.length).toBeGreaterThan(0);
          expect(c.confidence).toBeGreaterThanOrEqual(0);
          expect(c.confidence).toBeLessThanOrEqual(1);
          expect(CLAIM_KINDS).toContain(c.kind);
          expect(SPEAKER_TYPES).toContain(c.speakerType);
          expect(c.subjects.length).toBeLessThanOrEqual(5);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("extractClaims stays linear on adversarial input", () => {
  // Not a timing test: a quadratic pass over these would take minutes, a linear one milliseconds.
  it.each([
    ["10,000 quote marks", '"'.repeat(10_000)],
    ["alternating quotes and words", '"a" '.repeat(20_000)],
    ["a 1 MB line without punctuation", "word ".repeat(200_000)],
    ["a 1 MB run of one letter", "a".repeat(1_000_000)],
    ["many short attributed sentences", '"We will win," she said. '.repeat(5_000)],
  ])("%s", (_name, text) => {
    const claims = extractClaims(text, { articleKey: "big" });
    for (const c of claims.slice(0, 50)) expect(text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
  });
});
