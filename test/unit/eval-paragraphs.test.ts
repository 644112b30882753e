import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractClaims } from "../../lambdas/core/pipeline.ts";
import { CLAIM_KINDS } from "../../lambdas/core/model.ts";
import { score, type GoldArticle } from "../../lambdas/eval/score.ts";

/**
 * The floors the extractor must reach on the hand-written paragraphs (test/fixtures/paragraphs.jsonl,
 * annotated by ../shared/eval/bbc/GUIDE.md). One place to tune them; docs/evaluation.md gives the
 * current figures (`npm run eval -- test/fixtures/paragraphs.jsonl`).
 */
export const PARAGRAPH_FLOORS = { claimsF1: 0.9, attributedF1: 0.85 } as const;

const fixture = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/paragraphs.jsonl");
const gold = readFileSync(fixture, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as GoldArticle);

describe("the paragraphs fixture", () => {
  it("is in the gold format, with offsets that slice back to each content", () => {
    expect(gold.length).toBeGreaterThanOrEqual(40);
    expect(new Set(gold.map((a) => a.id)).size).toBe(gold.length);
    for (const a of gold)
      for (const c of a.claims ?? []) {
        expect(a.text.slice(c.contentStart, c.contentEnd), a.id).toBe(c.content);
        expect(c.speakerEntity, a.id).toBeTruthy();
        expect(["person", "organization", "group", "anonymous"], a.id).toContain(c.speakerType);
        expect(CLAIM_KINDS, a.id).toContain(c.kind);
        // Documents are stored as the BBC gold stores them, so both scorers judge them by head noun.
        if (c.document) expect(c.speakerType, a.id).toBe("anonymous");
      }
  });
});

describe("extractClaims on the hand-written paragraphs", () => {
  const preds = gold.flatMap((a) => extractClaims(a.text, { articleKey: a.id }).map((c) => ({ source: a.id, ...c })));
  const report = score(gold, preds);

  it(`finds the claims (F1 >= ${PARAGRAPH_FLOORS.claimsF1})`, () => {
    expect(report.claim.f1).toBeGreaterThanOrEqual(PARAGRAPH_FLOORS.claimsF1);
  });

  it(`names their speakers canonically (attributed F1 >= ${PARAGRAPH_FLOORS.attributedF1})`, () => {
    expect(report.attributedStrict.f1).toBeGreaterThanOrEqual(PARAGRAPH_FLOORS.attributedF1);
  });
});
