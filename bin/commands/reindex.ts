/**
 * `claims reindex`: extracts every stored article again with the extractor the stack runs, through
 * the normal ingest path. The bucket's keys are listed; articles whose stored claims already come from
 * that extractor are skipped; for each of the others a reindex notification goes onto the ingest queue
 * (the local stack's `POST /_local/queue/messages`, or the deployed stack's SQS queue), and the ingest
 * handler re-extracts the stored version (lambdas/ingest/process-change.ts). The command then waits
 * until every queued article shows the new extractor version and ends with counts.
 *
 * Idempotent and resumable: the handler skips an article that is already current, and a second run
 * (after an interruption, say) queues only what is still stale.
 */
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Command, Option } from "commander";
import { EXTRACTOR_VERSION } from "../../lambdas/core/pipeline.ts";
import { reindexNotification, type ReindexObject } from "../../lambdas/ingest/events.ts";
import { readArticleVersions } from "../../lambdas/store/article-versions.ts";
import type { ArticleRecord } from "../../lambdas/store/types.ts";
import { localEnvFile, readEnvFile } from "../../local/env-file.ts";
import { LOCAL_SECRET_HEADER } from "../../local/control.ts";
import { localS3ClientConfig } from "../../local/services/s3-server.ts";
import { progressBar } from "./progress.ts";
import { localCredentials } from "./s3-target.ts";

export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/** Messages per SQS SendMessageBatch, and local messages sent at once. */
const SEND_BATCH = 10;
const MAX_LISTED_UNFINISHED = 10;

export interface ReindexOptions {
  prefix: string;
  queueUrl?: string;
  bucket?: string;
  table?: string;
  region?: string;
  wait: boolean;
  timeout: string;
  envFile: string;
}

export function reindexCommand(): Command {
  return new Command("reindex")
    .description("extract every stored article again with the stack's current extractor, through the ingest queue")
    .option("--prefix <prefix>", "only keys under this prefix", "")
    .option("--queue-url <url>", "a deployed stack's ingest queue (its IngestQueueUrl output; default: CLAIMS_INGEST_QUEUE_URL); without it, the local stack of .claims-local.env")
    .option("--bucket <name>", "with --queue-url: the articles bucket (ArticlesBucketName; default: CLAIMS_BUCKET)")
    .option("--table <name>", "with --queue-url: the claims table (ClaimsTableName; default: CLAIMS_TABLE)")
    .option("--region <region>", "with --queue-url: the region (default: AWS_REGION)")
    .option("--no-wait", "queue the articles and exit without waiting for them to be re-extracted")
    .option("--timeout <seconds>", "stop waiting when no article has finished for this long", "120")
    .addOption(new Option("--env-file <path>", "local stack settings").default(localEnvFile()).hideHelp())
    .action(async (opts: ReindexOptions) => {
      process.exitCode = await runReindex(opts);
    });
}

class UsageError extends Error {}

/** Where the articles, their stored versions and the ingest queue are. */
interface ReindexTarget {
  /** "the local stack" or the queue URL. */
  label: string;
  bucket: string;
  table: string;
  s3: S3Client;
  dynamo: DynamoDBClient;
  /** The extractor version the stack's ingest handler runs. */
  extractorVersion(): Promise<string>;
  /** Sends one reindex notification per object; returns those that could not be sent. */
  send(objects: readonly ReindexObject[]): Promise<{ key: string; reason: string }[]>;
  /** Where to look when articles do not finish. */
  hint: string;
  destroy(): void;
}

