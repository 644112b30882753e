/**
 * Which claims an article keeps when it has more than the per-article limit. The limit bounds the
 * article's items and META; it is reached only by text that is mostly not prose (tables of quotes,
 * lists of sayings, program text the decoder did not recognise), so the claims the extractor is surest
 * of are kept, not the first ones: a run of noise early in an article never crowds out the reporting
 * after it. Equal confidence keeps text order. Pure.
 */
/** Claims one article keeps at most: bounds META's id lists and the article's writes. */
export const DEFAULT_MAX_CLAIMS_PER_ARTICLE = 2_000;

export interface Limitable {
  confidence: number;
  contentStart: number;
  contentEnd: number;
}

/** The claims kept, in text order, and how many were dropped. */
export function limitClaims<C extends Limitable>(claims: readonly C[], max: number): { kept: C[]; dropped: number } {
  const inTextOrder = (a: C, b: C) => a.contentStart - b.contentStart || a.contentEnd - b.contentEnd;
  if (claims.length <= max) return { kept: [...claims].sort(inTextOrder), dropped: 0 };
  const kept = [...claims]
    .sort((a, b) => b.confidence - a.confidence || inTextOrder(a, b))
    .slice(0, Math.max(0, max))
    .sort(inTextOrder);
  return { kept, dropped: claims.length - kept.length };
}
