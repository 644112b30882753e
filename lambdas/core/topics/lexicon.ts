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
  /** Index of the word's weights among the lexicon's terms (0 ≤ termId < termCount); -1 without weights. */
  readonly termId: number;
  /** The vocabulary phrases that start with this word; undefined when none does. */
  readonly phrases: PhraseNode | undefined;
  readonly capitalised: boolean;
  readonly startsWithLetter: boolean;
  /** Lower case with typographic apostrophes made plain, for list look-ups ("It’s" → "it's"). */
  readonly plain: string;
  /** `plain` is a function word. */
  readonly isStopword: boolean;
}

export interface Lexicon {
  /** How many terms (vocabulary words and phrases) the lexicon numbers. */
  readonly termCount: number;
  word(surface: string): WordInfo;
  /** The entry of `text.slice(start, end)`. */
  wordAt(text: string, start: number, end: number): WordInfo;
}

/**
 * The vocabulary phrases that continue a run of words, by the next word's key. Following keys word by
 * word needs no n-gram string per position: a key read from the lexicon is the same string every time.
 */
export interface PhraseNode {
  /** The run of words so far, when it is a phrase of the vocabulary: its key, weights and term index. */
  key: string;
  weights: Float64Array | undefined;
  termId: number;
  next: Map<string, PhraseNode> | undefined;
}

/** First words of the table's phrases, each with the phrases that follow from it; phrases are terms 0, 1, ... */
export function phraseTree(phrases: ReadonlyMap<string, Float64Array>): Map<string, PhraseNode> {
  const roots = new Map<string, PhraseNode>();
  let termId = 0;
  for (const [key, weights] of phrases) {
    const parts = key.split(" ");
    let level = roots;
    let node: PhraseNode | undefined;
    for (let k = 0; k < parts.length; k++) {
      node = level.get(parts[k]!);
      // A node's key is only read when the node is a phrase, and is set then.
      if (!node) level.set(parts[k]!, (node = { key: "", weights: undefined, termId: -1, next: undefined }));
      if (k < parts.length - 1) level = node.next ??= new Map();
    }
    node!.key = key;
    node!.weights = weights;
    node!.termId = termId++;
  }
  return roots;
}

/** News vocabulary is Zipfian: a bounded cache of spellings serves almost every word of a text. */
const LEXICON_CACHE_SIZE = 50_000;
/**
 * Spellings met in texts, in open-addressing slots: a power of two, at least twice the spellings kept
 * (SPELLINGS_KEPT; the table starts again when full). Small enough to stay in cache beside the extractor's data.
 */
const SPELLING_SLOTS = 1 << 15;
const SPELLINGS_KEPT = 1 << 14;

/**
 * One look-up per word instead of a stem, a stop-word test, a vocabulary look-up and a phrase-prefix
 * test each time the word is read: topic scoring reads every word of an article and again of each claim.
 */
export function createLexicon(table: TermTable): Lexicon {
  return new CachedLexicon(table);
}

class CachedLexicon implements Lexicon {
  private readonly cache = new Map<string, WordInfo>();
  private readonly phraseRoots: Map<string, PhraseNode>;
  /** Spelling table for wordAt: per slot, the spelling's hash and 1 + its entry index (0 = empty). */
  private readonly slots = new Int32Array(2 * SPELLING_SLOTS);
  private readonly entries: WordInfo[] = [];
  /** Term index of each vocabulary word met so far, after the phrases'; kept when the caches are cleared. */
  private readonly wordTermIds = new Map<Float64Array, number>();
  readonly termCount: number;

  constructor(private readonly table: TermTable) {
    this.phraseRoots = phraseTree(table.phrases);
    this.termCount = table.phrases.size + table.words.size;
  }

  private termIdOf(weights: Float64Array): number {
    let id = this.wordTermIds.get(weights);
    if (id === undefined) this.wordTermIds.set(weights, (id = this.table.phrases.size + this.wordTermIds.size));
    return id;
  }

  word(surface: string): WordInfo {
    let info = this.cache.get(surface);
    if (info === undefined) {
      const key = stem(surface.toLowerCase());
      const plain = surface.toLowerCase().replace(/’/g, "'");
      const weights = isStopKey(key) ? undefined : this.table.words.get(key);
      info = {
        surface,
        key,
        weights,
        termId: weights ? this.termIdOf(weights) : -1,
        phrases: this.phraseRoots.get(key),
        capitalised: /^\p{Lu}/u.test(surface),
        startsWithLetter: /^\p{L}/u.test(surface),
        plain,
        isStopword: STOPWORDS.has(plain),
      };
      if (this.cache.size >= LEXICON_CACHE_SIZE) this.cache.clear();
      this.cache.set(surface, info);
    }
    return info;
  }

  wordAt(text: string, start: number, end: number): WordInfo {
    // FNV-1a over the code units: a known spelling is found without slicing it out of the text.
    let hash = 0x811c9dc5;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    const mask = SPELLING_SLOTS - 1;
    let slot = hash & mask;
    for (let entry = this.slots[2 * slot + 1]!; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[2 * slot + 1]!) {
      if (this.slots[2 * slot] !== hash) continue;
      const info = this.entries[entry - 1]!;
      if (spelledAt(info.surface, text, start, end)) return info;
    }
    const info = this.word(text.slice(start, end));
    if (this.entries.length >= SPELLINGS_KEPT) {
      this.slots.fill(0);
      this.entries.length = 0;
      slot = hash & mask;
    }
    this.entries.push(info);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = this.entries.length;
    return info;
  }
}

function spelledAt(surface: string, text: string, start: number, end: number): boolean {
  if (surface.length !== end - start) return false;
  for (let k = 0; k < surface.length; k++) if (surface.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
