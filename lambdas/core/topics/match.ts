import { forEachKey, isStopKey } from "./text.ts";
import { MAX_PHRASE_WORDS, type TermTable } from "./weights.ts";

/** A vocabulary term found in a text. */
export interface TermMatch {
  key: string;
  weights: Float64Array;
  /** Token index range [first, last). */
  first: number;
  last: number;
}

type TermVisitor = (key: string, weights: Float64Array, first: number, last: number) => void;

/** The vocabulary word and phrases that start at keys[i]: one map look-up per word, n-grams only along phrase prefixes. */
function termsStartingAt(keys: readonly string[], i: number, table: TermTable, visit: TermVisitor): void {
  const key = keys[i]!;
  if (!isStopKey(key)) {
    const w = table.words.get(key);
    if (w) visit(key, w, i, i + 1);
  }
  let phrase = key;
  for (let len = 2; len <= MAX_PHRASE_WORDS && i + len <= keys.length && table.phrasePrefixes.has(phrase); len++) {
    phrase += ` ${keys[i + len - 1]!}`;
    const w = table.phrases.get(phrase);
    if (w) visit(phrase, w, i, i + len);
  }
}

/** Every vocabulary term with its position, for a claim (subjects need to know where terms are). */
export function matchTerms(keys: readonly string[], table: TermTable): TermMatch[] {
  const matches: TermMatch[] = [];
  const push: TermVisitor = (key, weights, first, last) => matches.push({ key, weights, first, last });
  for (let i = 0; i < keys.length; i++) termsStartingAt(keys, i, table, push);
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

/**
 * Scores a whole text in one streaming pass: only the last few words are held (enough for the longest
 * phrase), so memory stays constant however long the article is.
 */
export function addTextScores(scores: Float64Array, text: string, table: TermTable, multiplier = 1): void {
  const tf = new Map<Float64Array, number>();
  const count: TermVisitor = (_key, weights) => tf.set(weights, (tf.get(weights) ?? 0) + 1);
  const window: string[] = [];
  forEachKey(text, (key) => {
    window.push(key);
    if (window.length === MAX_PHRASE_WORDS) {
      termsStartingAt(window, 0, table, count);
      window.shift();
    }
  });
  for (let i = 0; i < window.length; i++) termsStartingAt(window, i, table, count);
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
