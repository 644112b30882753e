import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ApiHandler } from "../lambdas/api/app.ts";
import { toApiGatewayEvent, writeApiResult } from "./api-gateway-event.ts";
import { controlRefusal, isLoopbackHost } from "./control.ts";
import { SECURITY_HEADERS, send, serveStatic } from "./static-files.ts";
import { deepLinkTarget } from "../lib/dashboard-deep-links.ts";

export interface LocalHttpServerOptions {
  api: ApiHandler;
  /** Where the API lives, e.g. "/api". */
  apiBase: string;
  dashboardDir: string;
  /**
   * The local stack's own control endpoints (status, dead letters, replay), matched before the
   * dashboard, and the secret a request to them must carry (see control.ts).
   */
  control?: { routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>; secret: string };
  onError?: (e: unknown) => void;
}

const MAX_BODY_BYTES = 1 << 20;

/**
 * One HTTP server for the local stack: `<apiBase>/...` becomes an API Gateway v2 event for the API
 * handler, `/config.json` tells the dashboard where the API is, a path under a dashboard view
 * (`/speakers/ID`) is redirected to its hash route, everything else is the dashboard's files.
 * Only requests addressed to a loopback host name are answered (a page on a rebound DNS name gets
 * nothing), and the control endpoints also want their secret.
 */
export function createLocalHttpServer(opts: LocalHttpServerOptions): Server {
  const apiBase = opts.apiBase.replace(/\/+$/, "");
  const config = JSON.stringify({ apiBaseUrl: apiBase });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const headOnly = req.method === "HEAD";
    const json = (status: number, body: unknown) => send(res, status, "application/json; charset=utf-8", JSON.stringify(body), headOnly);
    if (!isLoopbackHost(req.headers.host)) return json(403, { error: "Forbidden", message: "this server answers only requests to 127.0.0.1, localhost or [::1]" });

    if (path === apiBase || path.startsWith(`${apiBase}/`)) {
      const body = await readBody(req);
      if (body === undefined) return json(413, { error: "PayloadTooLarge", message: "request body over 1 MB" });
      const result = await opts.api(toApiGatewayEvent(req, path.slice(apiBase.length) || "/", rawQuery, body));
      return writeApiResult(res, result, headOnly);
    }
    const local = opts.control?.routes[`${req.method} ${path}`];
    if (local) {
      const refusal = controlRefusal(req, opts.control!.secret);
      return refusal ? json(refusal.status, { error: refusal.error, message: refusal.message }) : local(req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "method not allowed");
    if (path === "/config.json") return send(res, 200, "application/json; charset=utf-8", config, headOnly);
    const deepLink = deepLinkTarget(path, rawQuery);
    if (deepLink) {
      res.writeHead(302, { location: deepLink, "content-length": "0", "cache-control": "no-cache", ...SECURITY_HEADERS });
      return void res.end();
    }
    return serveStatic(res, opts.dashboardDir, path, headOnly);
  }

  return createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.onError?.(e);
      if (!res.headersSent) send(res, 500, "application/json", JSON.stringify({ error: "InternalError", message: "the local server failed; see its console" }));
      else res.destroy();
    });
  });
}

/** The request body, or undefined when it is larger than maxBytes (the rest is read and dropped). */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
