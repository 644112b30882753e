/** The extractor's claims plus where they came from, as the store keeps them. */
import type { Claim, DecodedArticle } from "../core/model.ts";
import { claimContext, EXTRACTOR_VERSION } from "../core/pipeline.ts";
import type { StoredClaim } from "../store/types.ts";

export interface Provenance {
  articleKey: string;
  /** The object's LastModified: the date of a claim when the article states none. */
  lastModified: Date;
  extractedAt: Date;
}

/** The article's own date when it has a readable one, otherwise the object's LastModified. */
export function publishedAtOf(article: DecodedArticle, lastModified: Date): string {
  const ms = article.publishedAt ? Date.parse(article.publishedAt) : NaN;
  return new Date(Number.isNaN(ms) ? lastModified.getTime() : ms).toISOString();
}

export function toStoredClaims(article: DecodedArticle, claims: readonly Claim[], p: Provenance): StoredClaim[] {
  const publishedAt = publishedAtOf(article, p.lastModified);
  const extractedAt = p.extractedAt.toISOString();
  return claims.map((claim) => ({
    ...claim,
    articleKey: p.articleKey,
    ...(article.title !== undefined && { title: article.title }),
    ...(article.url !== undefined && { url: article.url }),
    publishedAt,
    extractedAt,
    extractorVersion: EXTRACTOR_VERSION,
    ...claimContext(article.text, claim),
  }));
}
