import type { ClaimReader } from "../store/types.ts";
import type { ArticleTextSource } from "./article-text.ts";
import { createCorsPolicy } from "./cors.ts";
import { errorResult, header, HttpError, type ApiEvent, type ApiResult } from "./http.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { createPageTokens } from "./page-token.ts";
import { readQuery } from "./query.ts";
import { createResponseCache, type ResponseCacheOptions } from "./response-cache.ts";
import { createEndpoints } from "./endpoints.ts";
import { DOWNLOADABLE_ROUTES, matchRouteKey, relativePath, ROUTES, type RouteName } from "./routes.ts";
import { negotiateListFormat } from "./list-formats.ts";
import { isStoreUnavailable, withDeadlines } from "./unavailable.ts";

/**
 * How long one read of the store (a reader method, an article's text) may take before the request is
 * answered 503 with Retry-After. Each call inside it is already bounded by the client's timeouts and
 * retries (lambdas/aws/clients.ts); this also bounds a read made of several calls.
 */
export const API_DEADLINE_MS = 4_000;
/** What Retry-After says when the store is unavailable: long enough for a throttled table or a restarted node. */
export const RETRY_AFTER_SECONDS = 5;
const ALLOWED_METHODS = "GET, HEAD, OPTIONS";
/** Never served from memory: a feed page moves a reader's position, and a cached one would hold a poller back by the cache's age. */
const UNCACHED: ReadonlySet<RouteName> = new Set(["listClaimChanges"]);

/** The slice of a logger the API uses; Powertools' Logger and `console` both fit. */
export interface ApiLogger {
  error(message: string, ...extra: unknown[]): void;
}

export interface ApiOptions {
  reader: ClaimReader;
  /** The articles bucket, for GET /articles/{articleKey}; without it that route answers without text. */
  articleText?: ArticleTextSource;
  /** HMAC key for nextToken (CLAIMS_TOKEN_SECRET, at least 16 bytes). */
  tokenSecret: string;
  allowedOrigins: readonly string[];
  /** Every topic slug of the taxonomy: the only values `topic` may take. */
  topics: readonly string[];
  /** A prefix to strip from rawPath (e.g. "/api" behind a custom domain mapping). */
  basePath?: string;
  logger?: ApiLogger;
  /**
   * Serve repeated reads from memory for a few seconds (see docs/api.md, "Caching"). Absent: every
   * request reads the store, which tests that write and then read at once rely on.
   */
  cache?: ResponseCacheOptions;
  /**
   * Bound each read of the store to this many milliseconds (API_DEADLINE_MS in the function and the
   * local stack); absent, reads are bounded only by the clients' own timeouts.
   */
  deadlineMs?: number;
}

export type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

/**
 * The read API as a function of an HTTP API (payload v2) event. Routing uses rawPath so it works the
 * same behind a `$default` route, explicit route keys, a named stage, or the local server; an explicit
 * route key also lets it find the route under a path prefix it was not told about.
 */
