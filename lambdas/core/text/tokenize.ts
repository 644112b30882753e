/**
 * Tokenizer and sentence splitter. One left-to-right pass over the text with a sticky regex whose
 * alternatives never overlap, so time is linear in the input whatever it contains.
 */

export type TokenType = "word" | "punct" | "quote";

export interface Token {
  start: number;
  end: number;
  text: string;
  /** Lower-cased text with curly apostrophes folded to straight ones. */
  lower: string;
  type: TokenType;
  /** Paragraph index: a line break starts a new paragraph. */
  para: number;
  /** The word starts with an upper-case letter. */
  cap: boolean;
}

export interface Tokenized {
  tokens: Token[];
  /** Sentences as half-open token ranges [start, end). */
  sentences: Array<[number, number]>;
  /** sentenceOf[i]: index of the sentence holding token i. */
  sentenceOf: Int32Array;
}

const QUOTE_CHARS = new Set(['"', "“", "”", "„", "«", "»", "‹", "›", "‘", "’", "'", "`"]);
const WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;
/** Characters that may join two word parts: "don't", "U.S", "Jean-Luc", "AT&T", "9/11". */
const JOINERS = new Set([39, 0x2019, 45, 46, 38, 47]);

function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xd800 && c <= 0xdbff) return WORD_CHAR_RE.test(text.slice(i, i + 2));
  return WORD_CHAR_RE.test(text[i]!);
}
const isUpperAt = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = text[i]!;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
};
const isSpaceCode = (c: number) => c <= 32 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b);
const isBreakCode = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt adm cmdr maj st jr sr rev fr hon pres supt insp det " +
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun " +
    "inc corp co ltd no vs etc approx dept univ ave blvd mt ft est"
  ).split(" "),
);

/**
 * Tokens only: the pass the benchmark compares the whole extractor against. A hand-written scanner
 * (each character looked at a bounded number of times) so time stays linear on any input.
 */
export function tokenize(text: string): Tokenized {
  return scan(text, undefined);
}

/**
 * Token objects lent out by withTokens. A long article keeps tens of thousands of tokens alive for
 * the whole extraction; allocated afresh, every one is copied by young-generation collections and
 * promoted, so time per megabyte grew with the article. Recycled tokens already sit in the old
 * generation. Bounded, so one outsized article does not pin its memory for the life of the process.
 */
const pool: Token[] = [];
const MAX_POOLED = 1 << 17;
let poolLent = false;

/**
 * Runs fn on the tokens of text, with token objects recycled from earlier calls: neither the
 * tokens nor anything holding them may outlive fn. On return their strings are dropped, so the
 * pool keeps no text alive between calls.
 */
export function withTokens<T>(text: string, fn: (tk: Tokenized) => T): T {
  // A nested call (fn tokenizing again) gets fresh tokens rather than the ones in use.
  if (poolLent) return fn(tokenize(text));
  poolLent = true;
  // Every pooled object, should scanning fail part way.
  let used = Infinity;
  try {
    const tk = scan(text, pool);
    used = tk.tokens.length;
    return fn(tk);
  } finally {
    for (let k = 0; k < used && k < pool.length; k++) {
      const t = pool[k]!;
      t.text = "";
      t.lower = "";
    }
    poolLent = false;
  }
}

