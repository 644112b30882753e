import { GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { createS3ArticleTextSource } from "../../lambdas/api/s3-article-text.ts";

/** Fault paths only; the happy path runs against the local S3 server in test/integration/api-article.test.ts. */
const failing = (name: string) => ({
  send: async () => {
    throw Object.assign(new Error(name), { name });
  },
});

describe("S3 article text source: fault paths", () => {
  it.each(["NoSuchKey", "AccessDenied"])("reads %s as a deleted object (without ListBucket S3 answers a missing key with 403)", async (name) => {
    const source = createS3ArticleTextSource({ s3: failing(name), bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).resolves.toEqual({ found: false, reason: "gone" });
  });

  it("throws anything else, so the request fails as a 500 instead of claiming the article is gone", async () => {
    const source = createS3ArticleTextSource({ s3: failing("SlowDown"), bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).rejects.toThrow("SlowDown");
  });

  it("does not read the body of an object over the cap", async () => {
    let destroyed = false;
    let read = false;
    const sent: unknown[] = [];
    const s3 = {
      send: async (command: unknown) => {
        sent.push(command);
        return { ContentLength: 101, ETag: '"e"', Body: { destroy: () => (destroyed = true), transformToByteArray: async () => ((read = true), new Uint8Array()) } };
      },
    };
    const source = createS3ArticleTextSource({ s3: s3 as never, bucket: "b", maxArticleBytes: 100 });
    await expect(source.getText("a.txt")).resolves.toEqual({ found: false, reason: "too-large", etag: '"e"' });
    expect(destroyed).toBe(true);
    expect(read).toBe(false);
    expect((sent[0] as GetObjectCommand).input).toEqual({ Bucket: "b", Key: "a.txt" });
  });
});
