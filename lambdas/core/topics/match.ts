import type { WordInfo } from "./lexicon.ts";
import { MAX_PHRASE_WORDS, type TermTable } from "./weights.ts";
import type { WordSpan } from "./words.ts";

/** A vocabulary term found in a text. */
export interface TermMatch {
  key: string;
  weights: Float64Array;
  /** Word index range [first, last) within the span matched. */
  first: number;
  last: number;
}

type TermVisitor = (key: string, weights: Float64Array, first: number, last: number) => void;

/**
 * The vocabulary word and phrases that start at words[i]: the word's own look-up is already in its
 * WordInfo; n-grams are only built along phrase prefixes. `end` bounds the words that may follow.
 */
function termsStartingAt(words: readonly WordInfo[], i: number, end: number, table: TermTable, visit: TermVisitor): void {
  const word = words[i]!;
  if (word.weights) visit(word.key, word.weights, i, i + 1);
  if (!word.startsPhrase) return;
  let phrase = word.key;
  for (let len = 2; len <= MAX_PHRASE_WORDS && i + len <= end && (len === 2 || table.phrasePrefixes.has(phrase)); len++) {
    phrase += ` ${words[i + len - 1]!.key}`;
    const w = table.phrases.get(phrase);
    if (w) visit(phrase, w, i, i + len);
  }
}

/** Every vocabulary term of a span with its position (subjects need to know where terms are). */
export function matchTerms(span: WordSpan, table: TermTable): TermMatch[] {
  const matches: TermMatch[] = [];
  const { from, length } = span;
  const push: TermVisitor = (key, weights, first, last) => matches.push({ key, weights, first: first - from, last: last - from });
  for (let i = from; i < from + length; i++) termsStartingAt(span.list.infos, i, from + length, table, push);
  return matches;
}

/**
 * Adds term evidence to per-topic scores. Repeats count sub-linearly (1 + ln tf) so one word said ten
 * times does not outweigh ten different words of another topic.
 */
export function addScores(scores: Float64Array, terms: Iterable<{ weights: Float64Array }>, multiplier = 1): void {
  // Each term has exactly one weights row, so the row itself identifies the term.
  const tf = new Map<Float64Array, number>();
  for (const { weights } of terms) tf.set(weights, (tf.get(weights) ?? 0) + 1);
  addCounts(scores, tf, multiplier);
}

/** Scores every term of a span, without keeping where each was found. */
export function addSpanScores(scores: Float64Array, span: WordSpan, table: TermTable, multiplier = 1): void {
  const tf = new Map<Float64Array, number>();
  const count: TermVisitor = (_key, weights) => tf.set(weights, (tf.get(weights) ?? 0) + 1);
  const { from, length } = span;
  for (let i = from; i < from + length; i++) termsStartingAt(span.list.infos, i, from + length, table, count);
  addCounts(scores, tf, multiplier);
}

function addCounts(scores: Float64Array, tf: ReadonlyMap<Float64Array, number>, multiplier: number): void {
  for (const [weights, n] of tf) {
    const f = (1 + Math.log(n)) * multiplier;
    for (let t = 0; t < weights.length; t++) scores[t]! += weights[t]! * f;
  }
}

/** Scores as shares of their positive total (negative totals from exclusions clamp to 0). */
export function normalize(scores: Float64Array): Float64Array {
  let total = 0;
  for (const v of scores) if (v > 0) total += v;
  return scores.map((v) => (total > 0 && v > 0 ? v / total : 0));
}

/** Index of the highest score above `floor`, or -1 when none is (by default: nothing scored). */
export function argmax(scores: Float64Array, floor = 0): number {
  let best = -1;
  let bestScore = floor;
  scores.forEach((v, i) => {
    if (v > bestScore) {
      bestScore = v;
      best = i;
    }
  });
  return best;
}
