import { readIngestConfig } from "../ingest/config.ts";
import { parseAllowedOrigins } from "./cors.ts";
import type { ResponseCacheOptions } from "./response-cache.ts";

/**
 * CLAIMS_API_CACHE_SECONDS when unset. Ingest already takes seconds from upload to stored claims, so
 * a response up to 10 s old (5 s fresh, then at most 5 s more while it is refreshed) is not noticed on
 * a dashboard, while each warm container reads the store at most once per URL every 5 s however many
 * people look.
 */
export const DEFAULT_API_CACHE_SECONDS = 5;
/** Of the function's 512 MB; room for every list the dashboard shows and a few article texts. */
export const API_CACHE_MAX_BYTES = 32 * 1024 * 1024;

export interface ApiConfig {
  table: string;
  allowedOrigins: string[];
  basePath: string;
  /** The articles bucket (CLAIMS_BUCKET): when set, GET /articles/{articleKey} serves the article's text. */
  bucket?: string;
  /** The ingest size cap (MAX_ARTICLE_BYTES): larger objects' text is not read. */
  maxArticleBytes: number;
  /** The response cache (CLAIMS_API_CACHE_SECONDS); absent when set to 0. */
  cache?: ResponseCacheOptions;
  /** Exactly one of these is set. */
  tokenSecret?: string;
  tokenSecretArn?: string;
}

/** Read once at cold start; a missing variable fails there, by name, not on the first request. */
export function readApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const table = env.CLAIMS_TABLE;
  if (!table) throw new Error("CLAIMS_TABLE is not set");
  const tokenSecret = env.CLAIMS_TOKEN_SECRET || undefined;
  const tokenSecretArn = env.CLAIMS_TOKEN_SECRET_ARN || undefined;
  if (!tokenSecret && !tokenSecretArn) throw new Error("set CLAIMS_TOKEN_SECRET (local) or CLAIMS_TOKEN_SECRET_ARN (AWS Secrets Manager)");
  if (tokenSecret !== undefined && tokenSecret.length < 16) throw new Error("CLAIMS_TOKEN_SECRET must be at least 16 characters");
  // The same cap, default and validation as ingest: text ingest would not read is not served either.
  const { maxArticleBytes } = readIngestConfig(env);
  const bucket = env.CLAIMS_BUCKET?.trim() || undefined;
  const cache = apiCacheOptions(readApiCacheSeconds(env));
  return {
    table,
    ...(bucket && { bucket }),
    maxArticleBytes,
    ...(cache && { cache }),
    allowedOrigins: parseAllowedOrigins(env.CORS_ALLOWED_ORIGINS),
    basePath: env.CLAIMS_API_BASE_PATH ?? "",
    ...(tokenSecret ? { tokenSecret } : { tokenSecretArn }),
  };
}

/** CLAIMS_API_CACHE_SECONDS: how long a response is served from memory; 0 turns the cache off. */
export function readApiCacheSeconds(env: NodeJS.ProcessEnv, fallback = DEFAULT_API_CACHE_SECONDS): number {
  const raw = env.CLAIMS_API_CACHE_SECONDS?.trim();
  if (!raw) return fallback;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 300) throw new Error(`CLAIMS_API_CACHE_SECONDS must be a number of seconds from 0 to 300, got ${JSON.stringify(raw)}`);
  return seconds;
}

/** Options for createApiHandler's cache: fresh for `seconds`, then served stale for as long again while refreshed. */
export function apiCacheOptions(seconds: number): ResponseCacheOptions | undefined {
  return seconds > 0 ? { ttlMs: seconds * 1000, maxBytes: API_CACHE_MAX_BYTES } : undefined;
}

/**
 * The token secret: from the environment locally, from Secrets Manager in AWS. The SDK client is
 * imported only on that path, so local runs and tests never load it.
 */
export async function resolveTokenSecret(config: Pick<ApiConfig, "tokenSecret" | "tokenSecretArn">): Promise<string> {
  if (config.tokenSecret) return config.tokenSecret;
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: config.tokenSecretArn }));
  const secret = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString("base64") : undefined);
  if (!secret || secret.length < 16) throw new Error(`secret ${config.tokenSecretArn} is empty or shorter than 16 characters`);
  return secret;
}