export async function runReindex(opts: ReindexOptions, out: NodeJS.WriteStream = process.stderr): Promise<number> {
  const timeoutSeconds = Number(opts.timeout);
  let target: ReindexTarget;
  try {
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError("--timeout must be a positive number of seconds");
    target = resolveTarget(opts);
  } catch (e) {
    if (e instanceof UsageError) return fail(out, e.message, EXIT.usage);
    throw e;
  }
  try {
    const version = await target.extractorVersion();
    const objects = await listObjects(target.s3, target.bucket, opts.prefix);
    const before = await readArticleVersions(target.dynamo, target.table, objects.map((o) => o.key));
    const stale = objects.filter((o) => !isCurrent(before.get(o.key), version));
    const current = objects.length - stale.length;
    out.write(`${plural(objects.length, "article")} in s3://${target.bucket}/${opts.prefix} (${target.label}): ${current} already extracted by ${version}, ${stale.length} to re-extract\n`);

    const queueing = progressBar(out, stale.length, (n) => `${n}/${stale.length} queued`);
    const notQueued: { key: string; reason: string }[] = [];
    for (let i = 0; i < stale.length; i += SEND_BATCH) {
      const batch = stale.slice(i, i + SEND_BATCH);
      notQueued.push(...(await target.send(batch)));
      queueing.tick(batch.length);
    }
    queueing.done();
    for (const f of notQueued) out.write(`not queued: ${f.key}: ${f.reason}\n`);
    const failedKeys = new Set(notQueued.map((f) => f.key));
    const queued = stale.filter((o) => !failedKeys.has(o.key));

    if (!opts.wait) {
      out.write(`queued ${queued.length}, already current ${current}, not queued ${notQueued.length}; the ingest queue re-extracts them (run again to check)\n`);
      return notQueued.length ? EXIT.someFailed : EXIT.ok;
    }
    const result = await waitForVersions(target, queued, before, version, timeoutSeconds * 1000, out);
    for (const key of result.unfinished.slice(0, MAX_LISTED_UNFINISHED)) out.write(`unfinished: ${key}\n`);
    if (result.unfinished.length > MAX_LISTED_UNFINISHED) out.write(`unfinished: ... and ${result.unfinished.length - MAX_LISTED_UNFINISHED} more\n`);
    if (result.unfinished.length) out.write(`no article finished for ${timeoutSeconds} s: ${target.hint}\n`);
    for (const [other, n] of result.otherVersions) out.write(`${plural(n, "article")} re-extracted by extractor ${other}, not ${version}: is the stack built from this checkout?\n`);

    const rejected = [...result.rejected].map(([reason, n]) => `${reason} ${n}`).join(", ");
    const others = [...result.otherVersions.values()].reduce((a, b) => a + b, 0);
    out.write(
      [
        `re-extracted ${result.reextracted}${result.rejected.size ? ` (rejected as input: ${rejected})` : ""}`,
        `already current ${current}`,
        ...(result.deleted ? [`deleted meanwhile ${result.deleted}`] : []),
        ...(others ? [`by another extractor ${others}`] : []),
        `not queued ${notQueued.length}`,
        `unfinished ${result.unfinished.length}`,
      ].join(", ") + "\n",
    );
    return notQueued.length || result.unfinished.length || others ? EXIT.someFailed : EXIT.ok;
  } catch (e) {
    return fail(out, e instanceof Error ? e.message : String(e), e instanceof UsageError ? EXIT.usage : EXIT.someFailed);
  } finally {
    target.destroy();
  }
}

function fail(out: NodeJS.WriteStream, message: string, code: number): number {
  out.write(`claims reindex: ${message}\n`);
  return code;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Stored claims (or a recorded rejection) that come from this extractor. */
function isCurrent(record: ArticleRecord | undefined, version: string): boolean {
  return record !== undefined && record.status !== "deleted" && record.extractorVersion === version;
}

/** The article has a stored version other than the one it had when it was queued (or is current). */
function moved(was: ArticleRecord | undefined, now: ArticleRecord | undefined, version: string): boolean {
  if (!now) return false;
  if (isCurrent(now, version) || !was) return true;
  return now.sequencer !== was.sequencer || (now.revision ?? 0) !== (was.revision ?? 0);
}

interface WaitResult {
  reextracted: number;
  /** Articles the extractor rejects (empty, binary, ...), by reason: recorded outcomes, as in ingest. */
  rejected: Map<string, number>;
  deleted: number;
  otherVersions: Map<string, number>;
  unfinished: string[];
}

/**
 * Polls the stored versions of the queued articles until each has moved on, or none has for
 * `timeoutMs`. Reads are paced by the number still pending (about 1,000 items a second at most), so
 * a large reindex does not compete with ingest for the table's read capacity.
 */
async function waitForVersions(
  target: ReindexTarget,
  queued: readonly ReindexObject[],
  before: ReadonlyMap<string, ArticleRecord>,
  version: string,
  timeoutMs: number,
  out: NodeJS.WriteStream,
): Promise<WaitResult> {
  const result: WaitResult = { reextracted: 0, rejected: new Map(), deleted: 0, otherVersions: new Map(), unfinished: [] };
  const pending = new Set(queued.map((o) => o.key));
  const bar = progressBar(out, pending.size, (n) => `${n}/${queued.length} re-extracted`);
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let lastProgress = Date.now();
  while (pending.size > 0) {
    await new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(500, pending.size))));
    const now = await readArticleVersions(target.dynamo, target.table, [...pending]);
    let finished = 0;
    for (const key of pending) {
      const record = now.get(key);
      if (!record || !moved(before.get(key), record, version)) continue;
      pending.delete(key);
      finished++;
      if (record.status === "deleted") result.deleted++;
      else if (record.extractorVersion !== version) count(result.otherVersions, record.extractorVersion ?? "(none)");
      else {
        result.reextracted++;
        if (record.status === "failed") count(result.rejected, record.errorReason ?? "failed");
      }
    }
    if (finished > 0) {
      bar.tick(finished);
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > timeoutMs) break;
  }
  bar.done();
  result.unfinished = [...pending];
  return result;
}

