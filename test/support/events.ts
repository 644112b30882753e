/** SQS-shaped batches around S3 notifications, as the S3 -> SQS -> Lambda path delivers them; read API requests. */
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { randomUUID } from "node:crypto";
import type { S3Event, SQSEvent, SQSRecord } from "aws-lambda";
import { s3EventRecord } from "../../lambdas/ingest/events.ts";

export function sqsRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "s3", ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:articles",
    awsRegion: "us-east-1",
  };
}

export function sqsBatch(bodies: readonly (S3Event | string)[]): SQSEvent {
  return { Records: bodies.map((b) => sqsRecord(typeof b === "string" ? b : JSON.stringify(b))) };
}

/** A hand-made S3 notification for one key (the key is given already URL-encoded, as S3 sends it). */
export function s3Notification(kind: "created" | "removed", bucket: string, encodedKey: string, sequencer: string, size?: number): S3Event {
  const eventName = kind === "created" ? "ObjectCreated:Put" : "ObjectRemoved:Delete";
  return { Records: [s3EventRecord({ eventName, source: "aws:s3", principal: "test", region: "us-east-1", bucket, encodedKey, sequencer, ...(size !== undefined && { size }) })] };
}

/** Collects S3 events from the local S3 server until the test takes them. */
export function eventRecorder(subscribe: (listener: (e: S3Event) => void) => () => void) {
  let events: S3Event[] = [];
  const off = subscribe((e) => events.push(e));
  return {
    /** Events received so far (waits a moment for the server to emit), then forgets them. */
    async take(count: number, timeoutMs = 3_000): Promise<S3Event[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      if (events.length < count) throw new Error(`expected ${count} S3 events, got ${events.length}`);
      const taken = events.slice(0, count);
      events = events.slice(count);
      return taken;
    },
    stop: off,
  };
}

/** Logs kept in memory so tests can assert on the structured fields. */
export function memoryLogger() {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, attributes: Record<string, unknown>) => void lines.push({ level, message, attributes });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** An API Gateway HTTP API (payload 2.0) request as the read API receives it. */
export function apiEvent(method: string, rawPath: string, rawQueryString = "", requestId = "test"): ApiEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: {},
    requestContext: { http: { method, path: rawPath }, stage: "$default", requestId },
    isBase64Encoded: false,
  } as unknown as ApiEvent;
}
