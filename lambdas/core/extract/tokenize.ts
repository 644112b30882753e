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

// A word: letters/digits with inner apostrophes, hyphens, dots, ampersands or slashes ("U.S", "don't",
// "AT&T", "9/11"); every repetition needs one separator, so the pattern cannot backtrack. Runs of
// letter-dot pairs ("U.S.") take their final dot. Quote marks and other symbols are single tokens.
const TOKEN_RE =
  /(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’\-.&/][\p{L}\p{N}\p{M}]+)*|["“”„«»‹›‘’'`]|[.!?…]+|-{2,}|[^\s\p{L}\p{N}\p{M}]/uy;

const QUOTE_CHARS = new Set(['"', "“", "”", "„", "«", "»", "‹", "›", "‘", "’", "'", "`"]);
const UPPER_RE = /^\p{Lu}/u;

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt adm cmdr maj st jr sr rev fr hon pres supt insp det " +
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun " +
    "inc corp co ltd no vs etc approx dept univ ave blvd mt ft est"
  ).split(" "),
);

/** Tokens only: the pass the benchmark compares the whole extractor against. */
export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  let para = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    // Skip whitespace by hand: counting line breaks here keeps paragraph tracking in the same pass.
    let c = text.charCodeAt(pos);
    if (c <= 32 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b)) {
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
        if (tokens.length > 0 && tokens[tokens.length - 1]!.para === para) para++;
      }
      pos++;
      continue;
    }
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    let tok: string;
    if (m) tok = m[0];
    else {
      // Unpaired surrogates or characters no alternative takes: one code unit as punctuation.
      tok = text[pos]!;
    }
    const end = pos + tok.length;
    c = tok.charCodeAt(0);
    const isQuote = tok.length === 1 && QUOTE_CHARS.has(tok);
    const isWord = !isQuote && /[\p{L}\p{N}]/u.test(tok[0]!) ;
    tokens.push({
      start: pos,
      end,
      text: tok,
      lower: isWord ? tok.toLowerCase().replace(/’/g, "'") : tok,
      type: isQuote ? "quote" : isWord ? "word" : "punct",
      para,
      cap: isWord && UPPER_RE.test(tok),
    });
    pos = end;
  }
  const { sentences, sentenceOf } = splitSentences(tokens);
  return { tokens, sentences, sentenceOf };
}

const isTerminal = (t: Token) => t.type === "punct" && /^[.!?…]/.test(t.text);

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
