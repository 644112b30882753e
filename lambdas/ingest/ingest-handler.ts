/**
 * The ingest handler, built from its dependencies so that AWS (handler.ts), the local stack and tests
 * run the same code against different endpoints:
 *
 *   const handle = createIngestHandler({ s3, store, maxArticleBytes, logger });
 *   await handle(sqsEvent)  // -> { batchItemFailures: [{ itemIdentifier: messageId }, ...] }
 *   await handle(s3Event)   // -> void; throws if any record failed transiently
 *
 * SQS: every message is handled on its own; a message whose processing threw (a transient error, or
 * a body that is not an S3 notification) is reported in `batchItemFailures`, so SQS retries only it
 * and, after maxReceiveCount, parks it in the DLQ. Permanent input errors are recorded on the article
 * and count as success. Changes to one key are applied in event order within a message.
 */
import type { S3Event, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { bytesToRead, changesFromS3Event, changesFromSqsRecord, isSqsEvent, type ObjectChange } from "./events.ts";
import { processChange, type ChangeResult, type ProcessDeps } from "./process-change.ts";
import type { Metrics } from "../aws/metrics.ts";

export interface IngestLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface IngestDeps extends ProcessDeps {
  logger: IngestLogger;
  /** Messages of one batch handled at once. */
  concurrency?: number;
  /** Per-article counts and timings (EMF in AWS), written once per invocation. */
  metrics?: Metrics;
  /** Bytes of objects being handled at once, beyond which no further message starts (one always may). */
  byteBudget?: number;
}

/**
 * Two 5 MB articles at a time at most: each takes a few seconds and its decoded text, claims and
 * their items hold several times its size in memory; small articles keep flowing beside them.
 */
export const DEFAULT_BYTE_BUDGET = 12 * 1024 * 1024;

export type IngestHandler = {
  (event: SQSEvent): Promise<SQSBatchResponse>;
  (event: S3Event): Promise<void>;
  (event: SQSEvent | S3Event): Promise<SQSBatchResponse | void>;
};

export function createIngestHandler(deps: IngestDeps): IngestHandler {
  const { logger } = deps;

  async function handleChange(change: ObjectChange): Promise<ChangeResult> {
    const started = performance.now();
    const result = await processChange(change, deps);
    const fields = {
      articleKey: change.key,
      bucket: change.bucket,
      event: change.kind,
      sequencer: change.sequencer,
      ...(change.reindex && { reindex: true }),
      outcome: result.outcome,
      ...("write" in result && { applied: result.write.applied, ...(!result.write.applied && { skipped: result.write.reason }) }),
      ...(result.outcome === "processed" && { claimCount: result.claims, ...(result.restored && { restored: true }) }),
      ...(result.outcome === "failed" && { reason: result.reason, detail: result.message }),
      ...(result.outcome === "ignored" && { reason: result.reason }),
      durationMs: Math.round(performance.now() - started),
    };
    if (result.outcome === "failed") logger.warn("article rejected", fields);
    else logger.info(`article ${result.outcome}`, fields);
    record(result, fields.durationMs);
    return result;
  }

  /** What an operator watches: articles processed, failed by reason, deleted; claims written; time spent. */
  function record(result: ChangeResult, durationMs: number): void {
    const m = deps.metrics;
    if (!m) return;
    if ("write" in result && !result.write.applied) m.count("EventsSkipped");
    else if (result.outcome === "processed") {
      m.count("ArticlesProcessed");
      m.count("ClaimsWritten", result.claims);
      if (result.restored) m.count("ArticlesRestored");
    } else if (result.outcome === "failed") {
      m.count("ArticlesFailed");
      m.count("ArticlesFailed", 1, { Reason: result.reason });
    } else if (result.outcome === "deleted") m.count("ArticlesDeleted");
    // Gone before it was read, a folder marker, a re-extraction already current: nothing written.
    else m.count("EventsSkipped");
    if ("extractionMs" in result && result.extractionMs !== undefined) m.value("ExtractionMs", result.extractionMs);
    m.value("ArticleMs", durationMs);
  }

  async function handleMessage(record: SQSRecord): Promise<boolean> {
    try {
      for (const change of changesFromSqsRecord(record)) await handleChange(change);
      return true;
    } catch (e) {
      logger.error("message failed; SQS will retry it", { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: describe(e) });
      deps.metrics?.count("MessagesRetried");
      return false;
    }
  }

  async function handle(event: SQSEvent | S3Event): Promise<SQSBatchResponse | void> {
    try {
      return await handleEvent(event);
    } finally {
      deps.metrics?.flush();
    }
  }

  async function handleEvent(event: SQSEvent | S3Event): Promise<SQSBatchResponse | void> {
    if (isSqsEvent(event)) {
      const failures: string[] = [];
      // Smallest first, within a byte budget: a batch's small articles (and objects refused by size
      // alone) are done while a large one is still being read, not after it.
      const sized = event.Records.map((record) => ({ record, bytes: bytesToRead(record.body, deps.maxArticleBytes) })).sort((a, b) => a.bytes - b.bytes);
      await forEachWithinBudget(sized, deps.concurrency ?? 4, deps.byteBudget ?? DEFAULT_BYTE_BUDGET, async ({ record }) => {
        if (!(await handleMessage(record))) failures.push(record.messageId);
      });
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    }
    const errors: unknown[] = [];
    for (const change of changesFromS3Event(event as S3Event)) {
      try {
        await handleChange(change);
      } catch (e) {
        logger.error("record failed", { articleKey: change.key, error: describe(e) });
        deps.metrics?.count("MessagesRetried");
        errors.push(e);
      }
    }
    // A direct S3 invocation is retried as a whole by Lambda: every change in it is idempotent.
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} S3 records failed`);
  }

  return handle as IngestHandler;
}

function describe(e: unknown) {
  return e instanceof Error ? { name: e.name, message: e.message } : { message: String(e) };
}

/**
 * Runs `fn` over the items in order, at most `limit` at once and, beyond the first one running, only
 * while the bytes of those running stay within `budget`.
 */
export async function forEachWithinBudget<T extends { bytes: number }>(items: readonly T[], limit: number, budget: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let running = 0;
  let bytes = 0;
  await new Promise<void>((done, fail) => {
    const pump = () => {
      if (queue.length === 0 && running === 0) return done();
      while (queue.length > 0 && running < limit && (running === 0 || bytes + queue[0]!.bytes <= budget)) {
        const item = queue.shift()!;
        running++;
        bytes += item.bytes;
        fn(item).then(
          () => {
            running--;
            bytes -= item.bytes;
            pump();
          },
          fail,
        );
      }
    };
    pump();
  });
}
