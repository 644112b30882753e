import type { Lexicon, WordInfo } from "./lexicon.ts";
import { WORD } from "./text.ts";

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

export function readWords(text: string, lexicon: Lexicon): WordList {
  // About one word per six characters of news text.
  const list = new WordList(Math.max(16, text.length >> 2));
  const words = new RegExp(WORD);
  for (let m = words.exec(text); m !== null; m = words.exec(text)) list.push(lexicon(m[0]), m.index, m.index + m[0].length);
  return list;
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
