/** ArticleTextSource over the articles bucket: one GetObject, never more than the ingest size cap read. */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { decodeArticleObject, type ArticleText, type ArticleTextSource } from "./article-text.ts";

export interface S3ArticleTextOptions {
  s3: Pick<S3Client, "send">;
  bucket: string;
  /** The same cap as ingest (MAX_ARTICLE_BYTES): a larger object was never analysed, so its text is not served. */
  maxArticleBytes: number;
}

export function createS3ArticleTextSource({ s3, bucket, maxArticleBytes }: S3ArticleTextOptions): ArticleTextSource {
  return {
    async getText(key): Promise<ArticleText> {
      let out;
      try {
        out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (e) {
        if (isMissing(e)) return { found: false, reason: "gone" };
        throw e;
      }
      const etag = out.ETag !== undefined ? { etag: out.ETag } : {};
      if ((out.ContentLength ?? 0) > maxArticleBytes) {
        // Drop the connection instead of reading a body that would be thrown away.
        (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
        return { found: false, reason: "too-large", ...etag };
      }
      const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
      if (bytes.length > maxArticleBytes) return { found: false, reason: "too-large", ...etag };
      return decodeArticleObject(key, { bytes, ...(out.ContentType !== undefined && { contentType: out.ContentType }), ...etag });
    },
  };
}

/**
 * The api function may GetObject every object of the bucket but not ListBucket, so S3 answers a
 * missing key with 403 AccessDenied instead of 404 NoSuchKey (the bucket uses S3-managed keys, so no
 * KMS denial can hide behind it): both mean the object is gone.
 */
function isMissing(e: unknown): boolean {
  const name = (e as { name?: string } | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound" || name === "AccessDenied";
}
