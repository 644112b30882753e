import { describe, expect, it } from "vitest";
import { createS3ArticleTextSource } from "../../lambdas/api/s3-article-text.ts";
import { S3ResponseError, type ObjectRead, type ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";

/** Fault paths only; the happy path runs against the local S3 server in test/integration/api-article.test.ts. */
const reader = (outcome: () => ObjectRead): Pick<ObjectReader, "read"> & { calls: unknown[][] } => {
  const calls: unknown[][] = [];
  return { calls, read: async (...args) => (calls.push(args), outcome()) };
};

describe("S3 article text source: fault paths", () => {
  it("reads a missing object as a deleted one", async () => {
    const objects = reader(() => ({ found: false, reason: "missing" }));
    const source = createS3ArticleTextSource({ objects, bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).resolves.toEqual({ found: false, reason: "gone" });
    expect(objects.calls).toEqual([["b", "a.txt", 100]]);
  });

  it("reads AccessDenied as a deleted object (without ListBucket S3 answers a missing key with 403)", async () => {
    const source = createS3ArticleTextSource({ objects: reader(() => { throw new S3ResponseError("AccessDenied", "Access Denied", 403); }), bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).resolves.toEqual({ found: false, reason: "gone" });
  });

  it("throws anything else, so the request fails as a 500 instead of claiming the article is gone", async () => {
    const source = createS3ArticleTextSource({ objects: reader(() => { throw new S3ResponseError("SlowDown", "Please reduce your request rate.", 503); }), bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).rejects.toThrow("reduce your request rate");
  });

  it("passes the cap to the reader and answers too-large, with the object's ETag, when it is over", async () => {
    const objects = reader(() => ({ found: false, reason: "too-large", bytes: 101, etag: '"e"' }));
    const source = createS3ArticleTextSource({ objects, bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).resolves.toEqual({ found: false, reason: "too-large", etag: '"e"' });
    expect(objects.calls).toEqual([["b", "a.txt", 100]]);
  });
});
