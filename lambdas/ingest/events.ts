/**
 * Turns what the ingest function receives into object changes: SQS messages whose bodies are S3
 * notifications (the production path), or a direct S3 event. S3 writes keys URL-encoded with spaces
 * as `+`; they are decoded here, once, before anything uses them.
 */
import type { S3Event, S3EventRecord, SQSEvent, SQSRecord } from "aws-lambda";

export interface ObjectChange {
  kind: "created" | "removed";
  bucket: string;
  /** The decoded object key. */
  key: string;
  sequencer: string;
  size?: number;
  etag?: string;
  eventTime?: string;
}

/** Thrown for a message that is not an S3 notification: retrying cannot fix it, the DLQ keeps it. */
export class MalformedMessageError extends Error {
  override readonly name = "MalformedMessageError";
}

export function decodeS3Key(raw: string): string {
  const spaced = raw.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    // Not valid percent-encoding: S3 never sends that, so the key is taken as written.
    return spaced;
  }
}

export function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as { Records?: unknown[] })?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as { eventSource?: string })?.eventSource === "aws:sqs";
}

/** The object changes in one SQS message; none for S3's `s3:TestEvent`. */
export function changesFromSqsRecord(record: SQSRecord): ObjectChange[] {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new MalformedMessageError(`message ${record.messageId} is not JSON`);
  }
  if ((body as { Event?: string })?.Event === "s3:TestEvent") return [];
  if (!Array.isArray((body as S3Event)?.Records)) throw new MalformedMessageError(`message ${record.messageId} is not an S3 notification`);
  return changesFromS3Event(body as S3Event);
}

export function changesFromS3Event(event: S3Event): ObjectChange[] {
  return event.Records.flatMap((r) => {
    const change = toChange(r);
    return change ? [change] : [];
  });
}

function toChange(r: S3EventRecord): ObjectChange | undefined {
  const name = r.eventName ?? "";
  const kind = name.startsWith("ObjectCreated") ? "created" : name.startsWith("ObjectRemoved") ? "removed" : undefined;
  if (!kind) return undefined;
  const object = r.s3?.object;
  if (!object?.key || !object.sequencer || !r.s3.bucket?.name) throw new MalformedMessageError(`${name} record without bucket, key or sequencer`);
  return {
    kind,
    bucket: r.s3.bucket.name,
    key: decodeS3Key(object.key),
    sequencer: object.sequencer,
    ...(typeof object.size === "number" && { size: object.size }),
    ...(object.eTag && { etag: object.eTag }),
    ...(r.eventTime && { eventTime: r.eventTime }),
  };
}

/**
 * The bytes a message will make ingest read: the sizes S3 states for the objects it creates, counting
 * only those within the size cap (a larger one is refused from the notification alone). 0 when the
 * body is not a notification or states no sizes.
 */
export function bytesToRead(body: string, maxArticleBytes: number): number {
  try {
    const event = JSON.parse(body) as S3Event;
    if (!Array.isArray(event?.Records)) return 0;
    return changesFromS3Event(event).reduce((sum, c) => sum + (c.kind === "created" && (c.size ?? 0) <= maxArticleBytes ? (c.size ?? 0) : 0), 0);
  } catch {
    return 0;
  }
}
