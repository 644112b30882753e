/**
 * Ingest end to end: articles uploaded to the local stack's bucket, through its S3 events, queue and the
 * real ingest handler into DynamoDB Local, timed from the first upload until the stack reports every
 * article processed; then each article's claims are read back through the API to prove they are queryable.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { localS3ClientConfig } from "../local/services/s3-server.ts";
import type { BenchArticle } from "./corpus.ts";
import type { LocalStackProcess } from "./local-stack.ts";

export interface IngestE2eResult {
  articles: number;
  /** The uploaded keys, for the sections that reuse the stored articles. */
  keys: string[];
  seconds: number;
  articlesPerSec: number;
  claims: number;
  failed: number;
  /** Articles whose claims the API returned after ingest (should equal `articles`). */
  queryable: number;
}

export async function measureIngestEndToEnd(stack: LocalStackProcess, articles: readonly BenchArticle[], opts: { prefix: string; uploadConcurrency?: number }): Promise<IngestE2eResult> {
  const s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
  const bucket = stack.env.CLAIMS_BUCKET!;
  const keys = articles.map((a, i) => `${opts.prefix}/${String(i).padStart(4, "0")}-${a.id}.txt`);
  try {
    const before = await stack.status();
    const started = performance.now();
    await forEachLimited(articles.length, opts.uploadConcurrency ?? 8, (i) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: keys[i]!, Body: articles[i]!.text, ContentType: "text/plain; charset=utf-8" })),
    );
    const after = await stack.waitForIngested(before, articles.length, 300_000 + articles.length * 2_000);
    const seconds = (performance.now() - started) / 1000;

    let queryable = 0;
    await forEachLimited(keys.length, 8, async (i) => {
      const res = await fetch(`${stack.apiUrl}/articles/${encodeURIComponent(keys[i]!)}/claims`);
      if (res.ok) queryable++;
      await res.arrayBuffer();
    });
    return {
      articles: articles.length,
      keys,
      seconds,
      articlesPerSec: articles.length / seconds,
      claims: after.ingest.claims - before.ingest.claims,
      failed: after.ingest.failed - before.ingest.failed,
      queryable,
    };
  } finally {
    s3.destroy();
  }
}

/** Runs `task(0..count-1)` with at most `limit` in flight. */
export async function forEachLimited(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
