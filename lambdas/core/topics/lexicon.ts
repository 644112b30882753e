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
  /** Some vocabulary phrase starts with this word. */
  readonly startsPhrase: boolean;
  readonly capitalised: boolean;
  readonly startsWithLetter: boolean;
  /** Lower case with typographic apostrophes made plain, for list look-ups ("It’s" → "it's"). */
  readonly plain: string;
  /** `plain` is a function word. */
  readonly isStopword: boolean;
}

export type Lexicon = (surface: string) => WordInfo;

/** News vocabulary is Zipfian: a bounded cache of spellings serves almost every word of a text. */
const LEXICON_CACHE_SIZE = 50_000;

/**
 * One map look-up per word instead of a stem, a stop-word test, a vocabulary look-up and a phrase-prefix
 * test each time the word is read: topic scoring reads every word of an article and again of each claim.
 */
export function createLexicon(table: TermTable): Lexicon {
  const cache = new Map<string, WordInfo>();
  return (surface) => {
    let info = cache.get(surface);
    if (info === undefined) {
      const key = stem(surface.toLowerCase());
      const plain = surface.toLowerCase().replace(/’/g, "'");
      info = {
        surface,
        key,
        weights: isStopKey(key) ? undefined : table.words.get(key),
        startsPhrase: table.phrasePrefixes.has(key),
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
