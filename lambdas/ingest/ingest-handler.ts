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
import { changesFromS3Event, changesFromSqsRecord, isSqsEvent, type ObjectChange } from "./events.ts";
import { processChange, type ChangeResult, type ProcessDeps } from "./process-change.ts";

export interface IngestLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface IngestDeps extends ProcessDeps {
  logger: IngestLogger;
  /** Messages of one batch handled at once. */
  concurrency?: number;
}

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
      ...(result.outcome === "processed" && { claimCount: result.claims }),
      ...(result.outcome === "failed" && { reason: result.reason, detail: result.message }),
      ...(result.outcome === "ignored" && { reason: result.reason }),
      durationMs: Math.round(performance.now() - started),
    };
    if (result.outcome === "failed") logger.warn("article rejected", fields);
    else logger.info(`article ${result.outcome}`, fields);
    return result;
  }

  async function handleMessage(record: SQSRecord): Promise<boolean> {
    try {
      for (const change of changesFromSqsRecord(record)) await handleChange(change);
      return true;
    } catch (e) {
      logger.error("message failed; SQS will retry it", { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: describe(e) });
      return false;
    }
  }

  async function handle(event: SQSEvent | S3Event): Promise<SQSBatchResponse | void> {
    if (isSqsEvent(event)) {
      const failures: string[] = [];
      await forEachLimited(event.Records, deps.concurrency ?? 4, async (record) => {
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

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
}
