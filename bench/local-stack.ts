/**
 * The local stack exactly as `npm start` runs it (local/start.ts), in its own process with its own
 * data folder and free ports, so the load generator in this process does not share its event loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_SECRET_HEADER } from "../local/control.ts";
import { readEnvFile } from "../local/env-file.ts";
import { repoPath } from "./paths.ts";

export interface LocalStackProcess {
  /** What .claims-local.env holds: endpoints, bucket, table, API URL. */
  env: Record<string, string>;
  apiUrl: string;
  /** Ingest totals and queue counts of the stack (GET /_local/status). */
  status(): Promise<StackStatus>;
  /** Resolves once `count` more articles than `since` have been processed or failed. */
  waitForIngested(since: StackStatus, count: number, timeoutMs: number): Promise<StackStatus>;
  stop(): Promise<void>;
}

export interface StackStatus {
  queue: { pending: number; dead: number; inFlightBatches: number };
  ingest: { processed: number; failed: number; deleted: number; skipped: number; claims: number };
}

export async function startLocalStackProcess(opts: { startTimeoutMs?: number } = {}): Promise<LocalStackProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-stack-"));
  const envFile = join(dataDir, "stack.env");
  const child = spawn(process.execPath, ["--import", "tsx", repoPath("local/start.ts")], {
    cwd: repoPath("."),
    env: {
      ...process.env,
      CLAIMS_PORT: "0",
      CLAIMS_S3_PORT: "0",
      CLAIMS_DYNAMODB_PORT: "0",
      CLAIMS_DATA_DIR: dataDir,
      CLAIMS_ENV_FILE: envFile,
      CLAIMS_SKIP_DASHBOARD_BUILD: "1",
      LOG_LEVEL: "WARN",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  try {
    await waitFor(() => existsSync(envFile) || child.exitCode !== null, opts.startTimeoutMs ?? 120_000, "the local stack to start");
    if (child.exitCode !== null) throw new Error(`the local stack exited (code ${child.exitCode}):\n${output.join("")}`);
  } catch (e) {
    await stopChild(child);
    process.removeListener("exit", killOnExit);
    cleanup();
    throw e;
  }
  const env = readEnvFile(envFile);
  const apiUrl = env.CLAIMS_API_URL!;
  const origin = new URL(apiUrl).origin;
  const status = async () => (await (await fetch(`${origin}/_local/status`, { headers: { [LOCAL_SECRET_HEADER]: env.CLAIMS_LOCAL_SECRET! } })).json()) as StackStatus;

  return {
    env,
    apiUrl,
    status,
    async waitForIngested(since, count, timeoutMs) {
      let last = since;
      const done = (s: StackStatus) => s.ingest.processed + s.ingest.failed - since.ingest.processed - since.ingest.failed >= count;
      await waitFor(async () => done((last = await status())), timeoutMs, `${count} articles to be ingested`, 20);
      return last;
    },
    async stop() {
      await stopChild(child);
      process.removeListener("exit", killOnExit);
      cleanup();
    },
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
