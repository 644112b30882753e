import type { DecodedArticle } from "../model.ts";

const MAX_TITLE_LENGTH = 200;

/**
 * Plain text is kept exactly as it is. A short first line standing alone as its own paragraph and not
 * ending like a sentence is taken as the headline (it stays in the text too).
 */
export function plainTextToArticle(text: string): DecodedArticle {
  const start = text.search(/\S/);
  if (start < 0) return { text };
  const lineEnd = text.indexOf("\n", start);
  if (lineEnd < 0) return { text };
  const first = text.slice(start, lineEnd).trim();
  const standsAlone = /^[ \t]*\n/.test(text.slice(lineEnd + 1, lineEnd + 200));
  const isHeadline = standsAlone && first.length <= MAX_TITLE_LENGTH && !/[.,;:]["'”’)]*$/.test(first);
  return isHeadline ? { text, title: first } : { text };
}
