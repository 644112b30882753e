/** The ingest function's settings, read once at cold start; a missing or bad variable fails loudly by name. */
export interface IngestConfig {
  tableName: string;
  /** Objects larger than this are recorded as "too-large" without being downloaded. */
  maxArticleBytes: number;
  logLevel: string;
}

export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

export function readIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const tableName = env.CLAIMS_TABLE?.trim();
  if (!tableName) throw new Error("CLAIMS_TABLE is not set: the ingest function needs the claims table's name");
  const raw = env.MAX_ARTICLE_BYTES?.trim();
  const maxArticleBytes = raw ? Number(raw) : DEFAULT_MAX_ARTICLE_BYTES;
  if (!Number.isSafeInteger(maxArticleBytes) || maxArticleBytes <= 0) {
    throw new Error(`MAX_ARTICLE_BYTES must be a positive whole number of bytes, got ${JSON.stringify(raw)}`);
  }
  return { tableName, maxArticleBytes, logLevel: env.LOG_LEVEL?.trim() || "INFO" };
}
