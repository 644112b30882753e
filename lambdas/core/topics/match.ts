import type { WordInfo } from "./lexicon.ts";
import { MAX_PHRASE_WORDS } from "./weights.ts";
import type { WordSpan } from "./words.ts";

/** A vocabulary term found in a text. */
export interface TermMatch {
  key: string;
  weights: Float64Array;
  termId: number;
  /** Word index range [first, last) within the span matched. */
  first: number;
  last: number;
}

/** Receives the terms found; an object rather than a closure so that none is made per text. */
interface TermSink {
  add(key: string, weights: Float64Array, termId: number, first: number, last: number): void;
}

class MatchList implements TermSink {
  readonly matches: TermMatch[] = [];
  constructor(private readonly from: number) {}
  add(key: string, weights: Float64Array, termId: number, first: number, last: number): void {
    this.matches.push({ key, weights, termId, first: first - this.from, last: last - this.from });
  }
}

/**
 * Term frequencies of one text at a time, by term index: a count array sized to the lexicon's terms
 * and reused, with the terms in the order first met (the order their evidence is summed in).
 */
export class TermCounter implements TermSink {
  private readonly counts: Int32Array;
  private readonly termIds: number[] = [];
  private readonly rows: Float64Array[] = [];

  constructor(termCount: number) {
    this.counts = new Int32Array(termCount);
  }

  add(_key: string, weights: Float64Array, termId: number): void {
    if (this.counts[termId]!++ === 0) {
      this.termIds.push(termId);
      this.rows.push(weights);
    }
  }

  /**
   * Adds the evidence counted so far to per-topic scores and starts again. Repeats count sub-linearly
   * (1 + ln tf) so one word said ten times does not outweigh ten different words of another topic.
   */
  addTo(scores: Float64Array, multiplier = 1): void {
    for (let k = 0; k < this.termIds.length; k++) {
      const termId = this.termIds[k]!;
      const weights = this.rows[k]!;
      const f = (1 + Math.log(this.counts[termId]!)) * multiplier;
      for (let t = 0; t < weights.length; t++) scores[t]! += weights[t]! * f;
      this.counts[termId] = 0;
    }
    this.termIds.length = 0;
    this.rows.length = 0;
  }
}

/**
 * The vocabulary word and phrases that start at words[i]: the word's own look-up is already in its
 * WordInfo; phrases are followed along the phrase tree. `end` bounds the words that may follow.
 */
function termsStartingAt(words: readonly WordInfo[], i: number, end: number, sink: TermSink): void {
  const word = words[i]!;
  if (word.weights) sink.add(word.key, word.weights, word.termId, i, i + 1);
  let node = word.phrases;
  for (let len = 2; len <= MAX_PHRASE_WORDS && i + len <= end && node?.next; len++) {
    node = node.next.get(words[i + len - 1]!.key);
    if (node?.weights) sink.add(node.key, node.weights, node.termId, i, i + len);
  }
}

/** Every vocabulary term of a span with its position (subjects need to know where terms are). */
export function matchTerms(span: WordSpan): TermMatch[] {
  const { from, length } = span;
  const list = new MatchList(from);
  for (let i = from; i < from + length; i++) termsStartingAt(span.list.infos, i, from + length, list);
  return list.matches;
}

/** Counts every term of a span, without keeping where each was found. */
export function countSpanTerms(counter: TermCounter, span: WordSpan): void {
  const { from, length } = span;
  for (let i = from; i < from + length; i++) termsStartingAt(span.list.infos, i, from + length, counter);
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
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > bestScore) {
      bestScore = scores[i]!;
      best = i;
    }
  }
  return best;
}
