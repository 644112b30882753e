/**
 * `npm start` as a user runs it, in a child process on free ports with its own data folder and env
 * file, no dashboard build, for the end-to-end and reliability suites:
 *
 *   const stack = await startStack(dir);                 // node --import tsx local/start.ts
 *   const stack = await startStack(dir, { CLAIMS_API_CACHE_SECONDS: "0" });   // more environment
 *   const stack = await startStack(dir, {}, { viaNpm: true }); // `npm start` itself: npm, its shell, node
 *   stack.env.CLAIMS_API_URL; stack.envFile; stack.pid;  // .claims-local.env, the stack's node process
 *   await stack.waitForOutput(/✓ a\.txt/);
 *   await stopStack(stack);                              // SIGTERM, resolves with the exit code
 *   javaProcessesUsing(dir)                              // JVMs (DynamoDB Local) left on the folder
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readEnvFile } from "../../local/env-file.ts";
export { portAnswers } from "../../local/services/net.ts";

export const ROOT = join(import.meta.dirname, "../..");
export const START_TIMEOUT_MS = 120_000;

export interface Stack {
  /** The process spawned: the stack's node process, or npm with `viaNpm`. */
  child: ChildProcess;
  /** The stack's own node process (local/start.ts). */
  pid: number;
  output(): string;
  env: Record<string, string>;
  envFile: string;
  dataDir: string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  viaNpm?: boolean;
}

export async function startStack(dir: string, extraEnv: Record<string, string> = {}, opts: StartOptions = {}): Promise<Stack> {
  const envFile = join(dir, "claims-local.env");
  const dataDir = join(dir, "data");
  rmSync(envFile, { force: true });
  const env = { ...process.env, CLAIMS_PORT: "0", CLAIMS_S3_PORT: "0", CLAIMS_DYNAMODB_PORT: "0", CLAIMS_DATA_DIR: dataDir, CLAIMS_ENV_FILE: envFile, CLAIMS_SKIP_DASHBOARD_BUILD: "1", ...extraEnv };
  const child = opts.viaNpm
    ? spawn("npm", ["start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, ["--import", "tsx", "local/start.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const waitForOutput = async (pattern: RegExp, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the stack's output within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await Promise.race([
      waitForOutput(/^ready in /m, START_TIMEOUT_MS),
      new Promise((_, fail) => child.once("exit", (code) => fail(new Error(`npm start exited with ${code}:\n${output}`)))),
    ]);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  const pid = Number(/starting \(data in .*, pid (\d+)\)/.exec(output)?.[1]);
  return { child, pid, output: () => output, env: readEnvFile(envFile), envFile, dataDir, waitForOutput };
}

/** SIGTERM to the spawned process; resolves with its exit code. */
export async function stopStack(stack: Stack): Promise<number | null> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return stack.child.exitCode;
  const exited = new Promise<number | null>((resolve) => stack.child.once("exit", (code) => resolve(code)));
  stack.child.kill("SIGTERM");
  return exited;
}

/** Java processes whose command line names this folder (DynamoDB Local's -dbPath). */
export function javaProcessesUsing(dir: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return cmd.startsWith("java") && cmd.includes(dir) ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The three ports a running stack holds, from its env file. */
export function stackPorts(env: Record<string, string>): number[] {
  return [env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL_DYNAMODB, env.CLAIMS_API_URL].map((url) => Number(new URL(url!).port));
}

/** Polls until `check` passes; returns how long that took. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
