import type { StackProps } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ClaimsStackProps } from "./claims-stack.ts";
import {
  DEFAULT_ACCESS_LOG_DAYS,
  DEFAULT_API_THROTTLE,
  DEFAULT_INGEST_MAX_CONCURRENCY,
  DEFAULT_MAX_ARTICLE_BYTES,
  DEFAULT_NONCURRENT_VERSION_DAYS,
  LOG_LEVELS,
  type LogLevel,
} from "./defaults.ts";

/**
 * What one article costs the table on average, as the bench measures it on PolNeAR and BBC articles
 * (`npm run bench -- --only hotkeys`, docs/benchmarks.md): billed write and read request units, the
 * aggregator's included. The capacity of each rate below follows from these.
 */
export const WRITE_UNITS_PER_ARTICLE = 25;
export const READ_UNITS_PER_ARTICLE = 12;
/** Articles one ingest invocation gets through per second (batches of 10, ~150 ms each at 1 GB). */
export const ARTICLES_PER_SECOND_PER_INVOCATION = 6;

/** Capacity for a sustained ingest rate: concurrency with 50 % headroom, the table pre-warmed for it, a 2x cost ceiling. */
export function capacityFor(articlesPerSecond: number) {
  const writes = articlesPerSecond * WRITE_UNITS_PER_ARTICLE;
  const reads = articlesPerSecond * READ_UNITS_PER_ARTICLE;
  return {
    ingestMaxConcurrency: Math.min(1000, Math.max(DEFAULT_INGEST_MAX_CONCURRENCY, Math.ceil((articlesPerSecond / ARTICLES_PER_SECOND_PER_INVOCATION) * 1.5))),
    tableCapacity: {
      // A new on-demand table serves 4,000 writes and 12,000 reads a second at once; warm only above that.
      ...(writes > 4_000 && { warmWriteUnits: writes }),
      ...(reads > 12_000 && { warmReadUnits: reads }),
      maxWriteUnits: 2 * writes,
      maxReadUnits: 2 * reads + API_READ_UNITS_PER_SECOND,
    },
  };
}
/** Read units/s kept for the read API on top of ingest's (50 req/s default throttle × ~20 RRU a page). */
const API_READ_UNITS_PER_SECOND = 1_000;

/** Reads one context value (`-c key=value` on the command line, or the `context` block of cdk.json). */
export type ContextReader = (key: string) => unknown;

/** Everything the stack needs beyond CDK's own StackProps (env, description), as read from context. */
export type DeploymentConfig = Omit<ClaimsStackProps, keyof StackProps>;

/**
 * Turns CDK context into stack props, failing with the key's name on a bad value: context from `-c` arrives as
 * strings, from cdk.json as JSON values, so both forms are accepted.
 */
export function configFromContext(read: ContextReader): DeploymentConfig {
  const jwtIssuer = optionalString(read, "jwtIssuer");
  const jwtAudience = list(read, "jwtAudience");
  if ((jwtIssuer === undefined) !== (jwtAudience.length === 0)) {
    throw new Error("context jwtIssuer and jwtAudience must be set together (a JWT authorizer needs both)");
  }
  const alarmTopicArn = optionalString(read, "alarmTopicArn");
  const alarmEmail = optionalString(read, "alarmEmail");
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new Error(`context alarmEmail must be an e-mail address, got "${alarmEmail}"`);
  const rate = optionalInt(read, "articlesPerSecond", 1, 10_000);
  const sized = rate !== undefined ? capacityFor(rate) : undefined;
  const tableCapacity = {
    ...sized?.tableCapacity,
    ...optionalEntry("warmWriteUnits", optionalInt(read, "tableWarmWriteUnits", 1, 40_000_000)),
    ...optionalEntry("warmReadUnits", optionalInt(read, "tableWarmReadUnits", 1, 40_000_000)),
    ...optionalEntry("maxWriteUnits", optionalInt(read, "tableMaxWriteUnits", 1, 40_000_000)),
    ...optionalEntry("maxReadUnits", optionalInt(read, "tableMaxReadUnits", 1, 40_000_000)),
  };
  const webAclArn = optionalString(read, "webAclArn");
  const namePrefix = optionalString(read, "namePrefix") ?? "claim-tracker";
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(namePrefix)) {
    throw new Error(`context namePrefix must be lowercase letters, digits and dashes (max 31), got "${namePrefix}"`);
  }
  const allowedOrigins = list(read, "allowedOrigins");
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`context allowedOrigins: "${origin}" is not an origin (scheme://host[:port], no path)`);
    }
  }
  const logLevel = (optionalString(read, "logLevel") ?? "INFO").toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`context logLevel must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }

  return {
    namePrefix,
    production: bool(read, "production", true),
    logRetention: retention(read, "logRetentionDays", RetentionDays.THREE_MONTHS),
    logLevel: logLevel as LogLevel,
    tracing: bool(read, "tracing", false),
    allowedOrigins,
    ...(jwtIssuer ? { jwt: { issuer: jwtIssuer, audience: jwtAudience } } : {}),
    ingestMaxConcurrency: int(read, "ingestMaxConcurrency", sized?.ingestMaxConcurrency ?? DEFAULT_INGEST_MAX_CONCURRENCY, 2, 1000),
    ...(Object.keys(tableCapacity).length > 0 && { tableCapacity }),
    apiThrottle: {
      rateLimit: int(read, "apiRateLimit", DEFAULT_API_THROTTLE.rateLimit, 1, 10_000),
      burstLimit: int(read, "apiBurstLimit", DEFAULT_API_THROTTLE.burstLimit, 1, 5_000),
    },
    maxArticleBytes: int(read, "maxArticleBytes", DEFAULT_MAX_ARTICLE_BYTES, 1, 100 * 1024 * 1024),
    noncurrentVersionDays: int(read, "noncurrentVersionDays", DEFAULT_NONCURRENT_VERSION_DAYS, 1, 3650),
    accessLogDays: int(read, "accessLogDays", DEFAULT_ACCESS_LOG_DAYS, 1, 3650),
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(webAclArn ? { webAclArn } : {}),
  };
}

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new Error(`context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value.trim();
}

function list(read: ContextReader, key: string): string[] {
  const value = read(key);
  if (value === undefined || value === null || value === "") return [];
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : undefined;
  if (!items || items.some((item) => typeof item !== "string")) {
    throw new Error(`context ${key} must be a comma-separated string or a list of strings`);
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item.length > 0);
}

function optionalInt(read: ContextReader, key: string, min: number, max: number): number | undefined {
  const value = read(key);
  return value === undefined || value === null || value === "" ? undefined : int(read, key, 0, min, max);
}

const optionalEntry = <K extends string>(key: K, value: number | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, number>));

function bool(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null || value === "") return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

function int(read: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const value = read(key);
  if (value === undefined || value === null || value === "") return fallback;
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(`context ${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** CloudWatch Logs accepts only certain retention periods; reject others rather than round silently. */
function retention(read: ContextReader, key: string, fallback: RetentionDays): RetentionDays {
  const value = read(key);
  if (value === undefined || value === null || value === "") return fallback;
  const days = Number(value);
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === "number" && v > 0);
  if (!allowed.includes(days)) {
    throw new Error(`context ${key} must be one of ${allowed.join(", ")} (CloudWatch Logs retention), got ${JSON.stringify(value)}`);
  }
  return days as RetentionDays;
}
