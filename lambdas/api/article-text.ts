/**
 * The text of an article as its claims' offsets see it: the object's bytes run through the same
 * decoder as ingest. Where the bytes come from is behind ArticleTextSource, so the endpoint stays free
 * of any SDK and tests can hand it whatever object state they need.
 */
import { decodeArticle } from "../core/decode/index.ts";
import { isArticleInputError } from "../core/errors.ts";

/** Why no text is served: no object any more, over the size cap, or bytes the decoder rejects. */
export type TextUnavailableReason = "gone" | "too-large" | "undecodable";

export type ArticleText =
  | { found: true; text: string; etag?: string }
  | { found: false; reason: TextUnavailableReason; etag?: string };

export interface ArticleTextSource {
  getText(key: string): Promise<ArticleText>;
}

/** An object as read from the bucket, before decoding. */
export interface ArticleObject {
  bytes: Uint8Array;
  contentType?: string;
  etag?: string;
}

export function decodeArticleObject(key: string, object: ArticleObject): ArticleText {
  const etag = object.etag !== undefined ? { etag: object.etag } : {};
  try {
    const { text } = decodeArticle(object.bytes, { key, ...(object.contentType !== undefined && { contentType: object.contentType }) });
    return { found: true, text, ...etag };
  } catch (e) {
    if (isArticleInputError(e)) return { found: false, reason: "undecodable", ...etag };
    throw e;
  }
}

/** S3 quotes ETags in object metadata but not in event notifications; compare them unquoted. */
export function sameEtag(a: string, b: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  return bare(a) === bare(b);
}