async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<ReindexObject[]> {
  const objects: ReindexObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(prefix && { Prefix: prefix }), ...(token && { ContinuationToken: token }) }));
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      objects.push({ key: o.Key, ...(o.Size !== undefined && { size: o.Size }), ...(o.ETag !== undefined && { etag: o.ETag.replace(/"/g, "") }) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

function resolveTarget(opts: ReindexOptions): ReindexTarget {
  const queueUrl = opts.queueUrl ?? process.env.CLAIMS_INGEST_QUEUE_URL;
  return queueUrl ? deployedTarget(opts, queueUrl) : localTarget(opts);
}

/** The local stack `npm start` describes in its env file; its queue takes messages over HTTP. */
function localTarget(opts: ReindexOptions): ReindexTarget {
  if (opts.bucket || opts.table) throw new UsageError("--bucket and --table name a deployed stack: pass its --queue-url too");
  const file = readEnvFile(opts.envFile);
  const { CLAIMS_BUCKET: bucket, CLAIMS_TABLE: table, CLAIMS_DASHBOARD_URL: site, AWS_ENDPOINT_URL_S3: s3Endpoint, AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint } = file;
  if (!bucket || !table || !site || !s3Endpoint || !dynamoEndpoint) {
    throw new UsageError(`no local stack in ${opts.envFile}: run npm start, or pass --queue-url (with --bucket and --table) for a deployed stack`);
  }
  const origin = new URL(site).origin;
  const headers: Record<string, string> = { "content-type": "application/json", ...(file.CLAIMS_LOCAL_SECRET && { [LOCAL_SECRET_HEADER]: file.CLAIMS_LOCAL_SECRET }) };
  const region = file.AWS_REGION ?? "us-east-1";
  const credentials = localCredentials(file);
  const s3 = new S3Client({ ...localS3ClientConfig(s3Endpoint, region), credentials });
  const dynamo = new DynamoDBClient({ region, endpoint: dynamoEndpoint, credentials });
  const local = async (path: string, init: RequestInit = {}) => {
    try {
      return await fetch(`${origin}${path}`, { ...init, headers });
    } catch (e) {
      throw new Error(`the local stack at ${origin} does not answer (${(e as Error).message}): is npm start running?`);
    }
  };
  return {
    label: "local stack",
    bucket,
    table,
    s3,
    dynamo,
    async extractorVersion() {
      const res = await local("/_local/status");
      if (!res.ok) throw new Error(`the local stack refused GET /_local/status: ${res.status} ${await res.text()}`);
      const running = ((await res.json()) as { extractorVersion?: string }).extractorVersion;
      if (!running) throw new Error("the local stack does not report its extractor version: restart npm start");
      // Re-extracting with an older build would be wasted: the stack must run this checkout's extractor.
      if (running !== EXTRACTOR_VERSION) throw new UsageError(`the local stack runs extractor ${running}, this checkout has ${EXTRACTOR_VERSION}: restart npm start, then run claims reindex`);
      return running;
    },
    async send(objects) {
      const results = await Promise.all(
        objects.map(async (o) => {
          try {
            const res = await local("/_local/queue/messages", { method: "POST", body: JSON.stringify(reindexNotification(bucket, o)) });
            return res.status === 202 ? [] : [{ key: o.key, reason: `${res.status} ${await res.text()}` }];
          } catch (e) {
            return [{ key: o.key, reason: (e as Error).message }];
          }
        }),
      );
      return results.flat();
    },
    hint: "see the npm start console and GET /_local/dead-letters",
    destroy() {
      s3.destroy();
      dynamo.destroy();
    },
  };
}

/** A stack in AWS: its ingest SQS queue, bucket and table, with the usual credential chain. */
function deployedTarget(opts: ReindexOptions, queueUrl: string): ReindexTarget {
  const bucket = opts.bucket ?? process.env.CLAIMS_BUCKET;
  const table = opts.table ?? process.env.CLAIMS_TABLE;
  if (!bucket || !table) throw new UsageError("with --queue-url, pass --bucket and --table too (the stack's ArticlesBucketName and ClaimsTableName outputs)");
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const config = region ? { region } : {};
  // An S3-compatible endpoint in the environment (as `claims ingest` takes it) wants path-style URLs.
  const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  const s3 = new S3Client({ ...config, ...(s3Endpoint && { endpoint: s3Endpoint, forcePathStyle: true }) });
  const dynamo = new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  return {
    label: queueUrl,
    bucket,
    table,
    s3,
    dynamo,
    // The deployed function is built from a checkout; this one is assumed to be it (checked after the run).
    extractorVersion: async () => EXTRACTOR_VERSION,
    async send(objects) {
      try {
        const res = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: objects.map((o, i) => ({ Id: String(i), MessageBody: JSON.stringify(reindexNotification(bucket, o)) })) }),
        );
        return (res.Failed ?? []).map((f) => ({ key: objects[Number(f.Id)]?.key ?? `entry ${f.Id}`, reason: `${f.Code ?? "failed"}: ${f.Message ?? ""}` }));
      } catch (e) {
        const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        return objects.map((o) => ({ key: o.key, reason }));
      }
    },
    hint: "see the ingest dead-letter queue (DeadLetterQueueUrl output) and the ingest function's logs",
    destroy() {
      s3.destroy();
      dynamo.destroy();
      sqs.destroy();
    },
  };
}
