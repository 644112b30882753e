import type { Lexicon, WordInfo } from "./lexicon.ts";

/**
 * The words of a text in order, each as its lexicon entry and its offsets. Offsets sit in typed arrays
 * rather than an object per word: an article's list is kept while its claims are classified.
 */
export class WordList {
  infos: WordInfo[] = [];
  starts: Int32Array;
  ends: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(info: WordInfo, start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.infos.push(info);
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Index of the first word starting at or after `offset`. */
  firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The words of `text` exactly as the WORD pattern finds them, by a scan of character codes: no match
 * object or regular expression run per word.
 */
export function readWords(text: string, lexicon: Lexicon): WordList {
  // About one word per six characters of news text.
  const list = new WordList(Math.max(16, text.length >> 2));
  const n = text.length;
  let i = 0;
  while (i < n) {
    const end = wordEndAt(text, i);
    if (end < 0) {
      i += widthAt(text, i);
      continue;
    }
    list.push(lexicon.wordAt(text, i, end), i, end);
    i = end;
  }
  return list;
}

const LETTER = 1;
const NUMBER = 2;
const UPPER = 4;
const KNOWN = 8;
/** Character classes of the Basic Multilingual Plane, filled in as characters are met. */
const bmpClasses = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  const upper = c >= 0x41 && c <= 0x5a;
  const letter = upper || (c >= 0x61 && c <= 0x7a);
  bmpClasses[c] = KNOWN | (letter ? LETTER : 0) | (upper ? UPPER : 0) | (c >= 0x30 && c <= 0x39 ? NUMBER : 0);
}
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;
const IS_UPPER = /^\p{Lu}$/u;

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return KNOWN | (IS_LETTER.test(ch) ? LETTER : 0) | (IS_NUMBER.test(ch) ? NUMBER : 0) | (IS_UPPER.test(ch) ? UPPER : 0);
}

/** Classes of the character (code point) at i. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) {
    const known = bmpClasses[c]!;
    return known !== 0 ? known : (bmpClasses[c] = classify(c));
  }
  return classify(text.codePointAt(i)!);
}

/** Code units taken by the character at i (a surrogate pair counts as one character). */
function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

const DOT = 0x2e;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;

/**
 * End of the WORD match starting at i, or -1 when none starts there. The pattern's alternatives in its
 * order: two or more capital-and-dot pairs (U.S.); else a run of letters and digits, with an apostrophe
 * and a run of letters after it when there is one.
 */
function wordEndAt(text: string, i: number): number {
  const n = text.length;
  let j = i;
  let pairs = 0;
  while (j < n && (classAt(text, j) & UPPER) !== 0) {
    const dot = j + widthAt(text, j);
    if (dot >= n || text.charCodeAt(dot) !== DOT) break;
    j = dot + 1;
    pairs++;
  }
  if (pairs >= 2) return j;
  if ((classAt(text, i) & (LETTER | NUMBER)) === 0) return -1;
  j = i + widthAt(text, i);
  while (j < n && (classAt(text, j) & (LETTER | NUMBER)) !== 0) j += widthAt(text, j);
  if (j + 1 < n) {
    const c = text.charCodeAt(j);
    if ((c === APOSTROPHE || c === RIGHT_QUOTE) && (classAt(text, j + 1) & LETTER) !== 0) {
      j += 1 + widthAt(text, j + 1);
      while (j < n && (classAt(text, j) & LETTER) !== 0) j += widthAt(text, j);
    }
  }
  return j;
}

/**
 * A run of consecutive words of a list, seen as the words of a text that starts at `offset` of the
 * list's text: a claim read from its article's word list, or a claim text read on its own.
 */
export class WordSpan {
  readonly length: number;

  constructor(
    readonly list: WordList,
    /** Index in `list` of the span's first word. */
    readonly from: number,
    to: number,
    readonly offset: number,
  ) {
    this.length = to - from;
  }

  info(i: number): WordInfo {
    return this.list.infos[this.from + i]!;
  }

  start(i: number): number {
    return this.list.starts[this.from + i]! - this.offset;
  }

  end(i: number): number {
    return this.list.ends[this.from + i]! - this.offset;
  }

  static whole(list: WordList): WordSpan {
    return new WordSpan(list, 0, list.length, 0);
  }

  /**
   * The words of `text.slice(start, end)` taken from the list of the whole text, or undefined when a
   * word crosses either edge: the slice read on its own would split that word differently.
   */
  static within(list: WordList, start: number, end: number): WordSpan | undefined {
    const from = list.firstAtOrAfter(start);
    if (from > 0 && list.ends[from - 1]! > start) return undefined;
    const to = list.firstAtOrAfter(end);
    if (to > from && list.ends[to - 1]! > end) return undefined;
    return new WordSpan(list, from, Math.max(from, to), start);
  }
}
