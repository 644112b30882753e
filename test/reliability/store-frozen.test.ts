/**
 * A store that stops answering: DynamoDB Local's JVM frozen with SIGSTOP (the process keeps its port,
 * the kernel keeps accepting connections, nothing ever answers), as a hung node or a network partition
 * looks to a client. The read API, with the same client timeouts and retries as in AWS
 * (lambdas/aws/clients.ts), must answer every route within 5 s with 503 and Retry-After, and serve
 * normally once the store is back. The JVM is private to this file, so freezing it touches no other test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { API_DEADLINE_MS, createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import { createS3ArticleTextSource } from "../../lambdas/api/s3-article-text.ts";
import { dynamoClient, objectReaderLimits } from "../../lambdas/aws/clients.ts";
import { createS3ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";
import { analyzeArticle } from "../../lambdas/core/pipeline.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { toStoredClaims } from "../../lambdas/ingest/stored-claims.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { S3RVER_CREDENTIALS } from "../../local/services/s3-server.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";
import { apiEvent } from "../support/events.ts";

const KEY = "frozen/harbour.txt";
const TEXT = `\u201cThe harbour will reopen on Friday,\u201d harbour master Ines Albarran said on Tuesday. The port authority said the dredging had finished early, according to a statement.`;
const ANSWER_WITHIN_MS = 5_000;

let env: LocalServices;
let api: ApiHandler;
let destroy: () => void = () => undefined;
let paths: string[] = [];

async function timed(method: string, path: string) {
  const started = performance.now();
  const [rawPath = path, query = ""] = path.split("?");
  const res = await api(apiEvent(method, rawPath, query));
  return { path: `${method} ${path}`, status: res.statusCode, retryAfter: res.headers["retry-after"], ms: performance.now() - started };
}

/** The route's status, asked again (up to 20 times) while it is a 503. */
async function statusOnceBack(path: string): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
    status = (await timed("GET", path)).status;
    if (status === 503) await new Promise((r) => setTimeout(r, 250));
    else break;
  }
  return status;
}

beforeAll(async () => {
  env = await startLocalServices();
  const [tableName, bucket] = await Promise.all([env.createTable("frozen"), env.createBucket("frozen")]);
  const bytes = new TextEncoder().encode(TEXT);
  await env.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: bytes }));
  const writer = createDynamoClaimStore({ client: env.dynamoClient, tableName });
  const { article, claims } = analyzeArticle(bytes, { key: KEY });
  const stored = toStoredClaims(article, claims, { articleKey: KEY, lastModified: new Date("2025-03-04T10:00:00Z"), extractedAt: new Date() });
  expect(stored.length).toBeGreaterThan(0);
  await writer.replaceArticle({ key: KEY, sequencer: "01" }, { publishedAt: "2025-03-04T10:00:00.000Z" }, stored);
  // Speaker summaries and topic counts are the aggregator's, from the table's stream.
  await env.settleAggregates(tableName);

  // The API's clients exactly as the function builds them, pointed at the private services.
  const client = dynamoClient("api", { endpoint: env.dynamo!.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const objects = createS3ObjectReader({ endpoint: env.s3!.endpoint, region: "us-east-1", credentials: { ...S3RVER_CREDENTIALS }, ...objectReaderLimits("api") });
  destroy = () => {
    client.destroy();
    objects.destroy();
  };
  api = createApiHandler({
    reader: createDynamoClaimStore({ client, tableName }),
    articleText: createS3ArticleTextSource({ objects, bucket, maxArticleBytes: 5 * 1024 * 1024 }),
    tokenSecret: "frozen-secret-0123456789",
    allowedOrigins: [],
    topics: defaultTopicClassifier.topics,
    logger: { error: () => undefined },
    deadlineMs: API_DEADLINE_MS,
  });
  const claim = stored[0]!;
  const key = encodeURIComponent(KEY);
  paths = [
    "/speakers",
    "/speakers?q=albarran",
    "/speakers?type=person",
    `/speakers/${claim.speakerId}`,
    `/speakers/${claim.speakerId}/claims`,
    "/topics",
    `/topics/${claim.topic}/claims`,
    `/articles/${key}`,
    `/articles/${key}/claims`,
    `/claims/${claim.id}`,
  ];
}, SERVICE_START_MS);

afterAll(async () => {
  if (env?.dynamo) process.kill(env.dynamo.process.pid!, "SIGCONT");
  destroy();
  await env?.stop();
});

describe("the read API with its store frozen", () => {
  it("answers every route within 5 s with 503 and Retry-After while DynamoDB is frozen, and 200 again once it is back", { timeout: 120_000 }, async () => {
    // Warm: every route serves (a cold JVM on a busy machine may need a second try).
    for (const path of paths) expect(await statusOnceBack(path), path).toBe(200);

    const pid = env.dynamo!.process.pid!;
    process.kill(pid, "SIGSTOP");
    let frozen: Awaited<ReturnType<typeof timed>>[] = [];
    try {
      // Twice: the second round finds the first round's connections dead, as a client retrying would.
      for (let round = 0; round < 2; round++) {
        const replies = await Promise.all([...paths.map((p) => timed("GET", p)), timed("HEAD", paths[0]!)]);
        frozen = frozen.concat(replies);
      }
    } finally {
      process.kill(pid, "SIGCONT");
    }
    for (const reply of frozen) {
      expect(reply.status, reply.path).toBe(503);
      expect(reply.retryAfter, reply.path).toMatch(/^\d+$/);
      expect(reply.ms, reply.path).toBeLessThan(ANSWER_WITHIN_MS);
    }

    // Back: every route serves again (the JVM may need a moment to catch up on what queued up).
    for (const path of paths) expect(await statusOnceBack(path), path).toBe(200);
  });
});
