/**
 * Issue 12, against `npm start` (local/start.ts in its own process, free ports, its own data folder),
 * as a hostile or clumsy user would try it:
 *  - keys real S3 accepts but s3rver could not store (a 241-byte segment killed the process, a
 *    230-byte one left a half-written object, `../` segments escaped the bucket's folder);
 *  - a forged event through the control endpoint: from another origin or host, without the secret,
 *    with a sequencer from the future, or a remove of an object that is still there;
 *  - the smaller items: claims stored vs found in /_local/status, folder markers, a key with a
 *    newline on the console, `claims ingest` with CLAIMS_ENV_FILE, the page's security headers.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { analyzeArticle } from "../../lambdas/core/pipeline.ts";
import { LOCAL_SECRET_HEADER } from "../../local/control.ts";
import { encodeS3EventKey, localS3ClientConfig } from "../../local/services/s3-server.ts";
import { s3Notification } from "../support/events.ts";
import { eventually, isAlive, START_TIMEOUT_MS, startStack, stopStack, type Stack } from "../support/local-stack-process.ts";

const ARTICLE = "\u201cThe harbour will reopen on Friday,\u201d Ines Albarran said. The harbour master said the dredging had finished early.\n";
const SECOND = "\u201cThe ferry timetable stays as it is,\u201d Ines Albarran said on Monday.\n";

let dir: string;
let stack: Stack;
let s3: S3Client;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "claims-hostile-"));
  stack = await startStack(dir);
  s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
}, START_TIMEOUT_MS + 10_000);
afterAll(async () => {
  s3?.destroy();
  if (stack) await stopStack(stack);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: stack.env.CLAIMS_BUCKET, Key: key, Body: body }));
const api = async (path: string) => {
  const res = await fetch(`${stack.env.CLAIMS_API_URL}${path}`);
  return { status: res.status, body: (await res.json()) as { article?: { status: string; claimCount: number; sequencer: string }; items: { id: string }[] } };
};
const articleClaims = (key: string) => api(`/articles/${encodeURIComponent(key)}/claims`);
const offlineIds = (key: string, text: string) => analyzeArticle(new TextEncoder().encode(text), { key }).claims.map((c) => c.id).sort();
const ids = (items: { id: string }[]) => items.map((c) => c.id).sort();
const expectProcessed = (key: string, text: string, timeoutMs = 30_000) =>
  eventually(async () => {
    const res = await articleClaims(key);
    expect(res.body.article?.status, key).toBe("processed");
    expect(ids(res.body.items)).toEqual(offlineIds(key, text));
  }, timeoutMs);

/** Raw HTTP, so Host and Origin are exactly what a hostile page or a rebound DNS name would send. */
function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(stack.env.CLAIMS_DASHBOARD_URL!);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: "POST", headers: { "content-type": "text/plain", ...headers } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("npm start under hostile input", { timeout: 300_000 }, () => {
  it("stores every key real S3 accepts inside the bucket, lists and ingests them, refuses a 1,025-byte key, and stays up", async () => {
    const keys = [
      `long/${"a".repeat(241)}.txt`,
      `long/${"b".repeat(230)}.txt`,
      `long/${"\u00e9".repeat(400)}.txt`,
      `k/${"c".repeat(1022)}`,
      "odd/../../../x.txt",
      "odd/./dot/../y.txt",
      "odd//double.txt",
    ];
    expect(Buffer.byteLength(keys[3]!)).toBe(1024);
    for (const key of keys) await put(key, ARTICLE);
    const tooLong = await put(`k/${"d".repeat(1023)}`, ARTICLE).catch((e: { name: string; $metadata: { httpStatusCode: number } }) => e);
    expect(tooLong).toMatchObject({ name: "KeyTooLongError", $metadata: { httpStatusCode: 400 } });
    expect(isAlive(stack.pid)).toBe(true);

    // Listed, with nothing half-written in the way, through the SDK and the real AWS CLI.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.env.CLAIMS_BUCKET }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([...keys].sort());
    const cli = spawnSync("/usr/bin/aws", ["--endpoint-url", stack.env.AWS_ENDPOINT_URL_S3!, "s3", "ls", "--recursive", `s3://${stack.env.CLAIMS_BUCKET}/`], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1", AWS_PAGER: "" },
      encoding: "utf8",
    });
    if (!cli.error) {
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout.trim().split("\n")).toHaveLength(keys.length);
    }
    // Nothing was written outside the bucket's own folder.
    const bucketDir = join(stack.dataDir, "s3", stack.env.CLAIMS_BUCKET!);
    const objectFiles = (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)).filter((f) => f.includes("._S3rver_"));
    expect(objectFiles.length).toBeGreaterThanOrEqual(keys.length);
    expect(objectFiles.filter((f) => !f.startsWith(`${bucketDir}/`))).toEqual([]);

    for (const key of keys) await expectProcessed(key, ARTICLE);
    expect(stack.output()).not.toMatch(/ENAMETOOLONG|internal error/);
  });

  it("a forged event changes nothing: foreign origin or host, no secret, a future sequencer, a remove of an object that is there", async () => {
    const key = "forged/harbour.txt";
    await put(key, ARTICLE);
    await expectProcessed(key, ARTICLE);
    const before = (await articleClaims(key)).body;
    const secret = { [LOCAL_SECRET_HEADER]: stack.env.CLAIMS_LOCAL_SECRET! };
    const event = (kind: "created" | "removed", sequencer: string) => JSON.stringify(s3Notification(kind, stack.env.CLAIMS_BUCKET!, encodeS3EventKey(key), sequencer));
    const future = "F".repeat(40);
    const path = "/_local/queue/messages";
    const own = new URL(stack.env.CLAIMS_DASHBOARD_URL!).host;

    // What any web page could send (no-cors), with or without guessing a secret; and a rebound host name.
    expect((await post(path, event("removed", future), { origin: "http://127.0.0.1:9" })).status).toBe(403);
    expect((await post(path, event("removed", future), { origin: "http://evil.example", ...secret })).status).toBe(403);
    expect((await post(path, event("removed", future), { host: `rebound.example:${own.split(":")[1]}`, ...secret })).status).toBe(403);
    expect((await post(path, event("removed", future), { [LOCAL_SECRET_HEADER]: "guessed" })).status).toBe(403);
    // With the secret: a sequencer from the future, or not hex at all, is refused before it is queued.
    for (const [kind, sequencer] of [["removed", future], ["created", future], ["removed", "not-hex"]] as const) {
      const res = await post(path, event(kind, sequencer), secret);
      expect(res.status, `${kind} ${sequencer}`).toBe(400);
      expect(res.text).toMatch(/sequencer/);
    }
    // A replayed remove with the key's real sequencer is accepted, and checked against the object: still
    // there, so the object is what the key holds, at a sequencer the article already has: a duplicate.
    const replayed = await post(path, event("removed", before.article!.sequencer), { origin: `http://${own}`, ...secret });
    expect(replayed.status).toBe(202);
    await stack.waitForOutput(/· forged\/harbour\.txt: already applied, ignored/);
    const after = (await articleClaims(key)).body;
    expect(after.article).toMatchObject({ status: "processed", sequencer: before.article!.sequencer });
    expect(ids(after.items)).toEqual(ids(before.items));

    // The genuine re-upload afterwards is applied: nothing poisoned the key.
    await put(key, SECOND);
    await expectProcessed(key, SECOND);
  });

  it("counts claims stored, skips folder markers, prints a newline key escaped, and claims ingest finds the stack through CLAIMS_ENV_FILE", async () => {
    // More claims than the store keeps for one article, uploaded with `claims ingest` and no flags.
    // (Extracted offline first: seconds on a busy machine, during which an idle connection may close.)
    const crowded = Array.from({ length: 2_050 }, (_, i) => `\u201cPier ${i} will reopen,\u201d Ines Albarran said.`).join("\n");
    const found = offlineIds("crowd/many.txt", crowded).length;
    const status = async () => {
      const res = await fetch(`${stack.env.CLAIMS_DASHBOARD_URL}_local/status`, { headers: { [LOCAL_SECRET_HEADER]: stack.env.CLAIMS_LOCAL_SECRET! } });
      return ((await res.json()) as { ingest: { claims: number; claimsOverLimit: number; skipped: number } }).ingest;
    };
    expect((await fetch(`${stack.env.CLAIMS_DASHBOARD_URL}_local/status`)).status).toBe(403);
    const files = join(dir, "upload", "crowd");
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, "many.txt"), crowded);
    const before = await status();
    const cli = spawnSync(process.execPath, ["bin/claims.mjs", "ingest", join(dir, "upload")], {
      cwd: join(import.meta.dirname, "../.."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLAIMS_ENV_FILE: join(dir, "claims-local.env") },
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).toContain("uploaded 1, failed 0");
    const stored = await eventually(async () => {
      const res = await articleClaims("crowd/many.txt");
      expect(res.body.article?.status, stack.output().slice(-1500)).toBe("processed");
    }, 150_000).then(async () => (await articleClaims("crowd/many.txt")).body.article!.claimCount);
    expect(stored).toBeLessThan(found);
    const after = await status();
    expect(after.claims - before.claims).toBe(stored);
    expect(after.claimsOverLimit - before.claimsOverLimit).toBe(found - stored);

    // A console's "create folder": an empty object whose key ends in "/".
    await put("desk/", "");
    await stack.waitForOutput(/· desk\/: a folder marker/);
    expect((await articleClaims("desk/")).body.article).toBeUndefined();

    // A newline in a key cannot start a console line of its own.
    await put("evil\n  ✓ fake.txt: 99 claims", ARTICLE);
    await stack.waitForOutput(/evil\\n {2}✓ fake\.txt: 99 claims/, 30_000);
    expect(stack.output()).not.toMatch(/^\s*✓ fake\.txt/m);
  });

  it("sends the dashboard's security policy as headers", async () => {
    const page = await fetch(stack.env.CLAIMS_DASHBOARD_URL!);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
