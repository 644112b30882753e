import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readIngestConfig } from "../lambdas/ingest/config.ts";
import { localEnvFile } from "./env-file.ts";

export interface LocalStackConfig {
  host: string;
  port: number;
  s3Port: number;
  dynamoPort: number;
  dataDir: string;
  envFile: string;
  bucket: string;
  table: string;
  region: string;
  apiBase: string;
  /** The project folder: where package.json and the dashboard's sources are. */
  rootDir: string;
  dashboardDir: string;
  tokenSecret: string;
  allowedOrigins: string;
  maxArticleBytes: number;
  buildDashboard: boolean;
  /** LOG_LEVEL=INFO or DEBUG: print the ingest handler's per-article log lines too. */
  verbose: boolean;
  queue: { visibilityTimeoutMs: number; maxReceiveCount: number; batchWindowMs: number };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  // 0 asks the OS for a free port (tests use it).
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  return n;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** Everything `npm start` can be told through the environment, with the defaults a user expects. */
export function readLocalStackConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): LocalStackConfig {
  const dataDir = resolve(cwd, env.CLAIMS_DATA_DIR || ".local-data");
  return {
    host: "127.0.0.1",
    port: port(env, "CLAIMS_PORT", 3000),
    s3Port: port(env, "CLAIMS_S3_PORT", 4568),
    dynamoPort: port(env, "CLAIMS_DYNAMODB_PORT", 8000),
    dataDir,
    envFile: resolve(cwd, localEnvFile(env)),
    bucket: "articles",
    table: "claims",
    region: "us-east-1",
    apiBase: "/api",
    rootDir: resolve(cwd),
    dashboardDir: resolve(cwd, "dashboard/dist"),
    tokenSecret: env.CLAIMS_TOKEN_SECRET || persistentSecret(dataDir),
    // The dashboard is served from the API's own origin, so no cross-origin access is needed by default.
    allowedOrigins: env.CORS_ALLOWED_ORIGINS ?? "",
    // The same variable, default and validation as the ingest Lambda.
    maxArticleBytes: readIngestConfig({ CLAIMS_TABLE: "claims", MAX_ARTICLE_BYTES: env.MAX_ARTICLE_BYTES }).maxArticleBytes,
    buildDashboard: env.CLAIMS_SKIP_DASHBOARD_BUILD !== "1",
    verbose: /^(info|debug)$/i.test(env.LOG_LEVEL ?? ""),
    queue: {
      visibilityTimeoutMs: positive(env, "CLAIMS_QUEUE_VISIBILITY_SECONDS", 5) * 1000,
      maxReceiveCount: positive(env, "CLAIMS_QUEUE_MAX_RECEIVE_COUNT", 3),
      batchWindowMs: positive(env, "CLAIMS_QUEUE_BATCH_WINDOW_MS", 100),
    },
  };
}

/** A page-token key kept with the data, so tokens a browser holds stay valid across restarts. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, "token-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 16) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
