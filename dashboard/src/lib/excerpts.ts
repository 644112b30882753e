/**
 * The article's text as far as its claims reveal it. Each claim carries the sentence(s) around it and
 * where its content sits in both that context and the article, so the contexts can be placed in the
 * article and overlapping ones stitched together. Used when the API does not send the article text.
 */
export interface ClaimInArticle {
  content: string;
  contentStart: number;
  context: string;
  contextContentStart: number;
  contextContentEnd: number;
}

export interface Passage {
  /** Offset of `text` in the article. */
  start: number;
  text: string;
}

/** Where the claim's context starts in the article, when its offsets agree with each other. */
function contextStart(claim: ClaimInArticle): number | undefined {
  const { context, content, contextContentStart: cs, contextContentEnd: ce } = claim;
  if (!context || !Number.isInteger(cs) || !Number.isInteger(ce) || cs < 0 || ce > context.length) return undefined;
  if (context.slice(cs, ce) !== content) return undefined;
  const start = claim.contentStart - cs;
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}

/**
 * Passages in article order; touching or overlapping contexts become one passage. Contexts end at a
 * sentence end and start after the following space or line break, so two contexts one character apart
 * are consecutive sentences: they are joined with a space rather than split by an ellipsis.
 */
export function buildPassages(claims: readonly ClaimInArticle[]): Passage[] {
  const placed = claims
    .map((c) => ({ start: contextStart(c), text: c.context }))
    .filter((p): p is Passage => p.start !== undefined)
    .sort((a, b) => a.start - b.start || b.text.length - a.text.length);
  const passages: Passage[] = [];
  for (const p of placed) {
    const last = passages[passages.length - 1];
    const lastEnd = last ? last.start + last.text.length : -1;
    if (last && p.start <= lastEnd) {
      const end = p.start + p.text.length;
      if (end > lastEnd) last.text += p.text.slice(lastEnd - p.start);
    } else if (last && p.start === lastEnd + 1) {
      last.text += ` ${p.text}`;
    } else {
      passages.push({ ...p });
    }
  }
  return passages;
}
