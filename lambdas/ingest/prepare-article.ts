/**
 * Everything ingest does to an object's bytes before the store: decode, extract, keep the claims the
 * store will keep, add their provenance. Pure and self-contained, so the local stack can run it whole
 * in a worker thread and hand back only what is stored (not the decoded text, nor claims the limit
 * drops: an article of 40,000 claims would cost seconds to copy between threads).
 */
import { analyzeArticle } from "../core/pipeline.ts";
import type { DecodeOptions } from "../core/decode/index.ts";
import type { ArticleMeta, StoredClaim } from "../store/types.ts";
import { DEFAULT_MAX_CLAIMS_PER_ARTICLE, limitClaims } from "../store/claim-limit.ts";
import { publishedAtOf, toStoredClaims } from "./stored-claims.ts";

export interface PrepareOptions extends DecodeOptions {
  /** The object's LastModified (or now): the claims' date when the article states none. */
  lastModified: Date;
  extractedAt: Date;
  maxClaims?: number;
}

export interface PreparedArticle {
  meta: ArticleMeta;
  claims: StoredClaim[];
}

/** Throws ArticleInputError for bytes no retry can fix, as decodeArticle does. */
export function prepareArticle(bytes: Uint8Array, opts: PrepareOptions): PreparedArticle {
  const { article, claims } = analyzeArticle(bytes, { key: opts.key, ...(opts.contentType !== undefined && { contentType: opts.contentType }) });
  const { kept, dropped } = limitClaims(claims, opts.maxClaims ?? DEFAULT_MAX_CLAIMS_PER_ARTICLE);
  const meta: ArticleMeta = {
    publishedAt: publishedAtOf(article, opts.lastModified),
    ...(article.title !== undefined && { title: article.title }),
    ...(article.url !== undefined && { url: article.url }),
    ...(dropped > 0 && { claimsOverLimit: dropped }),
  };
  return { meta, claims: toStoredClaims(article, kept, { articleKey: opts.key, lastModified: opts.lastModified, extractedAt: opts.extractedAt }) };
}
