/**
 * The read API's own metrics around its handler: requests, 4xx and 5xx answers (a 5xx here is an
 * exception the handler turned into a 500, which Lambda's Errors metric never sees), and latency. One
 * EMF document per request, written after the answer is computed.
 */
import type { Metrics } from "../aws/metrics.ts";
import type { ApiHandler } from "./app.ts";

export function withRequestMetrics(handler: ApiHandler, metrics: Metrics): ApiHandler {
  return async (event) => {
    const started = performance.now();
    // A throw reaches API Gateway as a 500 too.
    let status = 500;
    try {
      const result = await handler(event);
      status = result.statusCode;
      return result;
    } finally {
      metrics.count("Requests");
      metrics.count("Http4xx", status >= 400 && status < 500 ? 1 : 0);
      metrics.count("Http5xx", status >= 500 ? 1 : 0);
      metrics.value("LatencyMs", performance.now() - started);
      metrics.flush();
    }
  };
}
