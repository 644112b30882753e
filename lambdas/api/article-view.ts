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
  /**
   * The decoded article text from `textOffset` on: all of it, or as much as one response holds. Claim
   * offsets index into the whole text (`text` starts at `textOffset` of it).
   */
  text?: string;
  /** Where `text` starts in the whole text (UTF-16 code units, as claim offsets count). */
  textOffset?: number;
  /** Length of the whole text. */
  textLength?: number;
  /** Present when the text goes on: ask again with `textOffset` set to this for the rest. */
  nextTextOffset?: number;
  /** True only when `text` is the version the claims came from and every claim lines up with it. */
  textMatchesClaims: boolean;
  /** Why `text` is absent: no text source configured, or the object's state. */
  textUnavailable?: TextUnavailableReason | "not-configured";
  claims: StoredClaim[];
  /** Claims left out because the response would have been too large (absent when none were). */
  claimsOmitted?: number;
}

/** Which part of the text to serve; by default all of it, as far as the response limit allows. */
export interface TextWindow {
  offset: number;
  limit: number;
}

/** Text served per response at most, in characters, unless `textLimit` asks for less. */
export const MAX_TEXT_LIMIT = 1_000_000;
/**
 * Lambda returns at most 6 MB, counted on its JSON response, where the body is a string escaped once
 * more: the view is sized that way, with room left for the status line and headers.
 */
export const MAX_RESPONSE_BYTES = 5.5 * 1024 * 1024;

/** Kept for the text when an article's claims alone would fill a response. */
const TEXT_RESERVE_BYTES = 1024 * 1024;

const payloadBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(JSON.stringify(value)));

/**
 * The first claims (in the order given) whose serialized size fits `budget` bytes, and how many did
 * not. Only an article with thousands of long claims comes near it.
 */
export function claimsWithin(claims: readonly StoredClaim[], budget: number): { claims: StoredClaim[]; omitted: number } {
  let used = 0;
  let kept = 0;
  for (; kept < claims.length; kept++) {
    used += payloadBytes(claims[kept]) + 2;
    if (used > budget) break;
  }
  return { claims: claims.slice(0, kept), omitted: claims.length - kept };
}

/**
 * `text` is undefined when the API has no text source (no CLAIMS_BUCKET). The text served is cut to
 * the window and then to what fits the response limit beside the record and its claims.
 */
export function buildArticleView(record: ArticleRecord, claims: readonly StoredClaim[], text: ArticleText | undefined, window: TextWindow = { offset: 0, limit: MAX_TEXT_LIMIT }): ArticleView {
  const all = [...claims].sort((a, b) => a.contentStart - b.contentStart || a.contentEnd - b.contentEnd);
  // The claims get what the response holds beyond a share kept for the text.
  const { claims: ordered, omitted } = claimsWithin(all, MAX_RESPONSE_BYTES - TEXT_RESERVE_BYTES);
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
    ...(omitted > 0 && { claimsOmitted: omitted }),
  };
  if (text === undefined) return { ...view, textUnavailable: "not-configured" };
  if (!text.found) return { ...view, textUnavailable: text.reason };
  // A newer upload not yet processed has a new ETag; the offsets check also catches a decoder that
  // has changed since the claims were extracted.
  const sameVersion = record.etag === undefined || text.etag === undefined || sameEtag(record.etag, text.etag);
  const matched = { ...view, textMatchesClaims: sameVersion && ordered.every((c) => claimLinesUp(text.text, c)) };
  return { ...matched, ...textPage(text.text, window, MAX_RESPONSE_BYTES - payloadBytes(matched)) };
}

/** The window of `whole` that fits `budget` payload bytes, never ending inside a surrogate pair. */
function textPage(whole: string, window: TextWindow, budget: number): Pick<ArticleView, "text" | "textOffset" | "textLength" | "nextTextOffset"> {
  const start = Math.min(window.offset, whole.length);
  let end = Math.min(whole.length, start + window.limit);
  // Escaping makes bytes per character vary (quotes, newlines, non-ASCII): shrink until it fits.
  for (let size = payloadBytes(whole.slice(start, end)); size > budget && end > start; size = payloadBytes(whole.slice(start, end))) {
    end = start + Math.floor(((end - start) * Math.max(0, budget)) / size * 0.98);
  }
  if (end > start && end < whole.length && isHighSurrogate(whole.charCodeAt(end - 1))) end--;
  return { text: whole.slice(start, end), textOffset: start, textLength: whole.length, ...(end < whole.length && { nextTextOffset: end }) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The stored content is the article's slice, or its prefix when it was cut to bound the item's size. */
function claimLinesUp(text: string, claim: StoredClaim): boolean {
  if (claim.contentStart < 0 || claim.contentEnd > text.length || claim.contentStart > claim.contentEnd) return false;
  const slice = text.slice(claim.contentStart, claim.contentEnd);
  return claim.contentLength !== undefined ? slice.startsWith(claim.content) : slice === claim.content;
}
