/**
 * Quote spans. Scraped news loses paragraph breaks, so a quote that ran over paragraphs arrives as
 * `said: "A. "B. "C."` — a new opening mark where each paragraph began and one closing mark at the
 * end. Each such paragraph is its own span, linked to the one before it (`continues`), so a claim
 * never swallows several paragraphs and a closing mark is never paired with the next opening one.
 * Marks are told apart by the space around them where the text has it, by alternation where it does
 * not (pre-tokenized text puts spaces on both sides).
 */
import { isTerminal, type Token } from "./tokenize.ts";
import { NAMING_CUES, TITLE_SMALL_WORDS } from "../lexicon/grammar.ts";

export interface QuoteSpan {
  /** Token index of the opening mark; for a quote whose opening mark is missing, its first word. */
  open: number;
  /** Token index of the closing mark, or of the last token inside when the quote is never closed. */
  close: number;
  closed: boolean;
  /** The opening mark is missing: the span starts where its sentence does (`Out of the blue," he said`). */
  openless: boolean;
  /** Reported speech rather than a scare quote, a nickname or a title. */
  speech: boolean;
  /** Number of word tokens inside the marks. */
  words: number;
  /** Index of the span this one continues (a quoted paragraph of the same speaker), or -1. */
  continues: number;
}

export interface QuoteAnalysis {
  quotes: QuoteSpan[];
  /** quoteOf[i]: index into `quotes` of the speech quote containing token i (marks included), else -1. */
  quoteOf: Int32Array;
}

/** First and last token inside a span's marks. */
export function innerRange(q: QuoteSpan): [number, number] {
  return [q.openless ? q.open : q.open + 1, q.closed ? q.close : q.close + 1];
}

const DOUBLE_OPEN = new Set(["“", "„", "«"]);
const DOUBLE_CLOSE = new Set(["”", "»"]);
const SINGLE_OPEN = new Set(["‘", "‹"]);
const SINGLE_CLOSE = new Set(["’", "›"]);
const STRAIGHT_DOUBLE = new Set(['"', "''", "``"]);
const isDouble = (t: Token) => t.type === "quote" && (STRAIGHT_DOUBLE.has(t.text) || DOUBLE_OPEN.has(t.text) || DOUBLE_CLOSE.has(t.text));
const isSingle = (t: Token) => t.type === "quote" && (t.text === "'" || SINGLE_OPEN.has(t.text) || SINGLE_CLOSE.has(t.text));
/** Punctuation a quotation ends with when it is speech: `...,"`, `...."`, `...?"`. */
const isSpeechEnd = (t: Token | undefined) => !!t && t.type === "punct" && /^[.,!?…:;—-]/.test(t.text);

type Raw = { open: number; close: number; closed: boolean; openless: boolean; continues: boolean };

export function findQuotes(tokens: Token[]): QuoteAnalysis {
  const raw: Raw[] = [];
  pairDoubleQuotes(tokens, raw);
  pairSingleQuotes(tokens, raw);
  raw.sort((a, b) => a.open - b.open);
  const quotes: QuoteSpan[] = [];
  const quoteOf = new Int32Array(tokens.length).fill(-1);
  let lastEnd = -1;
  for (const r of raw) {
    if (r.open <= lastEnd) continue; // nested inside an earlier quote: part of it
    const q: QuoteSpan = { open: r.open, close: r.close, closed: r.closed, openless: r.openless, speech: false, words: 0, continues: -1 };
    const [from, to] = innerRange(q);
    for (let k = from; k < to; k++) if (tokens[k]!.type === "word") q.words++;
    const prev = quotes[quotes.length - 1];
    q.speech = isSpeech(tokens, q, !!prev && r.continues && prev.close === r.open - 1);
    if (r.continues && prev && prev.close === r.open - 1 && prev.speech) q.continues = quotes.length - 1;
    quotes.push(q);
    lastEnd = r.close;
    if (q.speech) for (let k = r.open; k <= r.close; k++) quoteOf[k] = quotes.length - 1;
  }
  return { quotes, quoteOf };
}

