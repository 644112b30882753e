import type { Token } from "./text.ts";
import { isStopKey } from "./text.ts";
import { MAX_PHRASE_WORDS, type TermTable } from "./weights.ts";

/** A vocabulary term found in a text. */
export interface TermMatch {
  key: string;
  weights: Float64Array;
  /** Token index range [first, last). */
  first: number;
  last: number;
}

/** Every vocabulary word and phrase in a token sequence, in one left-to-right pass. */
export function matchTerms(tokens: readonly Token[], table: TermTable): TermMatch[] {
  const matches: TermMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]!.key;
    if (!isStopKey(key)) {
      const w = table.words.get(key);
      if (w) matches.push({ key, weights: w, first: i, last: i + 1 });
    }
    if (!table.phraseStarts.has(key)) continue;
    let phrase = key;
    for (let len = 2; len <= MAX_PHRASE_WORDS && i + len <= tokens.length; len++) {
      phrase += ` ${tokens[i + len - 1]!.key}`;
      const w = table.phrases.get(phrase);
      if (w) matches.push({ key: phrase, weights: w, first: i, last: i + len });
    }
  }
  return matches;
}

/**
 * Adds matches to per-topic scores. Repeats count sub-linearly (1 + ln tf) so one word said ten
 * times does not outweigh ten different words of another topic.
 */
export function addScores(scores: Float64Array, matches: readonly TermMatch[], multiplier = 1): void {
  const tf = new Map<string, { n: number; weights: Float64Array }>();
  for (const m of matches) {
    const entry = tf.get(m.key);
    if (entry) entry.n++;
    else tf.set(m.key, { n: 1, weights: m.weights });
  }
  for (const { n, weights } of tf.values()) {
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

export function argmax(scores: Float64Array): number {
  let best = -1;
  let bestScore = 0;
  scores.forEach((v, i) => {
    if (v > bestScore) {
      bestScore = v;
      best = i;
    }
  });
  return best;
}
