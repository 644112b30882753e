import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeArticle } from "../../lambdas/core/pipeline.ts";
import { LOCAL_SECRET_HEADER } from "../../local/control.ts";
import { eventually, javaProcessesUsing, START_TIMEOUT_MS, startStack, stopStack, type Stack } from "../support/local-stack-process.ts";

/**
 * The tracker as a user runs it: `npm start`'s script on free ports with its own data folder,
 * articles uploaded with the real AWS CLI, claims read back over HTTP, then stopped with SIGTERM.
 */
const AWS = "/usr/bin/aws";

const LIBRARY_V1 = "\u201cWe will open the new library in March,\u201d Mayor Ellen Park said on Tuesday. Police Chief Omar Haddad told reporters that crime fell by ten percent.\n";
const LIBRARY_V2 = "\u201cTaxes will stay where they are next year,\u201d Mayor Ellen Park said on Friday.\n";
const BRIDGE = "# Bridge repairs\n\n\u201cThe bridge will reopen next month,\u201d Transport Minister Clara Voss said. Engineers said the repairs were on schedule, according to the ministry.\n";
const KEYS = { library: "e2e/city hall+library.txt", bridge: "e2e/bridge.md", binary: "e2e/scan.txt" };

const hasAws = existsSync(AWS);
if (!hasAws) console.warn(`test/e2e/local-stack.test.ts skipped: ${AWS} is missing (apt-get install -y awscli; npm test's pretest does this as root)`);

