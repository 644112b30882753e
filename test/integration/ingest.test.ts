import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, localDynamoClient, withSettledSummaries, type LocalServices } from "../support/local-services.ts";
import { eventRecorder, memoryLogger, s3Notification, sqsBatch } from "../support/events.ts";
import { faultableObjects, injectFaults, isCommitOfClaims } from "../support/faults.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { createIngestHandler } from "../../lambdas/ingest/ingest-handler.ts";
import { createMetrics } from "../../lambdas/aws/metrics.ts";

const BUCKET = "articles";
const GOOD = `\u201cWe will win the vote,\u201d Jane Doe said on Monday. \u201cThe bridge is safe,\u201d John Roe said.`;
const SHORT = `\u201cWe won,\u201d Jane Doe said.`;
const CHANGED = `\u201cWe will lower taxes,\u201d Jane Doe said on Tuesday.`;

let env: LocalServices;
let recorder: ReturnType<typeof eventRecorder>;
beforeAll(async () => {
  env = await startLocalServices({ buckets: [BUCKET] });
  recorder = eventRecorder(env.s3!.onObjectEvent);
}, SERVICE_START_MS);
afterAll(async () => {
  recorder?.stop();
  await env?.stop();
});

async function setup(opts: { maxArticleBytes?: number } = {}) {
  const tableName = await env.createTable();
  const dynamo = localDynamoClient(env.dynamo!.endpoint);
  const objects = faultableObjects(env.objects);
  const store = withSettledSummaries(createDynamoClaimStore({ client: dynamo, tableName, backoff: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } }), () => env.settleAggregates(tableName));
  const logger = memoryLogger();
  const emitted: Record<string, unknown>[] = [];
  const metrics = createMetrics({ namespace: "ClaimTracker", service: "ingest", write: (line) => void emitted.push(JSON.parse(line) as Record<string, unknown>) });
  const handle = createIngestHandler({ objects, store, maxArticleBytes: opts.maxArticleBytes ?? 5 * 1024 * 1024, logger, metrics });
  return { store, handle, logger, dynamo, objects, tableName, emitted };
}

async function put(key: string, body: string | Uint8Array): Promise<S3Event> {
  await env.s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return (await recorder.take(1))[0]!;
}

async function remove(key: string): Promise<S3Event> {
  await env.s3Client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await recorder.take(1))[0]!;
}

let n = 0;
const key = (name: string) => `t${++n}/${name}`;

