import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { outputSink } from "../support/output-sink.ts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EXIT, runIngest } from "../../bin/commands/ingest.ts";
import { formatEnvFile } from "../../local/env-file.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";

const sink = outputSink;

describe("claims ingest", () => {
  let env: LocalServices;
  let dir: string;
  let envFile: string;
  beforeAll(async () => {
    env = await startLocalServices({ dynamo: false });
    dir = mkdtempSync(join(tmpdir(), "claims-ingest-"));
    mkdirSync(join(dir, "articles", "2024", ".hidden"), { recursive: true });
    writeFileSync(join(dir, "articles", "one.txt"), "\u201cWe will build it,\u201d the mayor said.");
    writeFileSync(join(dir, "articles", "2024", "two words.html"), "<p>Officials said the bridge is safe.</p>");
    writeFileSync(join(dir, "articles", "2024", ".hidden", "skip.txt"), "never uploaded");
    writeFileSync(join(dir, "articles", ".DS_Store"), "x");
    writeFileSync(join(dir, "single.md"), "# Title\n\nA spokesman said no.");
    envFile = join(dir, ".claims-local.env");
    // With an explicit endpoint the command uses the standard credential chain, as the AWS CLI does.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("uploads files and folders recursively with their relative keys, skipping hidden entries", async () => {
    const bucket = await env.createBucket("ingest");
    const out = sink();
    const code = await runIngest([join(dir, "articles"), join(dir, "single.md")], { bucket, endpointUrl: env.s3!.endpoint, prefix: "news/", concurrency: "3", envFile: join(dir, "none.env") }, out.stream);
    expect(code).toBe(EXIT.ok);
    const listed = await env.s3Client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(["news/2024/two words.html", "news/one.txt", "news/single.md"]);
    const html = await env.s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: "news/2024/two words.html" }));
    expect(html.ContentType).toBe("text/html");
    const one = await env.s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: "news/one.txt" }));
    expect(await one.Body?.transformToString()).toBe("\u201cWe will build it,\u201d the mayor said.");
    expect(out.text()).toMatch(/^uploaded 3, failed 0, \d+ B to s3:\/\/ingest-[0-9a-f]+\/news\/\n$/);
  });

  it("targets the local stack from .claims-local.env when no flag or variable says otherwise", async () => {
    const bucket = await env.createBucket("envfile");
    writeFileSync(envFile, formatEnvFile({ AWS_ENDPOINT_URL_S3: env.s3!.endpoint, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1", CLAIMS_BUCKET: bucket }));
    const saved = { ...process.env };
    for (const k of ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "CLAIMS_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete process.env[k];
    try {
      const out = sink();
      expect(await runIngest([join(dir, "single.md")], { prefix: "", concurrency: "4", envFile }, out.stream)).toBe(EXIT.ok);
      expect(out.text()).toContain("(local stack)");
    } finally {
      process.env = saved;
    }
    const listed = await env.s3Client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["single.md"]);
  });

  it("exits 1 and names the reason when uploads fail, 2 on usage errors", async () => {
    const out = sink();
    expect(await runIngest([join(dir, "single.md")], { bucket: "no-such-bucket", endpointUrl: env.s3!.endpoint, prefix: "", concurrency: "4", envFile: join(dir, "none.env") }, out.stream)).toBe(EXIT.someFailed);
    expect(out.text()).toMatch(/failed: .*single\.md -> s3:\/\/no-such-bucket\/single\.md: NoSuchBucket/);
    expect(out.text()).toMatch(/uploaded 0, failed 1/);
    expect(await runIngest([join(dir, "missing.txt")], { bucket: "b", prefix: "", concurrency: "4", envFile: join(dir, "none.env") })).toBe(EXIT.usage);
    const saved = process.env.CLAIMS_BUCKET;
    delete process.env.CLAIMS_BUCKET;
    try {
      expect(await runIngest([join(dir, "single.md")], { prefix: "", concurrency: "4", envFile: join(dir, "none.env") })).toBe(EXIT.usage);
    } finally {
      if (saved !== undefined) process.env.CLAIMS_BUCKET = saved;
    }
    expect(await runIngest([join(dir, "single.md")], { bucket: "b", prefix: "", concurrency: "0", envFile: join(dir, "none.env") })).toBe(EXIT.usage);
  });
});
