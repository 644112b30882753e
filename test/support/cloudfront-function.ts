import { runInNewContext } from "node:vm";

export type CloudFrontQuery = Record<string, { value: string; multiValue?: { value: string }[] }>;
export type CloudFrontResult = { statusCode?: number; headers?: Record<string, { value: string }>; uri?: string; method?: string };

/** A CloudFront Function's source run as CloudFront runs it on a viewer request: `handler(event)` in a fresh context. */
export function runViewerRequestFunction(code: string, uri: string, querystring: CloudFrontQuery = {}): CloudFrontResult {
  const event = { version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "198.51.100.1" }, request: { method: "GET", uri, querystring, headers: {}, cookies: {} } };
  return runInNewContext(`${code}\nhandler(event);`, { event }) as CloudFrontResult;
}
