/**
 * Quote spans: pairs quote marks paragraph by paragraph, follows quotes that run over several
 * paragraphs (each paragraph re-opens, only the last closes), tolerates unbalanced marks, and tells
 * speech apart from scare quotes and quoted titles.
 */
import type { Token } from "./tokenize.ts";

export interface QuoteSpan {
  /** Token index of the opening mark. */
  open: number;
  /** Token index of the closing mark, or of the last token when the quote is never closed. */
  close: number;
  closed: boolean;
  /** Reported speech rather than a scare quote, a nickname or a title. */
  speech: boolean;
  /** Number of word tokens inside the marks. */
  words: number;
}

export interface QuoteAnalysis {
  quotes: QuoteSpan[];
  /** quoteOf[i]: index into `quotes` of the speech quote containing token i (marks included), else -1. */
  quoteOf: Int32Array;
}

const DOUBLE_OPEN = new Set(["“", "„", "«"]);
const DOUBLE_CLOSE = new Set(["”", "»"]);
const SINGLE_OPEN = new Set(["‘", "‹"]);
const SINGLE_CLOSE = new Set(["’", "›"]);
const STRAIGHT_DOUBLE = new Set(['"', "''", "``"]);
const isDouble = (t: Token) => t.type === "quote" && (STRAIGHT_DOUBLE.has(t.text) || DOUBLE_OPEN.has(t.text) || DOUBLE_CLOSE.has(t.text));
const isSingle = (t: Token) => t.type === "quote" && (t.text === "'" || SINGLE_OPEN.has(t.text) || SINGLE_CLOSE.has(t.text));

/** Words before a quote that make it a name or title rather than speech. */
const NAMING_CUES = new Set(
  (
    "so-called film movie book novel song album show series program programme play documentary headline " +
    "titled entitled dubbed nicknamed named term word words phrase slogan hashtag label motto brand known " +
    "article column essay poem report magazine newspaper episode podcast"
  ).split(" "),
);
const SMALL_WORDS = new Set("a an the of and or in on at to for with by from de la le du von van".split(" "));

export function findQuotes(tokens: Token[]): QuoteAnalysis {
  const raw: Array<{ open: number; close: number; closed: boolean }> = [];
  pairDoubleQuotes(tokens, raw);
  pairSingleQuotes(tokens, raw);
  raw.sort((a, b) => a.open - b.open);
  const quotes: QuoteSpan[] = [];
  const quoteOf = new Int32Array(tokens.length).fill(-1);
  let lastEnd = -1;
  for (const r of raw) {
    if (r.open <= lastEnd) continue; // nested inside an earlier quote: part of it
    let words = 0;
    for (let k = r.open + 1; k < r.close || (!r.closed && k === r.close); k++) if (tokens[k]!.type === "word") words++;
    const q: QuoteSpan = { ...r, words, speech: isSpeech(tokens, r.open, r.close, r.closed, words) };
    quotes.push(q);
    lastEnd = r.close;
    if (q.speech) for (let k = r.open; k <= r.close; k++) quoteOf[k] = quotes.length - 1;
  }
  return { quotes, quoteOf };
}

function pairDoubleQuotes(tokens: Token[], out: Array<{ open: number; close: number; closed: boolean }>): void {
  let open = -1;
  // First opening mark of a quote that runs over several paragraphs.
  let chainStart = -1;
  let lastPara = tokens[0]?.para ?? 0;
  let lastTokOfPara = -1;
  const endParagraph = (nextIdx: number) => {
    if (open < 0) return;
    const next = tokens[nextIdx];
    // A quote left open at a paragraph end continues when the next paragraph opens with a quote mark.
    if (next && isDouble(next) && !DOUBLE_CLOSE.has(next.text)) {
      if (chainStart < 0) chainStart = open;
      open = -1;
      return;
    }
    out.push({ open: chainStart >= 0 ? chainStart : open, close: lastTokOfPara, closed: false });
    chainStart = -1;
    open = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.para !== lastPara) {
      endParagraph(i);
      if (chainStart >= 0 && !(isDouble(t) && !DOUBLE_CLOSE.has(t.text))) chainStart = -1;
      lastPara = t.para;
    }
    lastTokOfPara = i;
    if (!isDouble(t)) continue;
    const wantsOpen = DOUBLE_OPEN.has(t.text) ? true : DOUBLE_CLOSE.has(t.text) ? false : open < 0;
    if (wantsOpen) {
      if (open >= 0 && DOUBLE_OPEN.has(t.text) && !DOUBLE_OPEN.has(tokens[open]!.text)) {
        // A straight mark left open before a curly opener: treat the straight one as its closer.
        out.push({ open, close: i - 1, closed: false });
      }
      if (open < 0 || DOUBLE_OPEN.has(t.text)) open = i;
    } else if (open >= 0) {
      out.push({ open: chainStart >= 0 ? chainStart : open, close: i, closed: true });
      chainStart = -1;
      open = -1;
    }
    // A closing mark with nothing open is a stray: ignored.
  }
  endParagraph(tokens.length);
}

function pairSingleQuotes(tokens: Token[], out: Array<{ open: number; close: number; closed: boolean }>): void {
  let open = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (open >= 0 && t.para !== tokens[open]!.para) open = -1;
    if (!isSingle(t)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const spaceBefore = !prev || prev.end < t.start || prev.type !== "word";
    const wordAfter = !!next && next.start === t.end && next.type === "word";
    const canOpen = !SINGLE_CLOSE.has(t.text) && spaceBefore && wordAfter;
    const canClose = !SINGLE_OPEN.has(t.text) && !!prev && prev.end === t.start && (!next || next.start > t.end || next.type !== "word");
    if (open < 0 && canOpen) open = i;
    else if (open >= 0 && canClose) {
      // "Jones' car": a plural possessive right after a short gap is not a closing quote of a long span.
      out.push({ open, close: i, closed: true });
      open = -1;
    }
  }
}

function isSpeech(tokens: Token[], open: number, close: number, closed: boolean, words: number): boolean {
  if (words === 0) return false;
  const before = tokens[open - 1];
  const before2 = tokens[open - 2];
  if (before && (NAMING_CUES.has(before.lower) || (before2 && NAMING_CUES.has(before2.lower) && before.lower === "the"))) return false;
  if (before && before.lower === "called" && words <= 4) return false;
  const lastInside = closed ? tokens[close - 1] : tokens[close];
  const endsLikeSpeech = !!lastInside && lastInside.type === "punct" && /^[.,!?…:;—-]/.test(lastInside.text);
  if (!endsLikeSpeech && words <= 8 && looksLikeTitle(tokens, open + 1, closed ? close : close + 1)) return false;
  if (words >= 5) return true;
  return endsLikeSpeech && (words >= 2 || /^[!?,]/.test(lastInside!.text));
}

function looksLikeTitle(tokens: Token[], from: number, to: number): boolean {
  let sawWord = false;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.type !== "word") continue;
    if (!sawWord && !t.cap) return false;
    sawWord = true;
    if (!t.cap && !SMALL_WORDS.has(t.lower) && !/^\p{N}/u.test(t.text)) return false;
  }
  return sawWord;
}
