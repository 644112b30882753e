/** Quotation marks the extractor may keep around a direct quote: opening → closing. */
const PAIRS: Readonly<Record<string, string>> = { '"': '"', "\u201C": "\u201D", "\u201E": "\u201C", "\u00AB": "\u00BB", "\u2018": "\u2019", "'": "'" };

/**
 * A direct quote without the quotation marks that enclose it, so the card can set its own typographic
 * ones. Anything else (marks only on one side, marks inside) is returned unchanged: the claim's words
 * are never altered.
 */
export function quoteBody(content: string): { text: string; enclosed: boolean } {
  const trimmed = content.trim();
  const open = trimmed.charAt(0);
  const close = PAIRS[open];
  if (close && trimmed.length >= 2 && trimmed.endsWith(close)) {
    const inner = trimmed.slice(1, -1);
    // `"a" and "b"` is two quotes, not one enclosed quote.
    if (!inner.includes(open) && !inner.includes(close)) return { text: inner, enclosed: true };
  }
  return { text: content, enclosed: false };
}
