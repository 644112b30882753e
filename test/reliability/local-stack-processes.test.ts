/**
 * Issue 12: `npm start` owns its children, however it is stopped.
 *  - `kill -9` of the stack's node process leaves no DynamoDB Local JVM and no port behind, and the
 *    next start comes up and works (before, it reported ready against the orphan, then shut down);
 *  - a DynamoDB Local orphaned some other way on the same data folder is found and stopped at start;
 *  - SIGTERM to the `npm start` PID (npm, whose shell does not pass it on) stops everything;
 *  - shutdown lets in-flight ingest batches finish before S3 stops, so no healthy message is retried;
 *  - DynamoDB Local listens on 127.0.0.1 only.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { LOCAL_SECRET_HEADER } from "../../local/control.ts";
import { dynamoDbLocalHome } from "../../local/services/dynamodb-local.ts";
import { freePort } from "../../local/services/net.ts";
import { localS3ClientConfig } from "../../local/services/s3-server.ts";
import { generateArticles } from "../support/generate-articles.ts";
import { eventually, isAlive, javaProcessesUsing, portAnswers, stackPorts, START_TIMEOUT_MS, startStack, stopStack, type Stack } from "../support/local-stack-process.ts";

const ARTICLE = "\u201cThe harbour will reopen on Friday,\u201d Ines Albarran said.\n";

let dir: string;
const running: Stack[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "claims-processes-"));
});
afterEach(async () => {
  for (const stack of running.splice(0)) if (isAlive(stack.pid)) process.kill(stack.pid, "SIGKILL");
});
afterAll(() => {
  for (const pid of dir ? javaProcessesUsing(dir) : []) process.kill(pid, "SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(sub: string, env: Record<string, string> = {}, opts: Parameters<typeof startStack>[2] = {}): Promise<Stack> {
  const stack = await startStack(join(dir, sub), env, opts);
  running.push(stack);
  return stack;
}

async function ingestOne(stack: Stack, key: string): Promise<void> {
  const s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
  try {
    await s3.send(new PutObjectCommand({ Bucket: stack.env.CLAIMS_BUCKET, Key: key, Body: ARTICLE }));
  } finally {
    s3.destroy();
  }
  await eventually(async () => {
    const res = await fetch(`${stack.env.CLAIMS_API_URL}/articles/${encodeURIComponent(key)}/claims`);
    expect(((await res.json()) as { article?: { status: string } }).article?.status).toBe("processed");
  }, 30_000);
}

const expectNothingLeft = async (stack: Stack, folder: string) => {
  await eventually(async () => {
    expect(isAlive(stack.pid)).toBe(false);
    expect(javaProcessesUsing(folder)).toEqual([]);
    for (const port of stackPorts(stack.env)) expect(await portAnswers(port), `port ${port}`).toBe(false);
  }, 20_000);
};

describe("npm start owns its processes", { timeout: START_TIMEOUT_MS * 3 }, () => {
  it("kill -9 of the stack's node process leaves no JVM and no port; the next start works", async () => {
    const folder = join(dir, "kill9");
    const first = await start("kill9");
    expect(javaProcessesUsing(folder)).toHaveLength(1);
    // DynamoDB Local answers on loopback only.
    const dynamoPort = Number(new URL(first.env.AWS_ENDPOINT_URL_DYNAMODB!).port);
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) expect(await portAnswers(dynamoPort, external)).toBe(false);

    process.kill(first.pid, "SIGKILL");
    await expectNothingLeft(first, folder);

    const second = await start("kill9");
    expect(second.output()).not.toMatch(/exited unexpectedly|stopping/);
    await ingestOne(second, "after-kill.txt");
    expect(await stopStack(second)).toBe(0);
    await expectNothingLeft(second, folder);
  });

  it("a DynamoDB Local orphaned on the data folder is found and stopped at the next start", async () => {
    const folder = join(dir, "orphan");
    const dbPath = join(folder, "data", "dynamodb");
    // Started by a shell that exits at once, as a JVM whose parent died: its parent becomes init.
    const home = dynamoDbLocalHome();
    const java = `java -Djava.library.path='${home}/DynamoDBLocal_lib' -jar '${home}/DynamoDBLocal.jar' -dbPath '${dbPath}' -sharedDb -port ${await freePort()} >/dev/null 2>&1 &`;
    spawn("sh", ["-c", `mkdir -p '${dbPath}' && ${java}`], { stdio: "ignore" });
    await eventually(() => expect(javaProcessesUsing(folder)).toHaveLength(1), 20_000);
    const [orphan] = javaProcessesUsing(folder);

    const stack = await start("orphan");
    expect(stack.output()).toContain(`stopped DynamoDB Local (pid ${orphan}) that an earlier run left running on ${dbPath}`);
    expect(isAlive(orphan!)).toBe(false);
    expect(javaProcessesUsing(folder)).toHaveLength(1);
    await ingestOne(stack, "after-orphan.txt");
    expect(await stopStack(stack)).toBe(0);
    await expectNothingLeft(stack, folder);
  });

  it("SIGTERM to the npm start PID stops everything", async () => {
    const folder = join(dir, "npm");
    const stack = await start("npm", {}, { viaNpm: true });
    expect(stack.pid).not.toBe(stack.child.pid);
    const npmExited = new Promise((resolve) => stack.child.once("exit", resolve));
    stack.child.kill("SIGTERM");
    await npmExited;
    await stack.waitForOutput(/stopped: DynamoDB Local, the S3 server and the HTTP server are down/, 30_000);
    await expectNothingLeft(stack, folder);
  });

  it("shutdown lets in-flight batches finish before S3 stops: no healthy message is retried", async () => {
    const folder = join(dir, "drain");
    const stack = await start("drain", { CLAIMS_QUEUE_BATCH_WINDOW_MS: "10" });
    const s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
    // Short articles: the batch must finish within the stack's 20 s stopping budget on a busy machine.
    const articles = generateArticles({ count: 40, seed: 5, castSize: 20 })
      .filter((a) => a.text.length < 1_500)
      .slice(0, 4);
    expect(articles).toHaveLength(4);
    await Promise.all(articles.map((a) => s3.send(new PutObjectCommand({ Bucket: stack.env.CLAIMS_BUCKET, Key: a.key, Body: a.text }))));
    s3.destroy();
    const status = async () => {
      const res = await fetch(`${stack.env.CLAIMS_DASHBOARD_URL}_local/status`, { headers: { [LOCAL_SECRET_HEADER]: stack.env.CLAIMS_LOCAL_SECRET! } });
      return (await res.json()) as { queue: { inFlightBatches: number } };
    };
    await eventually(async () => expect((await status()).queue.inFlightBatches).toBeGreaterThan(0), 20_000);
    expect(await stopStack(stack), stack.output()).toBe(0);
    const stopping = stack.output().slice(stack.output().indexOf("terminated: stopping"));
    expect(stopping).not.toMatch(/will be retried|failed as a whole|message failed/);
    // Every message delivered during the shutdown was acknowledged: none was received twice.
    const journal = readFileSync(join(folder, "data", "queue.jsonl"), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { op: string; id: string });
    const receives = journal.filter((e) => e.op === "receive");
    expect(new Set(receives.map((e) => e.id)).size).toBe(receives.length);
    await expectNothingLeft(stack, folder);
  });
});
