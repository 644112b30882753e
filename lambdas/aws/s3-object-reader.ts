/**
 * GetObject and HeadObject, and nothing else, for the Lambda functions: SigV4-signed requests through
 * the SDK's own signer and HTTP handler. The functions make no other S3 call, and the full S3 client
 * (its command schemas, endpoint rule set and the middleware of every feature they never use) is
 * about 100 KB that V8 compiles and runs at every cold start.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpRequest } from "@smithy/core/transport";
import { Sha256 } from "@smithy/core/checksum";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { IncomingMessage } from "node:http";
import { backoffDelay, sleep, type BackoffOptions } from "../store/backoff.ts";
import { httpTimeouts } from "./http-timeouts.ts";

export type ObjectRead =
  | { found: true; bytes: Uint8Array; contentType?: string; lastModified?: Date; etag?: string }
  | { found: false; reason: "missing" }
  /** `bytes`: the object's size, or a lower bound when the server sent no Content-Length. */
  | { found: false; reason: "too-large"; bytes: number; etag?: string };

export interface ObjectReader {
  /** The object's bytes, unless it is missing or larger than `maxBytes` (then its body is never read). */
  read(bucket: string, key: string, maxBytes: number): Promise<ObjectRead>;
}

/** Whether a key holds an object right now: what an event about the key is checked against. */
export interface ObjectPresence {
  /** A HEAD request: true for 200, false for 404 (no such key); any other answer is thrown. */
  objectExists(bucket: string, key: string): Promise<boolean>;
}

/** An S3 error response: `name` is S3's error code (AccessDenied, SlowDown, ...). */
export class S3ResponseError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export interface S3ObjectReader extends ObjectReader, ObjectPresence {
  /** Closes the kept-alive connections. */
  destroy(): void;
}

export interface S3ObjectReaderOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A custom endpoint (a local S3 server): requests are path-style. Default: the region's S3 endpoint. */
  endpoint?: string;
  /** Default 3 s. */
  connectionTimeoutMs?: number;
  /** The whole request, body included, must finish within this (default 30 s), or the attempt fails. */
  requestTimeoutMs?: number;
  retry?: BackoffOptions;
}

const RETRY: BackoffOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

export function createS3ObjectReader(opts: S3ObjectReaderOptions): S3ObjectReader {
  const signer = new SignatureV4({ service: "s3", region: opts.region, credentials: opts.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
  const http = new NodeHttpHandler(httpTimeouts(opts.connectionTimeoutMs ?? 3_000, opts.requestTimeoutMs ?? 30_000));
  const endpoint = opts.endpoint ? new URL(opts.endpoint) : undefined;
  const retry = opts.retry ?? RETRY;

  async function send(method: "GET" | "HEAD", bucket: string, key: string) {
    const request = new HttpRequest({ method, ...objectUrl(endpoint, opts.region, bucket, key) });
    const signed = await signer.sign(request);
    const { response } = await http.handle(signed as HttpRequest);
    return { response, body: response.body as IncomingMessage };
  }

  async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (e) {
        if (n >= retry.maxAttempts || !isTransient(e)) throw e;
        await (retry.sleep ?? sleep)(backoffDelay(n, retry));
      }
    }
  }

  async function exists(bucket: string, key: string): Promise<boolean> {
    const { response, body } = await send("HEAD", bucket, key);
    body.resume();
    if (response.statusCode === 200) return true;
    // A HEAD answer has no body: S3's error code is not there to tell a missing key from a missing bucket.
    if (response.statusCode === 404) return false;
    throw new S3ResponseError(`Http${response.statusCode}`, `S3 answered HEAD with ${response.statusCode}`, response.statusCode);
  }

  async function once(bucket: string, key: string, maxBytes: number): Promise<ObjectRead> {
    const { response, body } = await send("GET", bucket, key);
    const header = (name: string) => response.headers[name] as string | undefined;
    if (response.statusCode !== 200) {
      const error = await responseError(response.statusCode, body);
      // A missing bucket is a 404 too, and a configuration error rather than a deleted article.
      if (error.name === "NoSuchKey") return { found: false, reason: "missing" };
      throw error;
    }
    const etag = header("etag");
    const length = Number(header("content-length"));
    if (length > maxBytes) {
      body.destroy();
      return { found: false, reason: "too-large", bytes: length, ...(etag !== undefined && { etag }) };
    }
    const bytes = await readAtMost(body, maxBytes);
    if (bytes === undefined) return { found: false, reason: "too-large", bytes: Number.isFinite(length) ? length : maxBytes + 1, ...(etag !== undefined && { etag }) };
    const contentType = header("content-type");
    const modified = header("last-modified");
    const lastModified = modified === undefined ? undefined : new Date(modified);
    return {
      found: true,
      bytes,
      ...(contentType !== undefined && { contentType }),
      ...(lastModified && !Number.isNaN(lastModified.getTime()) && { lastModified }),
      ...(etag !== undefined && { etag }),
    };
  }

  return {
    read: (bucket, key, maxBytes) => withRetry(() => once(bucket, key, maxBytes)),
    objectExists: (bucket, key) => withRetry(() => exists(bucket, key)),
    destroy: () => http.destroy(),
  };
}

/** Where the GET goes: virtual-hosted on AWS (path-style for bucket names DNS cannot carry), path-style on a custom endpoint. */
export function objectUrl(endpoint: URL | undefined, region: string, bucket: string, key: string) {
  const path = `/${key.split("/").map(encodeS3Segment).join("/")}`;
  if (endpoint) {
    const base = endpoint.pathname.replace(/\/$/, "");
    return { protocol: endpoint.protocol, hostname: endpoint.hostname, ...(endpoint.port && { port: Number(endpoint.port) }), path: `${base}/${encodeS3Segment(bucket)}${path}`, headers: { host: endpoint.host } };
  }
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  const virtual = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  const hostname = virtual ? `${bucket}.s3.${region}.${suffix}` : `s3.${region}.${suffix}`;
  return { protocol: "https:", hostname, path: virtual ? path : `/${encodeS3Segment(bucket)}${path}`, headers: { host: hostname } };
}

/** RFC 3986 encoding, as S3 canonicalizes paths: encodeURIComponent leaves !'()* alone. */
export const encodeS3Segment = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Reads the whole body, or stops and returns undefined past `maxBytes`. */
async function readAtMost(body: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

async function responseError(status: number, body: IncomingMessage): Promise<S3ResponseError> {
  const text = ((await readAtMost(body, 64 * 1024)) ?? Buffer.alloc(0)).toString();
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `Http${status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `S3 answered ${status}`;
  return new S3ResponseError(code, message, status);
}

const TRANSIENT_CODES = new Set(["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed"]);

function isTransient(e: unknown): boolean {
  if (e instanceof S3ResponseError) return e.statusCode >= 500 || TRANSIENT_CODES.has(e.name);
  // Network failures (reset, refused, timed out) from the HTTP handler.
  const code = (e as { code?: string } | undefined)?.code;
  return typeof code === "string" || (e as { name?: string } | undefined)?.name === "TimeoutError";
}
