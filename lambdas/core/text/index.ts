/**
 * The text stage: tokens (words, punctuation, quote marks, with paragraph numbers), sentences, and
 * quote spans. Everything later refers to text by token index.
 */
import { findQuotes, type QuoteAnalysis } from "./quotes.ts";
import { withTokens, type Tokenized } from "./tokenize.ts";

export { tokenize, withTokens } from "./tokenize.ts";
export type { Token, TokenType, Tokenized } from "./tokenize.ts";
export { findQuotes, innerRange } from "./quotes.ts";
export type { QuoteAnalysis, QuoteSpan } from "./quotes.ts";

export type TextAnalysis = Tokenized & QuoteAnalysis;

/** Runs fn on the analysed text. Tokens are recycled after fn returns: nothing may keep them. */
export function withText<T>(text: string, fn: (ta: TextAnalysis) => T): T {
  return withTokens(text, (tk) => fn({ ...tk, ...findQuotes(tk.tokens) }));
}
