/**
 * Cold start: each bundled handler (bench/bundle.ts) loaded by a fresh Node process that handles one
 * event against the local stack's services, with the environment the deployed function gets. The
 * figure is process start to response, so Node's own boot counts as it does in Lambda's init.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { encodeS3EventKey, S3RVER_CREDENTIALS } from "../local/services/s3-server.ts";
import { ensureClaimsTable } from "../local/services/table.ts";
import { s3Notification, sqsBatch } from "../test/support/events.ts";
import type { Bundle } from "./bundle.ts";
import type { FunctionName } from "./functions.ts";
import { repoPath } from "./paths.ts";
import { median } from "./stats.ts";

const run = promisify(execFile);

export interface ColdStartRun {
  bootMs: number;
  loadMs: number;
  firstEventMs: number;
  totalMs: number;
  /** CPU time of the process up to the response (user + system, all threads). */
  cpuMs: number;
}

export interface ColdStartResult {
  runs: ColdStartRun[];
  medianMs: number;
  medianLoadMs: number;
  medianFirstEventMs: number;
  medianBootMs: number;
  medianCpuMs: number;
}

/** The stack's services, for the handler's clients; `articleKeys` name articles already in its bucket. */
export interface ColdStartTarget {
  env: Record<string, string>;
  articleKeys: readonly string[];
}

export async function measureColdStart(name: FunctionName, bundle: Bundle, target: ColdStartTarget, runs: number): Promise<ColdStartResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-cold-${name}-`));
  try {
    const { env, events } = name === "ingest" ? await ingestSetup(target, runs) : apiSetup(target, runs);
    const results: ColdStartRun[] = [];
    for (let i = 0; i < runs; i++) {
      const eventFile = join(dir, `event-${i}.json`);
      const resultFile = join(dir, `result-${i}.json`);
      writeFileSync(eventFile, JSON.stringify(events[i]));
      await run(process.execPath, [repoPath("bench/cold-start-child.mjs"), bundle.file, eventFile, resultFile], {
        env: { PATH: process.env.PATH ?? "", ...lambdaLikeEnv(target.env), ...bundle.environment, ...env },
        timeout: 60_000,
      });
      const result = JSON.parse(readFileSync(resultFile, "utf8")) as ColdStartRun & { response: unknown };
      assertHandled(name, result.response);
      results.push({ bootMs: result.bootMs, loadMs: result.loadMs, firstEventMs: result.firstEventMs, totalMs: result.totalMs, cpuMs: result.cpuMs });
    }
    return {
      runs: results,
      medianMs: median(results.map((r) => r.totalMs)),
      medianLoadMs: median(results.map((r) => r.loadMs)),
      medianFirstEventMs: median(results.map((r) => r.firstEventMs)),
      medianBootMs: median(results.map((r) => r.bootMs)),
      medianCpuMs: median(results.map((r) => r.cpuMs)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the Lambda runtime would provide, pointed at the local services instead of AWS. */
function lambdaLikeEnv(stack: Record<string, string>): Record<string, string> {
  return {
    AWS_REGION: stack.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: stack.AWS_ENDPOINT_URL_S3!,
    AWS_ENDPOINT_URL_DYNAMODB: stack.AWS_ENDPOINT_URL_DYNAMODB!,
    AWS_LAMBDA_FUNCTION_NAME: "bench",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** A fresh table per measurement and a different article per run, so no run finds its work already done. */
async function ingestSetup(target: ColdStartTarget, runs: number) {
  if (target.articleKeys.length < runs) throw new Error(`cold start needs ${runs} uploaded articles, got ${target.articleKeys.length}`);
  const table = `bench-cold-${randomBytes(4).toString("hex")}`;
  const client = new DynamoDBClient({ endpoint: target.env.AWS_ENDPOINT_URL_DYNAMODB!, region: target.env.AWS_REGION ?? "us-east-1", credentials: { ...S3RVER_CREDENTIALS } });
  try {
    await ensureClaimsTable(client, table);
  } finally {
    client.destroy();
  }
  const bucket = target.env.CLAIMS_BUCKET!;
  const events = target.articleKeys.slice(0, runs).map((key, i) => sqsBatch([s3Notification("created", bucket, encodeS3EventKey(key), (i + 1).toString(16).padStart(16, "0"))]));
  return { env: { CLAIMS_TABLE: table, CLAIMS_BUCKET: bucket }, events };
}

/** The dashboard's first call: the speaker list, from the table the ingest benchmark filled. */
function apiSetup(target: ColdStartTarget, runs: number) {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/speakers",
    rawQueryString: "limit=20",
    headers: { host: "bench.local", accept: "application/json" },
    queryStringParameters: { limit: "20" },
    requestContext: {
      http: { method: "GET", path: "/speakers", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench",
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
  return {
    // The bucket as well, as deployed: the API serves article text from it and builds its S3 client at cold start.
    env: { CLAIMS_TABLE: target.env.CLAIMS_TABLE!, CLAIMS_BUCKET: target.env.CLAIMS_BUCKET!, CLAIMS_TOKEN_SECRET: randomBytes(24).toString("base64url") },
    events: Array.from({ length: runs }, () => event),
  };
}

function assertHandled(name: FunctionName, response: unknown): void {
  if (name === "ingest") {
    const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
    if (!Array.isArray(failures) || failures.length > 0) throw new Error(`the bundled ingest handler did not process its event: ${JSON.stringify(response)}`);
  } else {
    const status = (response as { statusCode?: number } | undefined)?.statusCode;
    if (status !== 200) throw new Error(`the bundled API handler answered ${status}: ${JSON.stringify(response).slice(0, 300)}`);
  }
}

export interface NodeBaseline {
  medianMs: number;
  medianCpuMs: number;
}

/**
 * An empty Node process started the same way: its boot time is the floor under every cold start on
 * this machine, and on a shared machine it shows how far the machine's load stretches them.
 */
export async function measureNodeBaseline(runs: number): Promise<NodeBaseline> {
  const script = "const c = process.cpuUsage(); process.stdout.write(JSON.stringify({ ms: performance.now(), cpuMs: (c.user + c.system) / 1000 }));";
  const samples: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH ?? "" } });
    samples.push(JSON.parse(stdout) as { ms: number; cpuMs: number });
  }
  return { medianMs: median(samples.map((s) => s.ms)), medianCpuMs: median(samples.map((s) => s.cpuMs)) };
}
