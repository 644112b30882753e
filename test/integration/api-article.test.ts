/**
 * GET /articles/{articleKey} against DynamoDB Local and the local S3 server: articles go through the
 * real ingest handler, then the API reads the same objects back and decodes them as ingest did.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { createS3ArticleTextSource } from "../../lambdas/api/s3-article-text.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { createIngestHandler } from "../../lambdas/ingest/ingest-handler.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { eventRecorder, memoryLogger, sqsBatch } from "../support/events.ts";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";

const SECRET = "article-view-test-secret-0123456789";
const FIRST = [
  "Harbour Council met on Monday to discuss the new ferry timetable.",
  "\u201cThe morning ferry will leave at six from next week,\u201d Mayor Ellen Park said. Residents had asked for earlier crossings for years.",
  "The ferry operator said it would hire four more deckhands, according to the union.",
].join("\n\n");
const SECOND = "\u201cThe timetable is postponed,\u201d Mayor Ellen Park said on Friday.";
const HTML = `<!doctype html><html><head><title>Bridge repairs</title></head><body><article>
<h1>Bridge repairs</h1><p>Engineers inspected the old bridge on Tuesday.</p>
<p>&ldquo;The bridge is safe for cars but not for lorries,&rdquo; chief engineer Sam Okafor said.</p></article></body></html>`;

interface ArticleBody {
  key: string;
  status: string;
  title?: string;
  claimCount: number;
  text?: string;
  textMatchesClaims: boolean;
  textUnavailable?: string;
  claims: StoredClaim[];
}

let env: LocalServices;
let recorder: ReturnType<typeof eventRecorder>;
let bucket: string;
beforeAll(async () => {
  env = await startLocalServices();
  bucket = await env.createBucket("articles");
  recorder = eventRecorder(env.s3!.onObjectEvent);
}, SERVICE_START_MS);
afterAll(async () => {
  recorder?.stop();
  vi.unstubAllEnvs();
  await env?.stop();
});

async function setup(opts: { textSource?: boolean; maxArticleBytes?: number } = {}) {
  const tableName = await env.createTable("article-view");
  const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: defaultTopicClassifier.topics });
  const ingest = createIngestHandler({ objects: env.objects, store, maxArticleBytes: 5 * 1024 * 1024, logger: memoryLogger() });
  const api = createApiHandler({
    reader: store,
    ...(opts.textSource !== false && { articleText: createS3ArticleTextSource({ objects: env.objects, bucket, maxArticleBytes: opts.maxArticleBytes ?? 5 * 1024 * 1024 }) }),
    tokenSecret: SECRET,
    allowedOrigins: [],
    topics: defaultTopicClassifier.topics,
  });
  const get = async (key: string) => {
    const res = await api(event(`/articles/${encodeURIComponent(key)}`));
    return { status: res.statusCode, body: JSON.parse(res.body!) as ArticleBody };
  };
  return { store, ingest, get, api, tableName };
}

function event(rawPath: string): ApiEvent {
  return { version: "2.0", routeKey: "$default", rawPath, rawQueryString: "", headers: {}, requestContext: { http: { method: "GET" }, stage: "$default", requestId: "it" }, isBase64Encoded: false } as unknown as ApiEvent;
}

/** Uploads without processing: returns the object's S3 event for the test to deliver, or not. */
async function upload(key: string, body: string, contentType?: string) {
  await env.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(contentType && { ContentType: contentType }) }));
  return (await recorder.take(1))[0]!;
}

async function remove(key: string) {
  await env.s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return (await recorder.take(1))[0]!;
}

let n = 0;
const uniqueKey = (name: string) => `view-${++n}/${name}`;

const expectClaimsInText = (body: ArticleBody) => {
  for (const c of body.claims) expect(body.text!.slice(c.contentStart, c.contentEnd)).toBe(c.content);
};

