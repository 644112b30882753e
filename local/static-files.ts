import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Sent with every dashboard response, not only as the page's <meta> policy: a <meta> cannot say
 * frame-ancestors, and the API is on this origin, so nothing else needs to be reachable.
 */
export const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
} as const;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>claim-tracker</title>
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build:dashboard</code> and reload. The API is available at <a href="/api/openapi.json">/api/openapi.json</a>.</p>`;

/**
 * Serves the dashboard's built files. Paths without an extension fall back to index.html so a
 * dashboard URL that names a view still loads after a reload; nothing outside `root` is reachable.
 */
export function serveStatic(res: ServerResponse, root: string, urlPath: string, headOnly: boolean): void {
  const base = resolve(root);
  const index = join(base, "index.html");
  if (!existsSync(index)) return send(res, 200, "text/html; charset=utf-8", NOT_BUILT, headOnly);

  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return send(res, 400, "text/plain; charset=utf-8", "bad path", headOnly);
  }
  const candidate = normalize(join(base, decoded));
  if (candidate !== base && !candidate.startsWith(base + sep)) return send(res, 404, "text/plain; charset=utf-8", "not found", headOnly);
  let file = candidate;
  if (!isFile(file)) {
    if (extname(decoded)) return send(res, 404, "text/plain; charset=utf-8", "not found", headOnly);
    file = index;
  }
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": String(statSync(file).size),
    // The local stack rebuilds in place, so the browser always revalidates.
    "cache-control": "no-cache",
    ...SECURITY_HEADERS,
  });
  if (headOnly) return void res.end();
  createReadStream(file).pipe(res);
}

export function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(body)), "cache-control": "no-cache", ...SECURITY_HEADERS });
  res.end(headOnly ? undefined : body);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
