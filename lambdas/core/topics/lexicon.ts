import { isStopKey, stem, STOPWORDS } from "./text.ts";
import type { TermTable } from "./weights.ts";

/** What the classifier needs to know about one written word; worked out once per distinct spelling. */
export interface WordInfo {
  /** As written. */
  readonly surface: string;
  /** Lower-cased, inflection-folded form used for matching. */
  readonly key: string;
  /** The word's topic weights when it is a topical vocabulary word; undefined for stop words and unknown words. */
  readonly weights: Float64Array | undefined;
  /** The vocabulary phrases that start with this word; undefined when none does. */
  readonly phrases: PhraseNode | undefined;
  readonly capitalised: boolean;
  readonly startsWithLetter: boolean;
  /** Lower case with typographic apostrophes made plain, for list look-ups ("It’s" → "it's"). */
  readonly plain: string;
  /** `plain` is a function word. */
  readonly isStopword: boolean;
}

export type Lexicon = (surface: string) => WordInfo;

/**
 * The vocabulary phrases that continue a run of words, by the next word's key. Following keys word by
 * word needs no n-gram string per position: a key read from the lexicon is the same string every time.
 */
export interface PhraseNode {
  /** The run of words so far, when it is a phrase of the vocabulary: its key and weights. */
  key: string;
  weights: Float64Array | undefined;
  next: Map<string, PhraseNode> | undefined;
}

/** First words of the table's phrases, each with the phrases that follow from it. */
export function phraseTree(phrases: ReadonlyMap<string, Float64Array>): Map<string, PhraseNode> {
  const roots = new Map<string, PhraseNode>();
  for (const [key, weights] of phrases) {
    const parts = key.split(" ");
    let level = roots;
    let node: PhraseNode | undefined;
    for (let k = 0; k < parts.length; k++) {
      node = level.get(parts[k]!);
      if (!node) level.set(parts[k]!, (node = { key: parts.slice(0, k + 1).join(" "), weights: undefined, next: undefined }));
      if (k < parts.length - 1) level = node.next ??= new Map();
    }
    node!.weights = weights;
  }
  return roots;
}

/** News vocabulary is Zipfian: a bounded cache of spellings serves almost every word of a text. */
const LEXICON_CACHE_SIZE = 50_000;

/**
 * One map look-up per word instead of a stem, a stop-word test, a vocabulary look-up and a phrase-prefix
 * test each time the word is read: topic scoring reads every word of an article and again of each claim.
 */
export function createLexicon(table: TermTable): Lexicon {
  const cache = new Map<string, WordInfo>();
  const phraseRoots = phraseTree(table.phrases);
  return (surface) => {
    let info = cache.get(surface);
    if (info === undefined) {
      const key = stem(surface.toLowerCase());
      const plain = surface.toLowerCase().replace(/’/g, "'");
      info = {
        surface,
        key,
        weights: isStopKey(key) ? undefined : table.words.get(key),
        phrases: phraseRoots.get(key),
        capitalised: /^\p{Lu}/u.test(surface),
        startsWithLetter: /^\p{L}/u.test(surface),
        plain,
        isStopword: STOPWORDS.has(plain),
      };
      if (cache.size >= LEXICON_CACHE_SIZE) cache.clear();
      cache.set(surface, info);
    }
    return info;
  };
}
