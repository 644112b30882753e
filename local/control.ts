/**
 * Who may use the local stack's control endpoints (`/_local/*`), and which events they may replay.
 *
 * The local HTTP server listens on 127.0.0.1, yet any web page the user opens can send it requests
 * (a `no-cors` fetch needs no permission), and through DNS rebinding a foreign host name can even
 * read its answers. So:
 *  - every request must name a loopback host (`Host: 127.0.0.1:…`, `localhost`, `[::1]`);
 *  - a control request must carry the secret `npm start` generates at each start and writes into
 *    `.claims-local.env` (CLAIMS_LOCAL_SECRET), in the `x-claims-local-secret` header, and come from
 *    no origin (curl, scripts) or the dashboard's own;
 *  - a replayed event is refused unless it is a well-formed S3 notification for the stack's bucket
 *    whose sequencers are not newer than the local S3 server's own for the key: a "future"
 *    sequencer would make every genuine later event of the key look older, and be ignored.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { S3Event } from "aws-lambda";
import { changesFromS3Event } from "../lambdas/ingest/events.ts";
import { compareSequencers } from "../lambdas/store/sequencer.ts";

export const LOCAL_SECRET_HEADER = "x-claims-local-secret";

export function newLocalSecret(): string {
  return randomBytes(24).toString("base64url");
}

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** `Host: 127.0.0.1:3000`, `localhost`, `[::1]:8080` and the like; anything else could be a rebound name. */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(host ?? "")?.[1];
  return name !== undefined && LOOPBACK_NAMES.has(name.toLowerCase());
}

export interface Refusal {
  status: number;
  error: string;
  message: string;
}

/** Why a request to a control endpoint is refused, or undefined when it may proceed. */
export function controlRefusal(req: IncomingMessage, secret: string): Refusal | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) {
    return { status: 403, error: "Forbidden", message: "the local control endpoints answer no other origin than the dashboard's own" };
  }
  const given = req.headers[LOCAL_SECRET_HEADER];
  const expected = Buffer.from(secret);
  if (typeof given !== "string" || Buffer.byteLength(given) !== expected.length || !timingSafeEqual(Buffer.from(given), expected)) {
    return { status: 403, error: "Forbidden", message: `send the ${LOCAL_SECRET_HEADER} header with CLAIMS_LOCAL_SECRET from the file npm start wrote (.claims-local.env)` };
  }
  return undefined;
}

export interface ReplayRules {
  bucket: string;
  /** The local S3 server's newest sequencer for a (decoded) key. */
  latestSequencer(key: string): string;
}

/** Why a message body may not be replayed through the queue, or undefined when it may. */
export function replayRefusal(body: string, rules: ReplayRules): string | undefined {
  let event: S3Event;
  try {
    event = JSON.parse(body) as S3Event;
  } catch {
    return "the body is not JSON";
  }
  if (!Array.isArray(event?.Records)) return 'the body must be an S3 event notification: {"Records":[...]}';
  let changes;
  try {
    changes = changesFromS3Event(event);
  } catch (e) {
    return (e as Error).message;
  }
  if (changes.length === 0) return "the notification holds no ObjectCreated or ObjectRemoved record";
  for (const change of changes) {
    if (change.bucket !== rules.bucket) return `the records must name the bucket ${rules.bucket}, not ${JSON.stringify(change.bucket)}`;
    const latest = rules.latestSequencer(change.key);
    if (compareSequencers(change.sequencer, latest) > 0) {
      return `the sequencer ${change.sequencer} of ${JSON.stringify(change.key)} is newer than any the S3 server has given that key (${latest}): only events S3 sent, or older ones, can be replayed`;
    }
  }
  return undefined;
}
