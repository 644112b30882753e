/** ArticleTextSource over the articles bucket: one GetObject, never more than the ingest size cap read. */
import { decodeArticleObject, type ArticleText, type ArticleTextSource } from "./article-text.ts";
import type { ObjectReader } from "../aws/s3-object-reader.ts";

export interface S3ArticleTextOptions {
  objects: Pick<ObjectReader, "read">;
  bucket: string;
  /** The same cap as ingest (MAX_ARTICLE_BYTES): a larger object was never analysed, so its text is not served. */
  maxArticleBytes: number;
}

export function createS3ArticleTextSource({ objects, bucket, maxArticleBytes }: S3ArticleTextOptions): ArticleTextSource {
  return {
    async getText(key): Promise<ArticleText> {
      let object;
      try {
        object = await objects.read(bucket, key, maxArticleBytes);
      } catch (e) {
        if (isAccessDenied(e)) return { found: false, reason: "gone" };
        throw e;
      }
      if (!object.found) return object.reason === "missing" ? { found: false, reason: "gone" } : { found: false, reason: "too-large", ...(object.etag !== undefined && { etag: object.etag }) };
      return decodeArticleObject(key, {
        bytes: object.bytes,
        ...(object.contentType !== undefined && { contentType: object.contentType }),
        ...(object.etag !== undefined && { etag: object.etag }),
      });
    },
  };
}

/**
 * The api function may GetObject every object of the bucket but not ListBucket, so S3 answers a
 * missing key with 403 AccessDenied instead of 404 NoSuchKey (the bucket uses S3-managed keys, so no
 * KMS denial can hide behind it): that too means the object is gone.
 */
const isAccessDenied = (e: unknown) => (e as { name?: string } | undefined)?.name === "AccessDenied";
