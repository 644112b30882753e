/**
 * An article's paragraphs with their offsets in the article. The decoder separates paragraphs with a
 * blank line; each paragraph keeps its own line breaks, so claim offsets stay article offsets.
 */
import type { Passage } from "./excerpts.ts";

export function splitParagraphs(text: string): Passage[] {
  const paragraphs: Passage[] = [];
  const separator = /\n[ \t]*\n\s*/g;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    if (raw.trim()) paragraphs.push({ start, text: raw });
  };
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return paragraphs;
}
