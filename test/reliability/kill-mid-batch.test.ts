/**
 * The ingest function killed mid-batch and started again (support/ingest-process.ts, a real child
 * process over the local S3 server and DynamoDB Local): once by its own abrupt exit between writing an
 * article's claims and committing them, once by SIGKILL from outside while batches are in flight.
 * The queue journal redelivers what was in flight; the end state is exactly that of an undisturbed run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";
import { eventRecorder } from "../support/events.ts";
import { generateArticles } from "../support/generate-articles.ts";
import { expectStoreToMatch } from "./support/expected-state.ts";

const CHILD = fileURLToPath(new URL("./support/ingest-process.ts", import.meta.url));
const ARTICLES = generateArticles({ count: 40, seed: 77, castSize: 60 })
  .filter((a) => a.text.length > 1_500 && a.text.length < 6_000)
  .slice(0, 14);

let env: LocalServices;
let dir: string;
beforeAll(async () => {
  env = await startLocalServices();
  dir = mkdtempSync(join(tmpdir(), "kill-mid-batch-"));
});
afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scenario(name: string) {
  const [bucket, table] = await Promise.all([env.createBucket("kill"), env.createTable("kill")]);
  const recorder = eventRecorder((listener) => env.s3!.onObjectEvent((e) => e.Records[0]?.s3.bucket.name === bucket && listener(e)));
  const expected = new Map<string, Uint8Array>();
  for (const a of ARTICLES) {
    const bytes = new TextEncoder().encode(a.text);
    await env.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: a.key, Body: bytes }));
    expected.set(a.key, bytes);
  }
  const events: S3Event[] = await recorder.take(ARTICLES.length);
  recorder.stop();
  const eventsFile = join(dir, `${name}-events.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  const childEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_S3: env.s3!.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: env.dynamo!.endpoint,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    CLAIMS_TABLE: table,
    QUEUE_JOURNAL: join(dir, `${name}-queue.jsonl`),
  };
  const reader = createDynamoClaimStore({ client: env.dynamoClient, tableName: table });
  const processed = async () => {
    const out = await DynamoDBDocumentClient.from(env.dynamoClient).send(
      new ScanCommand({ TableName: table, FilterExpression: "SK = :meta AND #st = :p", ExpressionAttributeNames: { "#st": "status" }, ExpressionAttributeValues: { ":meta": "META", ":p": "processed" } }),
    );
    return out.Items?.length ?? 0;
  };
  return { table, eventsFile, childEnv, reader, processed, expected };
}

function run(env: NodeJS.ProcessEnv, opts: { killWhen?: () => Promise<boolean> } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  let watching = true;
  if (opts.killWhen) {
    const killWhen = opts.killWhen;
    void (async () => {
      while (watching) {
        if (await killWhen()) {
          child.kill("SIGKILL");
          return;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
  }
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      watching = false;
      resolve({ code, signal, output });
    }),
  );
}

describe("ingest killed mid-batch, then restarted", { timeout: 300_000 }, () => {
  it("exits abruptly between writing an article's claims and committing them; the restart redelivers and converges", async () => {
    const s = await scenario("exit");
    const first = await run({ ...s.childEnv, SEND_EVENTS: s.eventsFile, EXIT_AFTER_BATCH_WRITES: "4" });
    expect(first.code, first.output).toBe(137);
    const before = await s.processed();
    expect(before).toBeLessThan(ARTICLES.length);

    const second = await run(s.childEnv);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/ready: [1-9]\d* message/);
    expect(second.output).toContain("done: 0 dead letter(s)");
    await expectStoreToMatch(s.reader, env.dynamoClient, s.table, s.expected, { deep: true });
  });

  it("SIGKILL while batches are in flight; the restart redelivers and converges", async () => {
    const s = await scenario("sigkill");
    const first = await run({ ...s.childEnv, SEND_EVENTS: s.eventsFile }, { killWhen: async () => (await s.processed()) >= 2 });
    expect(first.signal, first.output).toBe("SIGKILL");
    const before = await s.processed();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(ARTICLES.length);

    const second = await run(s.childEnv);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("done: 0 dead letter(s)");
    await expectStoreToMatch(s.reader, env.dynamoClient, s.table, s.expected, { deep: true });
  });
});