function scan(text: string, reuse: Token[] | undefined): Tokenized {
  const tokens: Token[] = [];
  let para = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (isSpaceCode(c)) {
      // Counting line breaks here keeps paragraph tracking in the same pass.
      if (isBreakCode(c) && tokens.length > 0 && tokens[tokens.length - 1]!.para === para) para++;
      pos++;
      continue;
    }
    let end = pos + 1;
    let type: TokenType;
    if (isWordCode(text, pos)) {
      type = "word";
      if (c >= 0xd800 && c <= 0xdbff) end++;
      // "U.S." keeps its final dot: letter-dot pairs.
      if (isUpperAt(text, pos) && text.charCodeAt(pos + 1) === 46 && pos + 3 < n && isUpperAt(text, pos + 2) && text.charCodeAt(pos + 3) === 46) {
        end = pos + 4;
        while (end + 1 < n && isUpperAt(text, end) && text.charCodeAt(end + 1) === 46) end += 2;
      } else {
        for (;;) {
          while (end < n && isWordCode(text, end)) end++;
          if (end + 1 < n && JOINERS.has(text.charCodeAt(end)) && isWordCode(text, end + 1)) end += 2;
          else break;
        }
      }
    } else if ((c === 39 || c === 0x2019) && (text[pos + 1] === "s" || text[pos + 1] === "S") && !isWordCode(text, pos + 2) && pos > 0 && isSpaceCode(text.charCodeAt(pos - 1))) {
      // Pre-tokenized possessive ("the regime ’s assets"): a word, not a quote mark.
      type = "word";
      end = pos + 2;
    } else if (QUOTE_CHARS.has(text[pos]!)) {
      type = "quote";
      // Doubled single marks (''like this'' or ``this'') stand for a double quote.
      if ((c === 39 || c === 96) && text.charCodeAt(pos + 1) === c) end++;
    } else {
      type = "punct";
      if (c === 46 || c === 33 || c === 63 || c === 0x2026) {
        while (end < n && /[.!?…]/.test(text[end]!)) end++;
      } else if (c === 45) {
        while (end < n && text.charCodeAt(end) === 45) end++;
      } else if (c >= 0xd800 && c <= 0xdbff && end < n) end++;
    }
    const tok = text.slice(pos, end);
    let lower = tok;
    if (type === "word") {
      lower = tok.toLowerCase();
      if (lower.includes("’")) lower = lower.replace(/’/g, "'");
    }
    const cap = type === "word" && isUpperAt(text, pos);
    const k = tokens.length;
    if (reuse && k < reuse.length) {
      const t = reuse[k]!;
      t.start = pos;
      t.end = end;
      t.text = tok;
      t.lower = lower;
      t.type = type;
      t.para = para;
      t.cap = cap;
      tokens.push(t);
    } else {
      const t: Token = { start: pos, end, text: tok, lower, type, para, cap };
      if (reuse && k < MAX_POOLED) reuse.push(t);
      tokens.push(t);
    }
    pos = end;
  }
  const { sentences, sentenceOf } = splitSentences(tokens);
  return { tokens, sentences, sentenceOf };
}

/** A full stop, question or exclamation mark (or an ellipsis): where a sentence may end. */
export const isTerminal = (t: Token | undefined): boolean => !!t && t.type === "punct" && /^[.!?…]/.test(t.text);

/**
 * A sentence ends at . ! ? (plus any closing quotes or brackets) when the next token opens a new
 * sentence, and always at a paragraph break. Quote marks after a full stop are ambiguous in
 * pre-tokenized text; the attribution step works on quote spans, so a wrong guess here only moves
 * a boundary by one token.
 */
function splitSentences(tokens: Token[]): { sentences: Array<[number, number]>; sentenceOf: Int32Array } {
  const sentences: Array<[number, number]> = [];
  const sentenceOf = new Int32Array(tokens.length);
  let start = 0;
  const close = (end: number) => {
    if (end <= start) return;
    for (let k = start; k < end; k++) sentenceOf[k] = sentences.length;
    sentences.push([start, end]);
    start = end;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (!next) break;
    if (next.para !== t.para) {
      close(i + 1);
      continue;
    }
    if (!isTerminal(t)) continue;
    if (t.text === "." && isAbbreviationBefore(tokens, i)) continue;
    // Closing quotes and brackets glued to the stop belong to this sentence.
    let j = i + 1;
    while (j < tokens.length && tokens[j]!.para === t.para && j - i <= 2) {
      const u = tokens[j]!;
      const glued = u.start === tokens[j - 1]!.end;
      if ((u.type === "quote" && (glued || u.text === "”" || u.text === "’" || u.text === "»")) || u.text === ")" || u.text === "]") j++;
      else break;
    }
    const after = tokens[j];
    if (!after || after.para !== t.para) {
      close(j);
      i = j - 1;
      continue;
    }
    if (after.cap || after.type === "quote" || /^[\p{N}(\[]/u.test(after.text)) {
      close(j);
      i = j - 1;
    }
  }
  close(tokens.length);
  return { sentences, sentenceOf };
}

function isAbbreviationBefore(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (!prev || prev.type !== "word" || prev.end !== tokens[i]!.start) return false;
  if (ABBREVIATIONS.has(prev.lower)) return true;
  // Initials ("J. Smith", pre-tokenized "U. S.") but not a sentence ending in a capital letter word.
  return prev.text.length === 1 && prev.cap;
}
