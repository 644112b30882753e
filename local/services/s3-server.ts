/**
 * Runs s3rver (a local S3-compatible server) for the local stack, tests and benchmarks.
 *
 *   const s3 = await startS3Server({ buckets: ["articles"] });          // temp folder, free port
 *   const s3 = await startS3Server({ port: 4569, directory: ".data/s3", buckets: ["articles"] });
 *   const client = new S3Client(localS3ClientConfig(s3.endpoint));
 *   const off = s3.onObjectEvent((event) => queue.push(event));       // S3-shaped notifications
 *   await s3.stop();                                                    // removes a temp folder
 *
 * s3rver accepts only the key pair S3RVER/S3RVER (see S3RVER_CREDENTIALS). `onObjectEvent` delivers
 * events as real S3 sends them: the object key URL-encoded (space as `+`), and a `sequencer` that
 * increases strictly per server (s3rver's own is the millisecond clock, so two writes in one
 * millisecond would look like duplicates). `latestSequencer(key)` is the newest sequencer the server
 * has given that key's events (or, for a key untouched since it started, one newer than any earlier
 * run gave): a hand-made event with a newer one is a forgery. The s3rver patches (s3rver-patches.ts)
 * are applied first. `instance` is the raw s3rver (a Koa app that emits
 * `event` with its own, unencoded records) for callers that want it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EventEmitter } from "node:events";
import type { S3Event, S3EventRecord } from "aws-lambda";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { freePort } from "./net.ts";
import { patchS3rver } from "../s3rver-patches.ts";
import { createS3ObjectReader, type S3ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";
import { encodeS3EventKey } from "../../lambdas/ingest/events.ts";

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3ServerOptions {
  port?: number;
  /** Where objects are kept; omitted: a temp folder removed by stop(). */
  directory?: string;
  buckets?: string[];
}

export interface S3rverInstance extends EventEmitter {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

export interface S3Server {
  readonly endpoint: string;
  readonly port: number;
  readonly directory: string;
  readonly instance: S3rverInstance;
  /** The newest sequencer this server has given `key` (see above). */
  latestSequencer(key: string): string;
  /** Subscribes to ObjectCreated/ObjectRemoved notifications; returns an unsubscribe function. */
  onObjectEvent(listener: (event: S3Event) => void): () => void;
  stop(): Promise<void>;
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** SDK v3 client settings for a local endpoint (path-style, no streaming checksums, S3RVER keys). */
export function localS3ClientConfig(endpoint: string, region = "us-east-1"): S3ClientConfig {
  return {
    endpoint,
    region,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    credentials: { ...S3RVER_CREDENTIALS },
  };
}

/** The functions' object reader pointed at a local endpoint, with the S3RVER keys. */
export function localObjectReader(endpoint: string, region = "us-east-1"): S3ObjectReader {
  return createS3ObjectReader({ endpoint, region, credentials: { ...S3RVER_CREDENTIALS } });
}

export { encodeS3EventKey };

export async function startS3Server(opts: S3ServerOptions = {}): Promise<S3Server> {
  patchS3rver();
  const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;
  const port = opts.port || (await freePort());
  const temporary = !opts.directory;
  const directory = opts.directory ? resolve(opts.directory) : mkdtempSync(join(tmpdir(), "s3rver-"));
  const instance = new S3rver({
    address: "127.0.0.1",
    port,
    directory,
    silent: true,
    // Path-style only: a virtual-host lookup would turn "127.0.0.1" into a bucket name.
    vhostBuckets: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name })),
  });
  try {
    await instance.run();
  } catch (e) {
    if (temporary) rmSync(directory, { recursive: true, force: true });
    throw e;
  }

  // One translation per raw event, so every subscriber sees the same sequencer for it.
  const sequencers = monotonicSequencer();
  const startedAt = sequencers.latest();
  const latestByKey = new Map<string, string>();
  const listeners = new Set<(event: S3Event) => void>();
  instance.on("event", (raw: S3Event) => {
    const event: S3Event = {
      Records: raw.Records.map((r): S3EventRecord => {
        const sequencer = sequencers.next();
        latestByKey.set(r.s3.object.key, sequencer);
        return { ...r, s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3EventKey(r.s3.object.key), sequencer } } };
      }),
    };
    for (const listener of listeners) listener(event);
  });
  const onObjectEvent = (listener: (event: S3Event) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    instance,
    latestSequencer: (key) => latestByKey.get(key) ?? startedAt,
    onObjectEvent,
    stop: async () => {
      await instance.close().catch(() => undefined);
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Hex sequencers that grow strictly: the millisecond clock followed by a counter. `latest()` starts at
 * the clock when the server starts, so every sequencer given later, in this run or the next, is newer.
 */
function monotonicSequencer() {
  let lastMs = Date.now();
  let counter = 0;
  const format = () => `${lastMs.toString(16).toUpperCase().padStart(12, "0")}${counter.toString(16).toUpperCase().padStart(6, "0")}`;
  return {
    latest: format,
    next(): string {
      const now = Date.now();
      if (now > lastMs) {
        lastMs = now;
        counter = 0;
      } else counter++;
      return format();
    },
  };
}
