/**
 * Turns what the ingest function receives into object changes: SQS messages whose bodies are S3
 * notifications (the production path), or a direct S3 event. S3 writes keys URL-encoded with spaces
 * as `+`; they are decoded here, once, before anything uses them.
 *
 * `claims reindex` sends the same notifications with the record's `eventSource` set to
 * REINDEX_EVENT_SOURCE: "extract this key again with the running extractor unless its stored claims
 * already come from it". Their sequencer is ignored; the stored version's is used (process-change.ts).
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
  /** Sent by `claims reindex`: re-extract the stored version of the key. */
  reindex?: boolean;
}

/** The form of an S3 event `sequencer` (see lambdas/store/sequencer.ts for how they are compared). */
export const SEQUENCER = /^[0-9A-Fa-f]{1,40}$/;

export const REINDEX_EVENT_SOURCE = "claims:reindex";

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
  // S3's sequencers are hex; the store orders them as numbers of up to 40 digits.
  if (!SEQUENCER.test(object.sequencer)) throw new MalformedMessageError(`${name} record whose sequencer is not 1-40 hex digits: ${JSON.stringify(String(object.sequencer).slice(0, 60))}`);
  return {
    kind,
    bucket: r.s3.bucket.name,
    key: decodeS3Key(object.key),
    sequencer: object.sequencer,
    ...(typeof object.size === "number" && { size: object.size }),
    ...(object.eTag && { etag: object.eTag }),
    ...(r.eventTime && { eventTime: r.eventTime }),
    ...(kind === "created" && r.eventSource === REINDEX_EVENT_SOURCE && { reindex: true }),
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

/** How S3 writes a key into a notification: URL-encoded, spaces as `+`, slashes kept (decodeS3Key's inverse). */
export function encodeS3EventKey(key: string): string {
  return key
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/%20/g, "+"))
    .join("/");
}

export interface ReindexObject {
  key: string;
  size?: number;
  etag?: string;
}

export interface S3RecordSpec {
  eventName: string;
  bucket: string;
  /** As S3 writes it: URL-encoded (encodeS3EventKey). */
  encodedKey: string;
  sequencer: string;
  size?: number;
  etag?: string;
  /** Who made the event: the record's eventSource and the ids S3 fills in. */
  source: string;
  principal: string;
  region?: string;
  eventTime?: Date;
}

/** One record of an S3 event notification, in S3's own shape. */
export function s3EventRecord(spec: S3RecordSpec): S3EventRecord {
  return {
    eventVersion: "2.1",
    eventSource: spec.source,
    awsRegion: spec.region ?? "",
    eventTime: (spec.eventTime ?? new Date()).toISOString(),
    eventName: spec.eventName,
    userIdentity: { principalId: spec.principal },
    requestParameters: { sourceIPAddress: "" },
    responseElements: { "x-amz-request-id": "", "x-amz-id-2": "" },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: spec.principal,
      bucket: { name: spec.bucket, ownerIdentity: { principalId: "" }, arn: `arn:aws:s3:::${spec.bucket}` },
      object: { key: spec.encodedKey, sequencer: spec.sequencer, ...(spec.size !== undefined && { size: spec.size }), ...(spec.etag !== undefined && { eTag: spec.etag }) },
    } as S3EventRecord["s3"],
  };
}

/**
 * The notification that asks the ingest handler to re-extract one object: S3-shaped, so that it
 * travels the normal path (queue, handler, store); one record per message, as S3 sends them.
 */
export function reindexNotification(bucket: string, object: ReindexObject, now: Date = new Date()): S3Event {
  const { key, ...sized } = object;
  // The stored version's sequencer is used instead; "0" orders before every real event.
  return { Records: [s3EventRecord({ eventName: "ObjectCreated:Put", source: REINDEX_EVENT_SOURCE, principal: "claims-reindex", bucket, encodedKey: encodeS3EventKey(key), sequencer: "0", eventTime: now, ...sized })] };
}
