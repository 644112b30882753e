import { decodeArticle, type DecodeOptions } from "./decode/index.ts";
import { extractClaims } from "./extract/index.ts";
import type { Claim, DecodedArticle } from "./model.ts";

export interface AnalyzedArticle {
  article: DecodedArticle;
  claims: Claim[];
}

/** Bytes in, claims out: the one path the ingest Lambda, the local stack and the CLI share. */
export function analyzeArticle(bytes: Uint8Array, opts: DecodeOptions): AnalyzedArticle {
  const article = decodeArticle(bytes, opts);
  const claims = extractClaims(article.text, { articleKey: opts.key, title: article.title });
  return { article, claims };
}