/** How a double mark reads from the space around it: an opener, a closer, or either. */
function markRole(tokens: Token[], i: number): "open" | "close" | "either" {
  const t = tokens[i]!;
  if (DOUBLE_OPEN.has(t.text)) return "open";
  if (DOUBLE_CLOSE.has(t.text)) return "close";
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const gluedBefore = !!prev && prev.end === t.start && prev.para === t.para;
  const gluedAfter = !!next && next.start === t.end && next.para === t.para;
  if (gluedAfter && !gluedBefore) return "open";
  if (gluedBefore && !gluedAfter) return "close";
  if (gluedBefore && gluedAfter) return prev.type === "word" || isSpeechEnd(prev) ? "close" : "open";
  return "either";
}

function pairDoubleQuotes(tokens: Token[], out: Raw[]): void {
  let open = -1;
  // The open span continues the one before it (a new quoted paragraph of the same speech).
  let continues = false;
  // Where the current sentence began, for a closing mark whose opening mark is missing.
  let sentenceStart = 0;
  let lastClose = -1;
  const emitOpen = (close: number) => {
    if (close > open) out.push({ open, close, closed: false, openless: false, continues });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    if (prev && prev.para !== t.para) {
      // A paragraph break ends an open quote; if the next paragraph opens with a mark, that one
      // continues it.
      if (open >= 0) {
        emitOpen(i - 1);
        const runs = isDouble(t) && markRole(tokens, i) !== "close";
        open = -1;
        if (runs) {
          open = i;
          continues = true;
          continue;
        }
      }
      sentenceStart = i;
    }
    if (!isDouble(t)) {
      if (open < 0 && isTerminal(prev) && t.type !== "punct") sentenceStart = i;
      continue;
    }
    const role = markRole(tokens, i);
    if (open < 0) {
      if (role === "close" && isSpeechEnd(prev) && i - sentenceStart >= 3 && sentenceStart > lastClose) {
        // `It's come completely out of the blue," he said`: the opening mark was lost.
        out.push({ open: sentenceStart, close: i, closed: true, openless: true, continues: false });
        lastClose = i;
        continue;
      }
      if (role !== "close") {
        open = i;
        continues = false;
      }
      continue;
    }
    // A quote is open. A mark that opens after a sentence end is a new quoted paragraph of the same
    // speech (`"A. "B.`); anything else closes.
    if (role === "open" && isTerminal(prev) && i > open + 1) {
      emitOpen(i - 1);
      open = i;
      continues = true;
      continue;
    }
    if (role === "open" && !DOUBLE_OPEN.has(t.text) && prev && prev.type === "word" && DOUBLE_OPEN.has(tokens[open]!.text)) {
      // A straight mark glued to a word inside a curly quote: a stray, not a boundary.
      continue;
    }
    out.push({ open, close: i, closed: true, openless: false, continues });
    lastClose = i;
    open = -1;
    sentenceStart = i + 1;
  }
  if (open >= 0) emitOpen(tokens.length - 1);
}

function pairSingleQuotes(tokens: Token[], out: Raw[]): void {
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
      out.push({ open, close: i, closed: true, openless: false, continues: false });
      open = -1;
    }
  }
}

function isSpeech(tokens: Token[], q: QuoteSpan, continuesSpeech: boolean): boolean {
  const { words } = q;
  if (words === 0) return false;
  if (continuesSpeech) return words >= 2;
  const before = tokens[q.open - 1];
  const before2 = tokens[q.open - 2];
  if (!q.openless && before && (NAMING_CUES.has(before.lower) || (before2 && NAMING_CUES.has(before2.lower) && before.lower === "the"))) return false;
  if (before && before.lower === "called" && words <= 4) return false;
  const lastInside = q.closed ? tokens[q.close - 1] : tokens[q.close];
  const endsLikeSpeech = isSpeechEnd(lastInside);
  const [from, to] = innerRange(q);
  if (!endsLikeSpeech && words <= 8 && looksLikeTitle(tokens, from, to)) return false;
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
    if (!t.cap && !TITLE_SMALL_WORDS.has(t.lower) && !/^\p{N}/u.test(t.text)) return false;
  }
  return sawWord;
}
