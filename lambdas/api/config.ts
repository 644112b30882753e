import { readIngestConfig } from "../ingest/config.ts";
import { parseAllowedOrigins } from "./cors.ts";

export interface ApiConfig {
  table: string;
  allowedOrigins: string[];
  basePath: string;
  /** The articles bucket (CLAIMS_BUCKET): when set, GET /articles/{articleKey} serves the article's text. */
  bucket?: string;
  /** The ingest size cap (MAX_ARTICLE_BYTES): larger objects' text is not read. */
  maxArticleBytes: number;
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
  return {
    table,
    ...(bucket && { bucket }),
    maxArticleBytes,
    allowedOrigins: parseAllowedOrigins(env.CORS_ALLOWED_ORIGINS),
    basePath: env.CLAIMS_API_BASE_PATH ?? "",
    ...(tokenSecret ? { tokenSecret } : { tokenSecretArn }),
  };
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
