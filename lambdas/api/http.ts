import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** A request the client can fix: its status and message go to the caller verbatim. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 405 | 406 | 410,
    readonly error: "BadRequest" | "Forbidden" | "NotFound" | "MethodNotAllowed" | "NotAcceptable" | "Gone",
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, "BadRequest", message);
export const notFound = (message: string) => new HttpError(404, "NotFound", message);
export const gone = (message: string) => new HttpError(410, "Gone", message);

/**
 * Data changes whenever an article is ingested, so lists revalidate on every request; a claim's id is
 * derived from its text, so one claim can be cached briefly; errors are never cached.
 */
export const CACHE = {
  live: "no-cache",
  claim: "public, max-age=60",
  document: "public, max-age=300",
  none: "no-store",
} as const;

export function jsonResult(statusCode: number, body: unknown, cacheControl: string): ApiResult {
  return {
    statusCode,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": cacheControl,
      "x-content-type-options": "nosniff",
    },
    body: JSON.stringify(body),
  };
}

export function errorResult(statusCode: number, error: string, message: string): ApiResult {
  return jsonResult(statusCode, { error, message }, CACHE.none);
}

/** Header lookup that ignores case: API Gateway lower-cases names, other callers may not. */
export function header(event: ApiEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}