// Each step shells out to the AWS CLI (a Python program: seconds per call on a busy machine).
describe.skipIf(!hasAws)("npm start: the tracker on one machine", { timeout: 90_000 }, () => {
  let dir: string;
  let stack: Stack;

  const aws = (...args: string[]) => {
    const res = spawnSync(AWS, ["--endpoint-url", stack.env.AWS_ENDPOINT_URL_S3!, ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: stack.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: stack.env.AWS_SECRET_ACCESS_KEY, AWS_REGION: stack.env.AWS_REGION, AWS_PAGER: "" },
      encoding: "utf8",
    });
    if (res.status !== 0) throw new Error(`aws ${args.join(" ")} failed: ${res.stderr}`);
    return res.stdout;
  };
  const upload = (key: string, body: string | Buffer) => {
    const file = join(dir, "upload.tmp");
    writeFileSync(file, body);
    aws("s3", "cp", file, `s3://${stack.env.CLAIMS_BUCKET}/${key}`);
  };
  const api = async (path: string) => {
    const res = await fetch(`${stack.env.CLAIMS_API_URL}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const articleClaims = (key: string) => api(`/articles/${encodeURIComponent(key)}/claims`);
  const ids = (items: { id: string }[]) => items.map((c) => c.id).sort();
  /** What the extraction core finds in these bytes: the store must hold exactly these claims. */
  const expectedIds = (key: string, text: string) => analyzeArticle(new TextEncoder().encode(text), { key }).claims.map((c) => c.id).sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "claims-e2e-"));
    stack = await startStack(dir);
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
    for (const pid of dir ? javaProcessesUsing(dir) : []) process.kill(pid, "SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("writes .claims-local.env with everything the AWS CLI and scripts need", () => {
    expect(Object.keys(stack.env).sort()).toEqual(
      ["AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "CLAIMS_API_URL", "CLAIMS_BUCKET", "CLAIMS_DASHBOARD_URL", "CLAIMS_LOCAL_SECRET", "CLAIMS_TABLE"].sort(),
    );
    expect(stack.env).toMatchObject({ AWS_ACCESS_KEY_ID: "S3RVER", CLAIMS_BUCKET: "articles", CLAIMS_TABLE: "claims" });
    expect(stack.env.CLAIMS_API_URL).toBe(`${stack.env.CLAIMS_DASHBOARD_URL}api`);
    expect(stack.output()).toContain(stack.env.CLAIMS_API_URL);
  });

  it("serves the dashboard and its config from the same origin", async () => {
    const config = await fetch(`${stack.env.CLAIMS_DASHBOARD_URL}config.json`);
    expect(await config.json()).toEqual({ apiBaseUrl: "/api" });
    const page = await fetch(stack.env.CLAIMS_DASHBOARD_URL!);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it("articles uploaded with the AWS CLI are readable by article, speaker and topic within 10 s", async () => {
    const expectedLibrary = expectedIds(KEYS.library, LIBRARY_V1);
    const expectedBridge = expectedIds(KEYS.bridge, BRIDGE);
    expect(expectedLibrary.length).toBeGreaterThan(0);
    expect(expectedBridge.length).toBeGreaterThan(0);
    upload(KEYS.library, LIBRARY_V1);
    upload(KEYS.bridge, BRIDGE);
    const waited = await eventually(async () => {
      const [library, bridge] = await Promise.all([articleClaims(KEYS.library), articleClaims(KEYS.bridge)]);
      expect(library.status).toBe(200);
      expect(bridge.status).toBe(200);
      expect(library.body.items.map((c: { id: string }) => c.id).sort()).toEqual(expectedLibrary);
      expect(bridge.body.items.map((c: { id: string }) => c.id).sort()).toEqual(expectedBridge);
    });
    expect(waited).toBeLessThan(10_000);

    const library = (await articleClaims(KEYS.library)).body;
    expect(library.article).toMatchObject({ key: KEYS.library, status: "processed", claimCount: expectedLibrary.length });
    const park = library.items.find((c: { content: string }) => c.content.includes("library"));
    expect(park).toMatchObject({ speaker: "Ellen Park", speakerId: "ellen-park" });

    const speaker = await api("/speakers/ellen-park/claims");
    expect(speaker.body.items.map((c: { id: string }) => c.id)).toContain(park.id);
    const topic = await api(`/topics/${park.topic}/claims?limit=100`);
    expect(topic.body.items.map((c: { id: string }) => c.id)).toContain(park.id);
    expect((await api(`/claims/${park.id}`)).body.content).toBe(park.content);
    // The article view carries the uploaded text, and every claim's offsets point into it.
    const view = (await api(`/articles/${encodeURIComponent(KEYS.library)}`)).body;
    expect(view).toMatchObject({ key: KEYS.library, textMatchesClaims: true, text: LIBRARY_V1 });
    expect(view.claims).toHaveLength(expectedLibrary.length);
    for (const c of view.claims) expect(view.text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
    expect(stack.output()).toMatch(/✓ e2e\/city hall\+library\.txt: \d+ claims?/);
  });

  it("a poison object is recorded with its reason and does not block the others", async () => {
    // A PNG header and then bytes that are mostly NULs: no text decoder can take this for an article.
    upload(KEYS.binary, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 0), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]));
    await eventually(async () => {
      const res = await articleClaims(KEYS.binary);
      expect(res.body.article).toMatchObject({ status: "failed", errorReason: "binary" });
    });
    expect(stack.output()).toMatch(/✗ e2e\/scan\.txt: binary/);
  });

  it("a re-upload replaces the article's claims, leaving nothing of the old version", async () => {
    const before = (await articleClaims(KEYS.library)).body.items.map((c: { id: string }) => c.id);
    const expected = expectedIds(KEYS.library, LIBRARY_V2);
    expect(expected.length).toBeGreaterThan(0);
    upload(KEYS.library, LIBRARY_V2);
    await eventually(async () => {
      const res = await articleClaims(KEYS.library);
      expect(res.body.items.map((c: { id: string }) => c.id).sort()).toEqual(expected);
    });
    const replaced = before.filter((id: string) => !expected.includes(id));
    expect(replaced.length).toBeGreaterThan(0);
    // The old version's claim items are removed right after the new version commits.
    await eventually(async () => {
      const park = (await api("/speakers/ellen-park/claims")).body.items.map((c: { id: string }) => c.id);
      for (const old of replaced) {
        expect(park).not.toContain(old);
        expect((await api(`/claims/${old}`)).status).toBe(404);
      }
    });
  });

  it("a duplicate or older event, replayed through the queue, changes nothing", async () => {
    const before = (await articleClaims(KEYS.library)).body;
    const sequencer: string = before.article.sequencer;
    const event = (eventName: string, seq: string) => ({
      Records: [{ eventVersion: "2.1", eventSource: "aws:s3", awsRegion: "us-east-1", eventTime: new Date().toISOString(), eventName, s3: { s3SchemaVersion: "1.0", bucket: { name: stack.env.CLAIMS_BUCKET, arn: "arn:aws:s3:::articles" }, object: { key: "e2e/city+hall%2Blibrary.txt", sequencer: seq } } }],
    });
    const send = (body: unknown) => fetch(`${stack.env.CLAIMS_DASHBOARD_URL}_local/queue/messages`, { method: "POST", headers: { [LOCAL_SECRET_HEADER]: stack.env.CLAIMS_LOCAL_SECRET! }, body: JSON.stringify(body) });
    const skippedBefore = (stack.output().match(/· e2e\/city hall\+library\.txt/g) ?? []).length;
    expect((await send(event("ObjectCreated:Put", sequencer))).status).toBe(202);
    expect((await send(event("ObjectRemoved:Delete", "0".repeat(sequencer.length - 1) + "1"))).status).toBe(202);
    expect((await send({ not: "an S3 event" })).status).toBe(400);
    await eventually(async () => expect((stack.output().match(/· e2e\/city hall\+library\.txt/g) ?? []).length).toBe(skippedBefore + 2));
    const after = (await articleClaims(KEYS.library)).body;
    expect(after.article).toMatchObject({ status: "processed", sequencer });
    expect(ids(after.items)).toEqual(ids(before.items));
  });

  it("deleting the object removes its claims", async () => {
    const ids = (await articleClaims(KEYS.bridge)).body.items.map((c: { id: string }) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    aws("s3", "rm", `s3://${stack.env.CLAIMS_BUCKET}/${KEYS.bridge}`);
    await eventually(async () => {
      const res = await articleClaims(KEYS.bridge);
      expect(res.body.article?.status).toBe("deleted");
      expect(res.body.items).toEqual([]);
      // The old claim items are removed right after the article's status commits.
      for (const id of ids) expect((await api(`/claims/${id}`)).status).toBe(404);
    });
  });

  it("SIGTERM stops every child, DynamoDB Local's JVM included; a second start keeps the data", async () => {
    const ids = (await articleClaims(KEYS.library)).body.items.map((c: { id: string }) => c.id).sort();
    expect(javaProcessesUsing(dir).length).toBe(1);
    expect(await stopStack(stack)).toBe(0);
    expect(stack.output()).toContain("stopped:");
    expect(javaProcessesUsing(dir)).toEqual([]);

    stack = await startStack(dir);
    const again = await articleClaims(KEYS.library);
    expect(again.body.items.map((c: { id: string }) => c.id).sort()).toEqual(ids);
    expect(await stopStack(stack)).toBe(0);
    expect(javaProcessesUsing(dir)).toEqual([]);
  }, START_TIMEOUT_MS + 30_000);
});
