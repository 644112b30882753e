/**
 * GET /articles/{articleKey}: the article's status, its claims in reading order, and its text when the
 * text still is the one the claims were extracted from.
 */
import type { ArticleRecord, StoredClaim } from "../store/types.ts";
import { sameEtag, type ArticleText, type TextUnavailableReason } from "./article-text.ts";

export interface ArticleView {
  key: string;
  status: ArticleRecord["status"];
  title?: string;
  url?: string;
  publishedAt?: string;
  claimCount: number;
  errorReason?: string;
  errorMessage?: string;
  /** The decoded article text; claim offsets index into it when `textMatchesClaims`. */
  text?: string;
  /** True only when `text` is the version the claims came from and every claim lines up with it. */
  textMatchesClaims: boolean;
  /** Why `text` is absent: no text source configured, or the object's state. */
  textUnavailable?: TextUnavailableReason | "not-configured";
  claims: StoredClaim[];
}

/** `text` is undefined when the API has no text source (no CLAIMS_BUCKET). */
export function buildArticleView(record: ArticleRecord, claims: readonly StoredClaim[], text: ArticleText | undefined): ArticleView {
  const ordered = [...claims].sort((a, b) => a.contentStart - b.contentStart || a.contentEnd - b.contentEnd);
  const view: ArticleView = {
    key: record.key,
    status: record.status,
    ...(record.title !== undefined && { title: record.title }),
    ...(record.url !== undefined && { url: record.url }),
    ...(record.publishedAt !== undefined && { publishedAt: record.publishedAt }),
    claimCount: record.claimCount,
    ...(record.errorReason !== undefined && { errorReason: record.errorReason }),
    ...(record.errorMessage !== undefined && { errorMessage: record.errorMessage }),
    textMatchesClaims: false,
    claims: ordered,
  };
  if (text === undefined) return { ...view, textUnavailable: "not-configured" };
  if (!text.found) return { ...view, textUnavailable: text.reason };
  // A newer upload not yet processed has a new ETag; the offsets check also catches a decoder that
  // has changed since the claims were extracted.
  const sameVersion = record.etag === undefined || text.etag === undefined || sameEtag(record.etag, text.etag);
  return { ...view, text: text.text, textMatchesClaims: sameVersion && ordered.every((c) => claimLinesUp(text.text, c)) };
}

/** The stored content is the article's slice, or its prefix when it was cut to bound the item's size. */
function claimLinesUp(text: string, claim: StoredClaim): boolean {
  if (claim.contentStart < 0 || claim.contentEnd > text.length || claim.contentStart > claim.contentEnd) return false;
  const slice = text.slice(claim.contentStart, claim.contentEnd);
  return claim.contentLength !== undefined ? slice.startsWith(claim.content) : slice === claim.content;
}
