/**
 * What every attribution rule sees: the tokens, sentences and quote spans of the article, its name
 * runs, the options, and small helpers over token ranges.
 */
import { isTerminal, type Token, type Tokenized } from "../text/tokenize.ts";
import type { QuoteAnalysis, QuoteSpan } from "../text/quotes.ts";
import type { NameRuns } from "../mentions/names.ts";
import type { Span } from "../mentions/phrases.ts";

/** The rule that made an attribution: each construction has one. */
export type RuleId =
  | "quote-after"
  | "quote-before"
  | "colon-block"
  | "indirect"
  | "postposed"
  | "parenthetical"
  | "according-to"
  | "continuation"
  | "transcript"
  | "signature"
  | "headline";

export interface Attribution {
  cue: [number, number];
  /** Token range of the speaker mention; for a continuation, the mention of the claim it continues. */
  speaker?: Span;
  content: [number, number];
  rule: RuleId;
  /** How typical the cue is of an attribution, 0..1. */
  cueStrength: number;
}

export type ExtractionScheme = "product" | "polnear";

export interface AttributionOptions {
  /**
   * "product": only claims with propositional content (a quotation, a clause, a that/according-to
   * clause). "polnear": also beliefs, intentions and cue verbs with a noun-phrase object, as the
   * PolNeAR corpus annotates them.
   */
  scheme: ExtractionScheme;
  /** Minimum learned cue rate for reported speech without quote marks (polnear scheme). */
  minCueRate: number;
  /** Count beliefs ("thinks", "believes") as attributions. */
  cognition: boolean;
}

export const DEFAULT_ATTRIBUTION_OPTIONS: AttributionOptions = { scheme: "product", minCueRate: 0.35, cognition: true };

export interface RuleContext extends Tokenized, QuoteAnalysis {
  names: NameRuns;
  opts: AttributionOptions;
  /** The speech quote that closes at / opens at each token. */
  closesAt: Map<number, QuoteSpan>;
  opensAt: Map<number, QuoteSpan>;
}

export function ruleContext(tk: Tokenized, qa: QuoteAnalysis, names: NameRuns, opts: AttributionOptions): RuleContext {
  const closesAt = new Map<number, QuoteSpan>();
  const opensAt = new Map<number, QuoteSpan>();
  for (const q of qa.quotes) {
    if (!q.speech) continue;
    closesAt.set(q.close, q);
    opensAt.set(q.open, q);
  }
  return { ...tk, ...qa, names, opts, closesAt, opensAt };
}

export { isTerminal } from "../text/tokenize.ts";
export const isWord = (t: Token | undefined): t is Token => !!t && t.type === "word";

export function wordCount(tokens: Token[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (tokens[k]!.type === "word") n++;
  return n;
}

export function hasQuote(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (tokens[k]!.type === "quote") return true;
  return false;
}

/** Drops a final full stop, comma or semicolon so the content is the clause; keeps closing quote marks. */
export function trimEnd(tokens: Token[], start: number, end: number): number {
  let e = end;
  while (e > start + 1 && (isTerminal(tokens[e - 1]) || tokens[e - 1]!.text === "," || tokens[e - 1]!.text === ";" || tokens[e - 1]!.text === ":")) e--;
  return e;
}

export function sentenceOfToken(ctx: RuleContext, tok: number): [number, number] {
  return ctx.sentences[ctx.sentenceOf[tok]!]!;
}

/** After the cue and its speaker only a few words, or an appositive after a comma: the sentence ends there. */
export function tailIsShort(tokens: Token[], from: number, sEnd: number): boolean {
  let words = 0;
  for (let k = from; k < sEnd; k++) {
    const t = tokens[k]!;
    if (t.text === ",") return true;
    if (t.type === "quote") return true;
    if (t.type === "word") words++;
    if (words > 7) return false;
  }
  return true;
}