export function createApiHandler(options: ApiOptions): ApiHandler {
  const cors = createCorsPolicy(options.allowedOrigins);
  const bounded = <T extends object>(target: T) => (options.deadlineMs === undefined ? target : withDeadlines(target, options.deadlineMs));
  const endpoints = createEndpoints({
    reader: bounded(options.reader),
    tokens: createPageTokens(options.tokenSecret),
    topics: options.topics,
    ...(options.articleText && { articleText: bounded(options.articleText) }),
  });
  const openapi = buildOpenApiDocument(options.topics);
  const index = { name: "claim-tracker read API", openapi: "openapi.json", routes: Object.values(ROUTES).map((r) => r.path) };
  const logger = options.logger ?? console;
  const cache = options.cache && createResponseCache({
    ...options.cache,
    onRefreshError: (e) => {
      if (!(e instanceof HttpError)) logger.error("background refresh failed", { error: describeError(e) });
    },
  });

  async function respond(event: ApiEvent): Promise<ApiResult> {
    const method = (event.requestContext?.http?.method ?? "GET").toUpperCase();
    const path = relativePath(event.rawPath, event.requestContext?.stage, options.basePath ?? "");
    if (method === "OPTIONS") return preflight(event);
    const route = matchRouteKey(path, event.routeKey);
    if (!route) throw new HttpError(404, "NotFound", `no route for ${truncatePath(path)}; see /openapi.json`);
    if (method !== "GET" && method !== "HEAD") {
      const result = errorResult(405, "MethodNotAllowed", `${method} is not supported; this API is read-only (GET, HEAD)`);
      result.headers.allow = ALLOWED_METHODS;
      return result;
    }
    const query = readQuery(event.rawQueryString, event.queryStringParameters, ROUTES[route.name].query);
    if (route.name === "openapi") return endpoints.document(openapi);
    if (route.name === "index") return endpoints.document(index);
    const endpoint = endpoints[route.name];
    const format = DOWNLOADABLE_ROUTES.has(route.name) ? negotiateListFormat(header(event, "accept")) : "json";
    const read = () => endpoint(route.params, query, format);
    if (!cache || UNCACHED.has(route.name)) return read();
    // Keyed by what the endpoint sees, so spelling differences (parameter order, empty values) share an entry.
    const key = JSON.stringify([route.name, route.params, [...query].sort(([a], [b]) => (a < b ? -1 : 1)), format]);
    return cache.serve(key, read);
  }

  function preflight(event: ApiEvent): ApiResult {
    const origin = header(event, "origin");
    if (origin !== undefined && !cors.allows(origin)) return errorResult(403, "Forbidden", `origin ${truncatePath(origin)} is not allowed by CORS_ALLOWED_ORIGINS`);
    return { statusCode: 204, headers: { allow: ALLOWED_METHODS, ...(origin !== undefined && cors.preflightHeaders) } };
  }

  return async (event) => {
    let result: ApiResult;
    try {
      result = await respond(event);
    } catch (e) {
      if (e instanceof HttpError) {
        result = errorResult(e.statusCode, e.error, e.message);
      } else if (e instanceof Error && e.name === "InvalidCursorError") {
        // A correctly signed cursor the store no longer accepts (its layout changed since it was issued).
        result = errorResult(400, "BadRequest", "nextToken: no longer valid; start again from the first page");
      } else if (isStoreUnavailable(e)) {
        logger.error("store unavailable", { error: describeError(e), path: event.rawPath, requestId: event.requestContext?.requestId });
        result = errorResult(503, "ServiceUnavailable", `the claims store is not answering; retry after ${RETRY_AFTER_SECONDS} seconds`);
        result.headers["retry-after"] = String(RETRY_AFTER_SECONDS);
      } else {
        const requestId = event.requestContext?.requestId;
        logger.error("request failed", { error: describeError(e), path: event.rawPath, requestId });
        result = errorResult(500, "InternalError", `the request could not be completed${requestId ? ` (request id ${requestId})` : ""}`);
      }
    }
    const { vary, ...corsHeaders } = cors.headersFor(header(event, "origin"));
    Object.assign(result.headers, corsHeaders);
    if (vary !== undefined) result.headers.vary = result.headers.vary ? `${result.headers.vary}, ${vary}` : vary;
    return isHead(event) ? withoutBody(result) : result;
  };
}

const isHead = (event: ApiEvent) => event.requestContext?.http?.method?.toUpperCase() === "HEAD";

/** HEAD: the GET's status and headers, its length, no body. */
function withoutBody(result: ApiResult): ApiResult {
  const { body, ...rest } = result;
  return { ...rest, headers: { ...result.headers, "content-length": String(Buffer.byteLength(body ?? "")) } };
}

function describeError(e: unknown) {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e);
}

/** Echoed input is cut short, so an error cannot bounce a huge string back. */
function truncatePath(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
