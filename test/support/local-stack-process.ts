/**
 * `npm start`'s script as a user runs it, in a child process: free ports, its own data folder and
 * env file, no dashboard build. For the end-to-end suites.
 *
 *   const stack = await startStack(dir);                 // resolves once it prints "ready in"
 *   stack.env.CLAIMS_API_URL; stack.envFile; stack.output();
 *   await stopStack(stack);                              // SIGTERM, resolves with the exit code
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readEnvFile } from "../../local/env-file.ts";

export const ROOT = join(import.meta.dirname, "../..");
export const START_TIMEOUT_MS = 120_000;

export interface Stack {
  child: ChildProcess;
  output: () => string;
  env: Record<string, string>;
  envFile: string;
}

/** Java processes whose command line names this data folder (DynamoDB Local's -dbPath). */
export function javaProcessesUsing(dir: string): number[] {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmd.startsWith("java") && cmd.includes(dir) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

export async function startStack(dir: string, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const envFile = join(dir, "claims-local.env");
  rmSync(envFile, { force: true });
  const child = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, CLAIMS_PORT: "0", CLAIMS_S3_PORT: "0", CLAIMS_DYNAMODB_PORT: "0", CLAIMS_DATA_DIR: join(dir, "data"), CLAIMS_ENV_FILE: envFile, CLAIMS_SKIP_DASHBOARD_BUILD: "1", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!/^ready in /m.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready in ${START_TIMEOUT_MS} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, env: readEnvFile(envFile), envFile };
}

export async function stopStack(stack: Stack): Promise<number | null> {
  if (stack.child.exitCode !== null) return stack.child.exitCode;
  const exited = new Promise<number | null>((resolve) => stack.child.once("exit", (code) => resolve(code)));
  stack.child.kill("SIGTERM");
  return exited;
}
