import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { createLocalHttpServer } from "../../local/http-server.ts";

const SECRET = "a-local-secret-for-tests";

/** Raw HTTP, so paths like /../x reach the server exactly as written. */
function rawGet(port: number, path: string, method = "GET", body?: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { "X-Mixed-Case": "yes", ...headers } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("local HTTP server", () => {
  let dir: string;
  let server: Server;
  let emptyServer: Server;
  const port = (s: Server) => (s.address() as AddressInfo).port;
  // The API handler here returns the event it was given, so the test sees what API Gateway would send.
  const echo = async (event: ApiEvent) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "local-server-"));
    mkdirSync(join(dir, "dist", "assets"), { recursive: true });
    writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>dash</title>");
    writeFileSync(join(dir, "dist", "assets", "app.js"), "console.log(1)");
    writeFileSync(join(dir, "secret.txt"), "outside the dashboard");
    server = createLocalHttpServer({ api: echo, apiBase: "/api", dashboardDir: join(dir, "dist"), control: { routes: { "POST /_local/ping": (_q, r) => void r.end("pong") }, secret: SECRET } });
    emptyServer = createLocalHttpServer({ api: echo, apiBase: "/api", dashboardDir: join(dir, "nothing-built") });
    await Promise.all([server, emptyServer].map((s) => new Promise<void>((ok) => s.listen(0, "127.0.0.1", ok))));
  });
  afterAll(async () => {
    await Promise.all([server, emptyServer].map((s) => new Promise((ok) => s.close(ok))));
    rmSync(dir, { recursive: true, force: true });
  });

  it("turns /api requests into HTTP API v2 events relative to the base", async () => {
    const res = await rawGet(port(server), "/api/speakers/jane-doe/claims?limit=5&limit=6&q=a%20b");
    const event = JSON.parse(res.text) as ApiEvent;
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/speakers/jane-doe/claims",
      rawQueryString: "limit=5&limit=6&q=a%20b",
      queryStringParameters: { limit: "5,6", q: "a b" },
      isBase64Encoded: false,
      requestContext: { stage: "$default", http: { method: "GET", path: "/speakers/jane-doe/claims" } },
    });
    expect(event.headers["x-mixed-case"]).toBe("yes");
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse((await rawGet(port(server), "/api")).text).rawPath).toBe("/");
  });

  it("passes request bodies base64-encoded, as API Gateway does", async () => {
    const event = JSON.parse((await rawGet(port(server), "/api/speakers", "POST", "héllo")).text) as ApiEvent;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, "base64").toString("utf8")).toBe("héllo");
  });

  it("tells the dashboard where the API is", async () => {
    const res = await rawGet(port(server), "/config.json");
    expect(JSON.parse(res.text)).toEqual({ apiBaseUrl: "/api" });
  });

  it("serves the built dashboard, falling back to index.html for other extensionless paths", async () => {
    expect((await rawGet(port(server), "/")).text).toContain("<title>dash</title>");
    const js = await rawGet(port(server), "/assets/app.js");
    expect(js.type).toBe("text/javascript; charset=utf-8");
    expect((await rawGet(port(server), "/about")).text).toContain("<title>dash</title>");
    expect((await rawGet(port(server), "/assets/missing.js")).status).toBe(404);
  });

  it("redirects a dashboard path URL typed into the address bar to its hash route", async () => {
    for (const [path, location] of [
      ["/speakers/jane-doe", "/#/speakers/jane-doe"],
      ["/speakers/jane-doe?topic=sport&from=2024-01-01", "/#/speakers/jane-doe?topic=sport&from=2024-01-01"],
      ["/topics/sport", "/#/topics/sport"],
      ["/claims/abc", "/#/claims/abc"],
      ["/articles/news/2024/a%20b.txt", "/#/articles/news%2F2024%2Fa%20b.txt"],
    ]) {
      const res = await rawGet(port(server), path!);
      expect([res.status, res.headers.location], path).toEqual([302, location]);
      expect(res.text).toBe("");
    }
    // Also before the dashboard is built: the redirect target says what is missing.
    expect((await rawGet(port(emptyServer), "/speakers/jane-doe")).status).toBe(302);
    expect((await rawGet(port(server), "/api/speakers/jane-doe")).status).toBe(200);
  });

  it("never serves a file outside the dashboard folder", async () => {
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt"]) {
      const res = await rawGet(port(server), path);
      expect(res.text, path).not.toContain("outside the dashboard");
    }
  });

  it("says the dashboard is not built when it is not, and still serves the API", async () => {
    const res = await rawGet(port(emptyServer), "/");
    expect(res.text).toContain("npm run build:dashboard");
    expect((await rawGet(port(emptyServer), "/api/topics")).status).toBe(200);
  });

  it("routes the local stack's own endpoints and refuses other methods on static paths", async () => {
    expect((await rawGet(port(server), "/_local/ping", "POST", undefined, { "x-claims-local-secret": SECRET })).text).toBe("pong");
    expect((await rawGet(port(server), "/index.html", "DELETE")).status).toBe(405);
  });

  it("answers the control endpoints only with their secret, from no origin or its own", async () => {
    const ping = (headers: Record<string, string>) => rawGet(port(server), "/_local/ping", "POST", undefined, headers);
    const own = `http://127.0.0.1:${port(server)}`;
    expect((await ping({ "x-claims-local-secret": SECRET, origin: own })).text).toBe("pong");
    for (const headers of [{} as Record<string, string>, { "x-claims-local-secret": "wrong" }, { "x-claims-local-secret": `${SECRET}x` }, { "x-claims-local-secret": SECRET, origin: "http://127.0.0.1:9999" }, { "x-claims-local-secret": SECRET, origin: "null" }]) {
      const res = await ping(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.text).not.toBe("pong");
    }
  });

  it("answers only requests addressed to a loopback host name (no DNS rebinding)", async () => {
    for (const host of [`localhost:${port(server)}`, `[::1]:${port(server)}`, "127.0.0.1"]) expect((await rawGet(port(server), "/config.json", "GET", undefined, { host })).status, host).toBe(200);
    for (const host of ["evil.example", `evil.example:${port(server)}`, "127.0.0.1.evil.example", "localhost."]) {
      for (const path of ["/config.json", "/api/topics", "/"]) expect((await rawGet(port(server), path, "GET", undefined, { host })).status, `${host} ${path}`).toBe(403);
    }
    const forged = await rawGet(port(server), "/_local/ping", "POST", undefined, { host: "rebound.example", "x-claims-local-secret": SECRET });
    expect(forged.status).toBe(403);
  });

  it("sends the page's security policy as headers, frame-ancestors included", async () => {
    for (const path of ["/", "/speakers/jane-doe", "/assets/app.js"]) {
      const res = await rawGet(port(server), path);
      expect(res.headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(res.headers["referrer-policy"], path).toBe("no-referrer");
      expect(res.headers["x-content-type-options"], path).toBe("nosniff");
    }
    expect((await rawGet(port(emptyServer), "/")).headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});