describe("GET /articles/{articleKey}", { timeout: SLOW_TEST_MS }, () => {
  it("serves the article's decoded text with its claims in reading order, their offsets pointing into it", async () => {
    const { ingest, get } = await setup();
    const key = uniqueKey("ferry timetable.txt");
    expect((await ingest(sqsBatch([await upload(key, FIRST)]))).batchItemFailures).toEqual([]);

    const { status, body } = await get(key);
    expect(status).toBe(200);
    expect(body).toMatchObject({ key, status: "processed", text: FIRST, textMatchesClaims: true });
    expect(body.textUnavailable).toBeUndefined();
    expect(body.claims.length).toBeGreaterThanOrEqual(2);
    expect(body.claimCount).toBe(body.claims.length);
    expect(body.claims.map((c) => c.speaker)).toContain("Ellen Park");
    expect(body.text!.split("\n\n")).toHaveLength(3);
    expectClaimsInText(body);
    const starts = body.claims.map((c) => c.contentStart);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("serves an HTML article as the text its offsets refer to, without markup", async () => {
    const { ingest, get } = await setup();
    const key = uniqueKey("bridge.html");
    await ingest(sqsBatch([await upload(key, HTML, "text/html")]));
    const { body } = await get(key);
    expect(body).toMatchObject({ title: "Bridge repairs", textMatchesClaims: true });
    expect(body.text).toContain("Engineers inspected the old bridge on Tuesday.");
    expect(body.text).not.toMatch(/<|&ldquo;/);
    expect(body.claims.some((c) => c.content.includes("safe for cars"))).toBe(true);
    expectClaimsInText(body);
  });

  it("says the text no longer matches when a newer upload has not been processed yet, and matches again once it is", async () => {
    const { ingest, get } = await setup();
    const key = uniqueKey("stale.txt");
    await ingest(sqsBatch([await upload(key, FIRST)]));
    const newer = await upload(key, SECOND);

    const stale = (await get(key)).body;
    expect(stale).toMatchObject({ status: "processed", text: SECOND, textMatchesClaims: false });
    expect(stale.claims.some((c) => c.content.includes("morning ferry"))).toBe(true);

    await ingest(sqsBatch([newer]));
    const fresh = (await get(key)).body;
    expect(fresh).toMatchObject({ text: SECOND, textMatchesClaims: true });
    expect(fresh.claims.map((c) => c.content)).toEqual([expect.stringContaining("timetable is postponed")]);
    expectClaimsInText(fresh);
  });

  it("omits the text when the object is gone, before and after its removal is processed", async () => {
    const { ingest, get } = await setup();
    const key = uniqueKey("deleted.txt");
    await ingest(sqsBatch([await upload(key, FIRST)]));
    const removed = await remove(key);

    const pending = (await get(key)).body;
    expect(pending).toMatchObject({ status: "processed", textMatchesClaims: false, textUnavailable: "gone" });
    expect(pending.text).toBeUndefined();
    expect(pending.claims.length).toBeGreaterThan(0);

    await ingest(sqsBatch([removed]));
    const after = (await get(key)).body;
    expect(after).toMatchObject({ status: "deleted", claimCount: 0, claims: [], textMatchesClaims: false, textUnavailable: "gone" });
  });

  it("does not read an object over the size cap, and serves no text without a bucket", async () => {
    const capped = await setup({ maxArticleBytes: 64 });
    const key = uniqueKey("long.txt");
    await capped.ingest(sqsBatch([await upload(key, FIRST)]));
    const over = (await capped.get(key)).body;
    expect(over).toMatchObject({ status: "processed", textMatchesClaims: false, textUnavailable: "too-large" });
    expect(over.text).toBeUndefined();
    expect(over.claims.length).toBeGreaterThan(0);

    const blind = await setup({ textSource: false });
    const other = uniqueKey("no-bucket.txt");
    await blind.ingest(sqsBatch([await upload(other, FIRST)]));
    const res = (await blind.get(other)).body;
    expect(res).toMatchObject({ status: "processed", textMatchesClaims: false, textUnavailable: "not-configured" });
    expect(res.text).toBeUndefined();
    expect(res.claims.length).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown key, and the article's /claims route keeps working beside it", async () => {
    const { ingest, get, api } = await setup();
    const missing = await get("no/such/article.txt");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "NotFound" });
    const key = uniqueKey("both.txt");
    await ingest(sqsBatch([await upload(key, FIRST)]));
    const view = (await get(key)).body;
    const listed = JSON.parse((await api(event(`/articles/${encodeURIComponent(key)}/claims`))).body!);
    expect(listed.article).toMatchObject({ key, status: "processed" });
    expect(listed.items.map((c: StoredClaim) => c.id).sort()).toEqual(view.claims.map((c) => c.id).sort());
  });

  it("is served with text by the Lambda entry when CLAIMS_BUCKET is set", async () => {
    const { ingest, tableName } = await setup();
    const key = uniqueKey("lambda entry.txt");
    await ingest(sqsBatch([await upload(key, FIRST)]));
    vi.resetModules();
    for (const [name, value] of Object.entries({
      CLAIMS_TABLE: tableName, CLAIMS_BUCKET: bucket, CLAIMS_TOKEN_SECRET: SECRET, LOG_LEVEL: "ERROR", AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_DYNAMODB: env.dynamo!.endpoint, AWS_ENDPOINT_URL_S3: env.s3!.endpoint,
      // s3rver accepts only its own key pair; DynamoDB Local accepts any.
      AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER",
    })) vi.stubEnv(name, value);
    const { handler } = await import("../../lambdas/api/handler.ts");
    const res = await handler(event(`/articles/${encodeURIComponent(key)}`));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ key, text: FIRST, textMatchesClaims: true });
  });
});
