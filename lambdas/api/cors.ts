/**
 * CORS from an allow-list (CORS_ALLOWED_ORIGINS, comma-separated). `*` must be listed explicitly to
 * allow every origin; an empty list allows none, so a browser on another origin cannot read the API.
 */
export interface CorsPolicy {
  /** Headers for a response to a request from `origin`; empty when the origin is not allowed. */
  headersFor(origin: string | undefined): Record<string, string>;
  allows(origin: string | undefined): boolean;
  /** Extra headers for an allowed preflight. */
  readonly preflightHeaders: Record<string, string>;
}

export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? "").split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean);
}

export function createCorsPolicy(allowedOrigins: readonly string[]): CorsPolicy {
  const any = allowedOrigins.includes("*");
  const allowed = new Set(allowedOrigins);
  const allows = (origin: string | undefined) => origin !== undefined && (any || allowed.has(origin));
  return {
    allows,
    headersFor(origin) {
      // The answer depends on Origin unless every origin is allowed, so shared caches must key on it.
      const vary: Record<string, string> = any ? {} : { vary: "Origin" };
      if (!allows(origin)) return vary;
      return { ...vary, "access-control-allow-origin": any ? "*" : origin! };
    },
    preflightHeaders: {
      "access-control-allow-methods": "GET, OPTIONS",
      "access-control-allow-headers": "content-type, authorization",
      "access-control-max-age": "600",
    },
  };
}
