import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiEvent, ApiResult } from "../lambdas/api/http.ts";

/**
 * Builds the HTTP API (payload format 2.0) event API Gateway would send for this request, with the
 * path relative to the API base, as the `$default` stage gives it.
 */
export function toApiGatewayEvent(req: IncomingMessage, relativePath: string, rawQueryString: string, body: Buffer): ApiEvent {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === "cookie") cookies.push(...String(value).split(/;\s*/));
    // API Gateway joins repeated headers with commas, as it does repeated query parameters.
    else headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) queryStringParameters[k] = k in queryStringParameters ? `${queryStringParameters[k]},${v}` : v;
  const now = new Date();
  const method = req.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: relativePath,
    rawQueryString,
    ...(cookies.length && { cookies }),
    headers,
    ...(Object.keys(queryStringParameters).length && { queryStringParameters }),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: { method, path: relativePath, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: body.toString("base64") }),
    isBase64Encoded: body.length > 0,
  };
}

export function writeApiResult(res: ServerResponse, result: ApiResult, headOnly: boolean): void {
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  // A HEAD result has no body but states the length of the GET's.
  const length = result.body === undefined && result.headers["content-length"] !== undefined ? result.headers["content-length"] : String(body.length);
  res.writeHead(result.statusCode, { ...result.headers, "content-length": length });
  res.end(headOnly ? undefined : body);
}