describe("ingest handler with the local S3 server and DynamoDB Local", { timeout: SLOW_TEST_MS }, () => {
  it("turns an uploaded article into claims readable by speaker, topic and article, and logs what it did", async () => {
    const { store, handle, logger, emitted } = await setup();
    const k = key("first.txt");
    const result = await handle(sqsBatch([await put(k, GOOD)]));
    expect(result.batchItemFailures).toEqual([]);

    const claims = await store.listArticleClaims(k);
    expect(claims.length).toBeGreaterThanOrEqual(2);
    const jane = claims.find((c) => c.content.includes("We will win the vote"));
    expect(jane).toMatchObject({ speaker: "Jane Doe", speakerId: "jane-doe", articleKey: k });
    expect(GOOD.slice(jane!.contentStart, jane!.contentEnd)).toBe(jane!.content);
    expect((await store.getSpeaker("jane-doe"))?.claimCount).toBe(claims.filter((c) => c.speakerId === "jane-doe").length);
    expect((await store.listSpeakerClaims("jane-doe", { limit: 10 })).items.map((c) => c.id)).toContain(jane!.id);
    expect((await store.listTopicClaims(jane!.topic, { limit: 10 })).items.map((c) => c.id)).toContain(jane!.id);
    expect(await store.getArticle(k)).toMatchObject({ status: "processed", claimCount: claims.length });

    const line = logger.lines.find((l) => l.attributes.articleKey === k);
    expect(line?.attributes).toMatchObject({ outcome: "processed", claimCount: claims.length, applied: true });
    expect(typeof line?.attributes.durationMs).toBe("number");
    // One metrics document per invocation: what the dashboard and the failed-articles alarm read.
    expect(emitted).toEqual([expect.objectContaining({ Service: "ingest", ArticlesProcessed: 1, ClaimsWritten: claims.length, ExtractionMs: expect.any(Number), ArticleMs: expect.any(Number) })]);

    await handle(sqsBatch([await put(key("binary.txt"), new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]))]));
    expect(emitted.slice(1)).toEqual(expect.arrayContaining([expect.objectContaining({ ArticlesFailed: 1 }), expect.objectContaining({ Reason: "binary", ArticlesFailed: 1 })]));
  });

  it("changes nothing on a duplicate delivery, even within one batch", async () => {
    const { store, handle } = await setup();
    const k = key("dup.txt");
    const event = await put(k, GOOD);
    await handle(sqsBatch([event]));
    const before = await store.listArticleClaims(k);
    const speakersBefore = await store.listSpeakers({ limit: 50 });
    const result = await handle(sqsBatch([event, event]));
    expect(result.batchItemFailures).toEqual([]);
    expect(await store.listArticleClaims(k)).toEqual(before);
    expect(await store.listSpeakers({ limit: 50 })).toEqual(speakersBefore);
  });

  it("re-upload replaces the claims with no leftovers and exact counts; an older event arriving late is ignored", async () => {
    const { store, handle, logger } = await setup();
    const k = key("reupload.txt");
    const v1 = await put(k, GOOD);
    await handle(sqsBatch([v1]));
    expect((await store.getSpeaker("john-roe"))?.claimCount).toBeGreaterThan(0);
    const v2 = await put(k, CHANGED);
    await handle(sqsBatch([v2]));
    await handle(sqsBatch([v1]));

    const claims = await store.listArticleClaims(k);
    expect(claims.map((c) => c.content).join(" ")).toContain("We will lower taxes");
    expect(claims.map((c) => c.content).join(" ")).not.toContain("bridge");
    expect(await store.getSpeaker("john-roe")).toBeUndefined();
    expect((await store.getSpeaker("jane-doe"))?.claimCount).toBe(claims.length);
    expect((await store.getArticle(k))?.sequencer).toContain(v2.Records[0]!.s3.object.sequencer);
    expect(logger.lines.at(-1)?.attributes).toMatchObject({ articleKey: k, applied: false, skipped: "stale" });
  });

  it("a deleted object's claims go, and a late older create does not bring them back", async () => {
    const { store, handle } = await setup();
    const k = key("deleted.txt");
    const created = await put(k, GOOD);
    await handle(sqsBatch([created]));
    const removed = await remove(k);
    await handle(sqsBatch([removed]));
    expect(await store.listArticleClaims(k)).toEqual([]);
    // The object is back in S3 under a newer version, but this event is older than the delete.
    await put(k, GOOD);
    await handle(sqsBatch([created]));
    expect(await store.listArticleClaims(k)).toEqual([]);
    expect(await store.getArticle(k)).toMatchObject({ status: "deleted" });
    expect(await store.getSpeaker("jane-doe")).toBeUndefined();
  });

  it("handles poison objects beside good ones in one batch: each gets its outcome, only the undeliverable message is retried", async () => {
    const { store, handle } = await setup();
    const empty = await put(key("empty.txt"), "");
    const binary = await put(key("image.txt"), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]));
    const good = await put(key("good.txt"), GOOD);
    const batch = sqsBatch([empty, "not json at all", binary, JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" }), good]);
    const result = await handle(batch);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[1]!.messageId }]);

    const keyOf = (e: S3Event) => decodeURIComponent(e.Records[0]!.s3.object.key.replace(/\+/g, " "));
    expect(await store.getArticle(keyOf(empty))).toMatchObject({ status: "failed", errorReason: "empty" });
    expect(await store.getArticle(keyOf(binary))).toMatchObject({ status: "failed", errorReason: "binary" });
    expect(await store.getArticle(keyOf(good))).toMatchObject({ status: "processed" });
    expect((await store.listArticleClaims(keyOf(good))).length).toBeGreaterThan(0);
  });

  it("records an object over the size limit as too-large without downloading it", async () => {
    const { store, handle, objects } = await setup({ maxArticleBytes: 64 });
    const k = key("big.txt");
    await handle(sqsBatch([await put(k, GOOD + " ".repeat(100))]));
    expect(await store.getArticle(k)).toMatchObject({ status: "failed", errorReason: "too-large" });
    expect(objects.reads).toEqual([]);
  });

  it("reads an object with one GetObject, and without an event size still records too-large from its headers", async () => {
    const { store, handle, objects } = await setup({ maxArticleBytes: 64 });
    const withoutSize = (e: S3Event): S3Event => {
      const { size: _size, ...object } = e.Records[0]!.s3.object;
      return { Records: [{ ...e.Records[0]!, s3: { ...e.Records[0]!.s3, object: object as typeof e.Records[0]["s3"]["object"] } }] };
    };
    const small = key("small.txt");
    const big = key("big-unsized.txt");
    expect((await handle(sqsBatch([withoutSize(await put(small, SHORT))]))).batchItemFailures).toEqual([]);
    expect(objects.reads).toEqual([small]);
    expect((await handle(sqsBatch([withoutSize(await put(big, GOOD + " ".repeat(100)))]))).batchItemFailures).toEqual([]);
    expect(objects.reads).toEqual([small, big]);
    expect(await store.getArticle(big)).toMatchObject({ status: "failed", errorReason: "too-large" });
    expect((await store.getArticle(big))?.errorMessage).toContain(`${Buffer.byteLength(GOOD) + 100} bytes`);
    expect(await store.getArticle(small)).toMatchObject({ status: "processed" });
  });

  it("writes a new article with a fixed number of table requests, however many speakers it quotes", async () => {
    const { handle, dynamo, tableName } = await setup();
    const commands: Record<string, number> = {};
    dynamo.middlewareStack.add((next, context) => async (args) => {
      commands[context.commandName as string] = (commands[context.commandName as string] ?? 0) + 1;
      return next(args);
    }, { step: "initialize" });
    const quotes = ["Jane Doe", "John Roe", "Mary Major", "Richard Miles"].map((name, i) => `\u201cThe plan ${i} works,\u201d ${name} said.`);
    expect((await handle(sqsBatch([await put(key("four-speakers.txt"), quotes.join(" "))]))).batchItemFailures).toEqual([]);
    // META, the intent, the claims with their speaker and topic groups, the commit; no speaker summary:
    // the aggregator's. One read of what links speakers across articles, and each person added once to
    // the surname index (in parallel), the first time they are named in full.
    expect(commands).toEqual({ GetItemCommand: 1, UpdateItemCommand: 2 + 4, BatchWriteItemCommand: 1, BatchGetItemCommand: 1 });
    for (const k of Object.keys(commands)) delete commands[k];
    // Another function instance (nothing remembered) finds them in the index it reads anyway.
    const again = createIngestHandler({ objects: env.objects, store: createDynamoClaimStore({ client: dynamo, tableName }), maxArticleBytes: 5 * 1024 * 1024, logger: memoryLogger() });
    expect((await again(sqsBatch([await put(key("same-four.txt"), quotes.reverse().join(" "))]))).batchItemFailures).toEqual([]);
    expect(commands).toMatchObject({ GetItemCommand: 1, UpdateItemCommand: 2, BatchGetItemCommand: 1 });
  });

  it("decodes keys with spaces, plus signs and non-ASCII letters before reading the object", async () => {
    const { store, handle } = await setup();
    const k = `${key("dir")}/Budget talks + reform \u00e9t\u00e9 2024.txt`;
    const event = await put(k, GOOD);
    expect(event.Records[0]!.s3.object.key).toContain("Budget+talks+%2B+reform");
    expect((await handle(sqsBatch([event]))).batchItemFailures).toEqual([]);
    expect(await store.getArticle(k)).toMatchObject({ status: "processed" });
    expect((await store.listArticleClaims(k)).every((c) => c.articleKey === k)).toBe(true);
  });

  it("reports only the message that hit a transient error, and its redelivery completes it", async () => {
    const { store, handle, dynamo } = await setup();
    const a = await put(key("a.txt"), GOOD);
    const b = await put(key("b.txt"), CHANGED);
    const fault = injectFaults(dynamo, {
      command: "BatchWriteItemCommand",
      times: 1,
      error: () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $retryable: undefined }),
    });
    const batch = sqsBatch([a, b]);
    const result = await handle(batch);
    expect(fault.failed).toBe(1);
    expect(result.batchItemFailures).toHaveLength(1);
    const failedId = result.batchItemFailures[0]!.itemIdentifier;
    const retry = batch.Records.find((r) => r.messageId === failedId)!;
    expect((await handle({ Records: [retry] })).batchItemFailures).toEqual([]);
    for (const e of [a, b]) {
      const k = decodeURIComponent(e.Records[0]!.s3.object.key.replace(/\+/g, " "));
      expect(await store.getArticle(k)).toMatchObject({ status: "processed" });
    }
  });

  it("accepts a direct S3 event, and rethrows a transient failure so Lambda retries it", async () => {
    const { store, handle, dynamo } = await setup();
    const k = key("direct.txt");
    const event = await put(k, GOOD);
    injectFaults(dynamo, { command: "UpdateItemCommand", when: isCommitOfClaims, times: 1, error: () => Object.assign(new Error("boom"), { name: "InternalServerError" }) });
    await expect(handle(event)).rejects.toThrow("boom");
    await expect(handle(event)).resolves.toBeUndefined();
    expect(await store.getArticle(k)).toMatchObject({ status: "processed" });
  });

  it("ingests the object a removal event leaves under its key (undelete, an older version removed) and deletes once none is left", async () => {
    const { store, handle, logger } = await setup();
    const k = key("undeleted.txt");
    const created = await put(k, GOOD);
    await handle(sqsBatch([created]));
    const claims = await store.listArticleClaims(k);
    // What S3 sends when a delete marker is removed or an old version deleted: ObjectRemoved:Delete, a
    // newer sequencer, and no create event, while the key still has its object.
    const newer = (BigInt(`0x${created.Records[0]!.s3.object.sequencer}`) + 1n).toString(16).toUpperCase();
    const removal = s3Notification("removed", BUCKET, k, newer);
    expect((await handle(sqsBatch([removal]))).batchItemFailures).toEqual([]);
    expect(await store.getArticle(k)).toMatchObject({ status: "processed", sequencer: expect.stringMatching(new RegExp(`${newer}$`)) });
    expect((await store.listArticleClaims(k)).map((c) => c.id)).toEqual(claims.map((c) => c.id));
    expect(logger.lines.find((l) => l.attributes.articleKey === k && l.attributes.event === "removed")?.attributes).toMatchObject({ outcome: "processed", restored: true });

    const gone = await remove(k);
    expect((await handle(sqsBatch([gone]))).batchItemFailures).toEqual([]);
    expect(await store.getArticle(k)).toMatchObject({ status: "deleted", claimCount: 0 });
    expect(await store.listArticleClaims(k)).toEqual([]);
  });

  it("treats a removed event for a never-seen key as a tombstone and a hand-made older create as stale", async () => {
    const { store, handle } = await setup();
    const k = key("never.txt");
    await handle(sqsBatch([s3Notification("removed", BUCKET, k, "0000000000000000FF")]));
    await put(k, GOOD);
    await handle(sqsBatch([s3Notification("created", BUCKET, k, "00000000000000000A")]));
    expect(await store.getArticle(k)).toMatchObject({ status: "deleted", claimCount: 0 });
  });
});
