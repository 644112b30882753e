/**
 * `npm start`: the whole tracker on this machine. Ports and folders come from the environment
 * (CLAIMS_PORT, CLAIMS_S3_PORT, CLAIMS_DYNAMODB_PORT, CLAIMS_DATA_DIR, CLAIMS_ENV_FILE); see the README.
 */
import { performance } from "node:perf_hooks";
import { readLocalStackConfig } from "./config.ts";
import { writeEnvFile } from "./env-file.ts";

// Handlers log JSON for CloudWatch; on a console only warnings and errors are worth the noise.
process.env.LOG_LEVEL ??= "WARN";
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL;
// Node 20 is this project's supported runtime; the SDK's notice about its future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// Once the stack is up, each event line gets the time it happened.
let ready = false;
const log = (line: string) => console.log(ready ? `${new Date().toTimeString().slice(0, 8)} ${line.trimStart()}` : line);

async function main(): Promise<void> {
  const started = performance.now();
  const config = readLocalStackConfig(process.env);
  log(`claim-tracker: starting (data in ${config.dataDir}, pid ${process.pid})`);
  // Loaded after the log level is set, since loggers read it when their modules load.
  const { startLocalStack } = await import("./stack.ts");
  const stack = await startLocalStack(config, log);

  let stoppingSince = 0;
  const shutdown = async (why: string, code: number) => {
    if (stoppingSince) {
      // npm passes a terminal's Ctrl-C on as well, so one key press can arrive twice at once.
      if (performance.now() - stoppingSince < 1_500) return;
      log("stopping immediately");
      process.exit(code || 130);
    }
    stoppingSince = performance.now();
    log(`${why}: stopping (press Ctrl-C again to force)…`);
    // A batch stuck on a dead service must not keep a supervisor's SIGTERM waiting forever; the
    // launchers kill their children when this process exits.
    setTimeout(() => {
      log("still stopping after 20 s: exiting anyway");
      process.exit(code || 1);
    }, 20_000).unref();
    await stack.stop();
    log("stopped: DynamoDB Local, the S3 server and the HTTP server are down; data kept for the next start");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("interrupted", 0));
  process.on("SIGTERM", () => void shutdown("terminated", 0));
  process.on("SIGHUP", () => void shutdown("hung up", 0));
  void stack.failed.then((e) => shutdown(e.message, 1));
  // `npm start` runs this under a shell that dies of a SIGTERM or SIGHUP without passing it on: the
  // stack then belongs to nobody. Whoever started it going away means stop, as a signal would.
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(parentWatch);
    void shutdown(`the process that started this one (pid ${parent}) has exited`, 0);
  }, 500).unref();

  const envText = writeEnvFile(config.envFile, stack.env);
  const shown = envText.replace(/^(CLAIMS_LOCAL_SECRET=).*$/m, "$1… (in the file only)");
  log(`\nwrote ${config.envFile}:\n${shown.trimEnd().replace(/^/gm, "  ")}`);
  log(`\nupload articles:   set -a; . ${config.envFile}; set +a`);
  log(`                   /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp article.txt s3://$CLAIMS_BUCKET/`);
  log(`                   npx claims ingest path/to/articles/`);
  log(`\nready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  log(`  dashboard  ${stack.env.CLAIMS_DASHBOARD_URL}`);
  log(`  API        ${stack.env.CLAIMS_API_URL}  (try ${stack.env.CLAIMS_API_URL}/speakers)`);
  log(`  S3         ${stack.env.AWS_ENDPOINT_URL_S3}  bucket ${stack.env.CLAIMS_BUCKET}`);
  log(`  DynamoDB   ${stack.env.AWS_ENDPOINT_URL_DYNAMODB}  table ${stack.env.CLAIMS_TABLE}`);
  log("watching the bucket; Ctrl-C stops everything\n");
  ready = true;
}

// One bad request must not take the whole stack down: a fault that escapes a request handler (a
// stream error no one listened for, a rejected promise no one awaited) is reported, and the stack stays up.
const survive = (e: unknown) => {
  // A console whose reader has gone (EPIPE) cannot be told anything, this included.
  if ((e as NodeJS.ErrnoException)?.code === "EPIPE") return;
  log(`  ! internal error, the stack keeps running: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
};
process.on("uncaughtException", survive);
process.on("unhandledRejection", survive);

main().catch((e: unknown) => {
  console.error(`claim-tracker: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
