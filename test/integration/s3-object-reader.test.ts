import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";
import { createS3ObjectReader, S3ResponseError } from "../../lambdas/aws/s3-object-reader.ts";

/** The functions' GetObject against the local S3 server, and against a plain HTTP server for what S3 rarely does on cue. */
describe("S3 object reader", { timeout: SLOW_TEST_MS }, () => {
  let env: LocalServices;
  let bucket: string;
  beforeAll(async () => {
    env = await startLocalServices({ dynamo: false });
    bucket = await env.createBucket("reader");
  }, SERVICE_START_MS);
  afterAll(() => env?.stop());

  const put = (key: string, body: string | Uint8Array, contentType?: string) =>
    env.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(contentType && { ContentType: contentType }) }));

  it("reads an object's bytes with the headers the SDK reports for it", async () => {
    const body = "Café «quoted» — 1\n";
    await put("desk/one.txt", body, "text/plain; charset=utf-8");
    const head = await env.s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: "desk/one.txt" }));
    const read = await env.objects.read(bucket, "desk/one.txt", 1024);
    expect(read).toEqual({ found: true, bytes: expect.any(Uint8Array), contentType: "text/plain; charset=utf-8", lastModified: head.LastModified, etag: head.ETag });
    expect(read.found && Buffer.from(read.bytes).toString("utf8")).toBe(body);
  });

  it.each([
    "with spaces/and a+plus.txt",
    "percent %2B and %.txt",
    "unicode/Ünïcødé 東京 🗞.txt",
    "rfc3986/it's (really) *this*!.txt",
    "dots/../and/./segments.txt",
    "query?and#hash&amp;=.txt",
  ])("reads the key %j as uploaded", async (key) => {
    await put(key, `body of ${key}`);
    const read = await env.objects.read(bucket, key, 1024);
    expect(read.found && Buffer.from(read.bytes).toString("utf8")).toBe(`body of ${key}`);
  });

  it("answers missing for a key that is not there, and too-large from the headers for one over the cap", async () => {
    await expect(env.objects.read(bucket, "nowhere.txt", 1024)).resolves.toEqual({ found: false, reason: "missing" });
    await put("big.txt", "x".repeat(200));
    const read = await env.objects.read(bucket, "big.txt", 100);
    expect(read).toMatchObject({ found: false, reason: "too-large", bytes: 200 });
  });

  it("tells whether a key has an object (HEAD): there after an upload, not for a key never written nor after a delete", async () => {
    const key = "exists/with space + plus é.txt";
    await put(key, "still here");
    await expect(env.objects.objectExists(bucket, key)).resolves.toBe(true);
    await expect(env.objects.objectExists(bucket, "exists/never.txt")).resolves.toBe(false);
    await env.s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await expect(env.objects.objectExists(bucket, key)).resolves.toBe(false);
  });

  it("raises an error, never 'gone', for a HEAD that S3 refuses", async () => {
    await put("exists/refused.txt", "x");
    const reader = createS3ObjectReader({ endpoint: env.s3!.endpoint, region: "us-east-1", credentials: { accessKeyId: "NOBODY", secretAccessKey: "S3RVER" } });
    try {
      await expect(reader.objectExists(bucket, "exists/refused.txt")).rejects.toMatchObject({ statusCode: 403 });
    } finally {
      reader.destroy();
    }
  });

  it("raises NoSuchBucket rather than reading a missing bucket as a missing object", async () => {
    await expect(env.objects.read("no-such-bucket-here", "a.txt", 1024)).rejects.toMatchObject({ name: "NoSuchBucket", statusCode: 404 });
  });

  it("raises S3's own error code for a request S3 refuses", async () => {
    const reader = createS3ObjectReader({ endpoint: env.s3!.endpoint, region: "us-east-1", credentials: { accessKeyId: "NOBODY", secretAccessKey: "S3RVER" } });
    try {
      const error = await reader.read(bucket, "desk/one.txt", 1024).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3ResponseError);
      expect(error).toMatchObject({ name: "InvalidAccessKeyId", statusCode: 403 });
    } finally {
      reader.destroy();
    }
  });
});

describe("S3 object reader over plain HTTP", () => {
  let server: Server;
  let endpoint: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const requests: IncomingMessage[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
  const reader = () => createS3ObjectReader({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "session" }, retry: noWait });
  const s3Error = (res: ServerResponse, status: number, code: string) => res.writeHead(status, { "content-type": "application/xml" }).end(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code} happened</Message></Error>`);

  it("signs a path-style GET with SigV4 for s3 in the region, with the session token", async () => {
    requests.length = 0;
    handle = (_req, res) => res.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
    const r = reader();
    try {
      await expect(r.read("my-bucket", "a b/c.txt", 10)).resolves.toMatchObject({ found: true, contentType: "text/plain" });
    } finally {
      r.destroy();
    }
    const req = requests[0]!;
    expect(req.method).toBe("GET");
    expect(req.url).toBe("/my-bucket/a%20b/c.txt");
    expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    expect(req.headers["x-amz-security-token"]).toBe("session");
    expect(req.headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("retries throttling and server errors, then gives up with the last one", async () => {
    let calls = 0;
    handle = (_req, res) => (++calls < 3 ? s3Error(res, 503, "SlowDown") : res.writeHead(200, { "content-length": "5" }).end("third"));
    const r = reader();
    try {
      const read = await r.read("b", "k", 10);
      expect(read.found && Buffer.from(read.bytes).toString()).toBe("third");
      expect(calls).toBe(3);

      calls = 0;
      handle = (_req, res) => (calls++, s3Error(res, 500, "InternalError"));
      await expect(r.read("b", "k", 10)).rejects.toMatchObject({ name: "InternalError", statusCode: 500 });
      expect(calls).toBe(3);

      calls = 0;
      handle = (_req, res) => (calls++, s3Error(res, 403, "AccessDenied"));
      await expect(r.read("b", "k", 10)).rejects.toMatchObject({ name: "AccessDenied", statusCode: 403 });
      expect(calls).toBe(1);
    } finally {
      r.destroy();
    }
  });

  it("drops a body over the cap instead of downloading it, with or without a Content-Length", async () => {
    const total = 8 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 120);
    let sent = 0;
    let closedEarly: Promise<boolean> = Promise.resolve(false);
    const stream = (res: ServerResponse) => {
      sent = 0;
      closedEarly = new Promise((resolve) => {
        res.on("close", () => resolve(sent < total));
        const pump = () => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          if (!res.destroyed) res.end();
        };
        pump();
      });
    };
    const r = reader();
    try {
      handle = (_req, res) => (res.writeHead(200, { "content-length": String(total) }), stream(res));
      await expect(r.read("b", "sized", 1024)).resolves.toMatchObject({ found: false, reason: "too-large", bytes: total });
      expect(await closedEarly).toBe(true);

      handle = (_req, res) => (res.writeHead(200, { "transfer-encoding": "chunked" }), stream(res));
      await expect(r.read("b", "chunked", 1024)).resolves.toMatchObject({ found: false, reason: "too-large" });
      expect(await closedEarly).toBe(true);
    } finally {
      r.destroy();
    }
  });
});
