/**
 * Repeated claims: when two claims say the same thing. Pure; the store files and looks up claims by
 * the sketch's key (lambdas/store/repeats.ts), this stage decides what counts as the same statement.
 *
 *   const a = claimSignature(claimA), b = claimSignature(claimB);
 *   if (a && b && sameStatement(a, b)) ...
 */
import { isArticleScopedId } from "../ids.ts";
import type { Claim } from "../model.ts";
import { statementWords } from "./normalize.ts";
import { overlap, sketchKey, sketchOf, sketchProbes, type Sketch } from "./sketch.ts";

export { statementWords } from "./normalize.ts";
export { decodeSketch, encodeSketch, overlap, PROBES, SKETCH_SIZE, sketchKey, sketchOf, sketchProbes, type Overlap, type Sketch } from "./sketch.ts";

/** Shorter wordings ("a request for comment") are said by everyone about everything. */
export const MIN_WORDS = 5;
/** Same statement: bigram sets this similar... */
export const MIN_JACCARD = 0.3;
/** ...or the shorter wording this much inside the longer one (a report that cut the quote)... */
export const MIN_CONTAINMENT = 0.8;
/** ...when the shorter still has this many bigrams, so a stock phrase inside a long quote does not count. */
export const MIN_CONTAINED_BIGRAMS = 6;

export interface ClaimSignature {
  speakerId: string;
  sketch: Sketch;
  /** Where the claim is filed: the smallest value of its sketch. */
  key: number;
  /** The keys under which earlier wordings of this claim would be filed. */
  probes: number[];
}

type SignedFields = Pick<Claim, "speakerId" | "speakerScope" | "speakerType" | "content">;

/**
 * Whether a claim can be repeated at all: a speaker known across articles (person or organization;
 * an unnamed "spokesman" or a group is not one speaker) and enough words to be a statement.
 */
export function isRepeatable(c: SignedFields): boolean {
  return c.speakerScope === "global" && !isArticleScopedId(c.speakerId) && (c.speakerType === "person" || c.speakerType === "organization");
}

export function claimSignature(c: SignedFields): ClaimSignature | undefined {
  if (!isRepeatable(c)) return undefined;
  return signatureOf(c.speakerId, c.content);
}

/** The signature of a wording attributed to a speaker id (no check of the speaker's kind). */
export function signatureOf(speakerId: string, content: string): ClaimSignature | undefined {
  if (statementWords(content).length < MIN_WORDS) return undefined;
  const sketch = sketchOf(content);
  const key = sketchKey(sketch);
  return key === undefined ? undefined : { speakerId, sketch, key, probes: sketchProbes(sketch) };
}

/**
 * Two claims are one statement when one speaker said them and their wordings are near-identical or
 * one is a cut of the other. Claims of different speakers are never one statement here.
 */
export function sameStatement(a: ClaimSignature, b: ClaimSignature): boolean {
  if (a.speakerId !== b.speakerId) return false;
  return sketchesMatch(a.sketch, b.sketch);
}

export function sketchesMatch(a: Sketch, b: Sketch): boolean {
  const o = overlap(a, b);
  if (o.jaccard >= MIN_JACCARD) return true;
  return o.containment >= MIN_CONTAINMENT && Math.min(a.size, b.size) >= MIN_CONTAINED_BIGRAMS;
}

/** How alike two wordings are, for ranking candidates (higher is closer). */
export const closeness = (a: ClaimSignature, b: ClaimSignature): number => {
  const o = overlap(a.sketch, b.sketch);
  return o.jaccard + o.containment / 100;
};
