/**
 * `claims reindex` on the tracker as a user runs it: `npm start` on free ports, articles uploaded with
 * `claims ingest`, then the store made to hold what an older extractor found for most of them (other
 * claims, an unresolved "he", an invented claim, no or another extractor version). After `claims
 * reindex`, every article's claims read back over the HTTP API are exactly what `claims extract` finds
 * offline in the same files, and a second run finds nothing to do.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTRACTOR_VERSION } from "../../lambdas/core/pipeline.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { javaProcessesUsing, ROOT, START_TIMEOUT_MS, startStack, stopStack, type Stack } from "../support/local-stack-process.ts";
import { storeOlderExtraction } from "../support/older-extraction.ts";

const CLI = join(ROOT, "bin/claims.mjs");
const ARTICLES: Record<string, string> = {
  "desk/bridge.txt": "\u201cThe bridge will reopen in May,\u201d Mayor Lena Vogt told reporters. Vogt said the repairs cost less than planned. The council said the budget was balanced.\n",
  "desk/tax plan.md": "# Tax plan\n\n\u201cWe will not raise taxes,\u201d Governor Omar Haddad said on Monday. Haddad added that schools would get more money. Critics said the plan was vague.\n",
  "world/port+harbour.html": "<html><head><title>Port</title></head><body><p>\u201cThe port will expand next year,\u201d Harbour Master Ines Kovac said.</p><p>Kovac said cargo volumes had doubled, according to the port authority.</p></body></html>",
  "desk/library.txt": "\u201cThe library opens in March,\u201d Mayor Ellen Park said. Park said the building cost less than expected.\n",
};
const BINARY_KEY = "desk/scan.txt";
const BINARY = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 0)]);
/** Left as the current extractor stored it. */
const UNTOUCHED = "desk/library.txt";
/** The claim contract's fields (lambdas/core/model.ts); the store adds provenance beside them. */
const CONTRACT = [
  "id", "speaker", "speakerId", "speakerType", "speakerScope", "speakerRole", "speakerAffiliation", "speakerPartial", "rule", "speakerMention",
  "speakerStart", "speakerEnd", "cue", "cueStart", "cueEnd", "content", "contentStart", "contentEnd", "kind", "topic", "subjects", "confidence",
];

type Json = Record<string, unknown>;
const contractOf = (c: Json) => JSON.stringify(Object.fromEntries(CONTRACT.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])));

/** Runs the CLI without blocking this process, which reads the stack's output meanwhile. */
function claims(args: string[], cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("claims reindex on the local stack", { timeout: 180_000 }, () => {
  let dir: string;
  let articles: string;
  let stack: Stack;
  let dynamo: DynamoDBClient;
  const invented: string[] = [];
  const unresolved: string[] = [];

  const api = async (path: string) => {
    const res = await fetch(`${stack.env.CLAIMS_API_URL}${path}`);
    return { status: res.status, body: (await res.json()) as Json };
  };
  const articleClaims = async (key: string) => (await api(`/articles/${encodeURIComponent(key)}/claims`)).body as { article?: Json; items: Json[] };
  const allKeys = [...Object.keys(ARTICLES), BINARY_KEY];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "claims-reindex-e2e-"));
    articles = join(dir, "articles");
    for (const [key, text] of [...Object.entries(ARTICLES), [BINARY_KEY, BINARY] as const]) {
      mkdirSync(dirname(join(articles, key)), { recursive: true });
      writeFileSync(join(articles, key), text);
    }
    // No response cache: each read below sees the store as it is.
    stack = await startStack(dir, { CLAIMS_API_CACHE_SECONDS: "0" });
    dynamo = new DynamoDBClient({ endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB, region: stack.env.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });

    const ingest = await claims(["ingest", articles, "--env-file", stack.envFile]);
    expect(ingest.stderr).toContain(`uploaded ${allKeys.length}, failed 0`);
    for (const key of allKeys) {
      for (let i = 0; !(await articleClaims(key)).article && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
    }

    // An older extractor's results, stored as re-extractions of the uploaded versions.
    const store = createDynamoClaimStore({ client: dynamo, tableName: stack.env.CLAIMS_TABLE! });
    for (const key of Object.keys(ARTICLES).filter((k) => k !== UNTOUCHED)) {
      const stored = (await store.getArticle(key))!;
      const older = await storeOlderExtraction(store, { key, sequencer: stored.sequencer, revision: 1 }, readFileSync(join(articles, key)));
      invented.push(older.invented);
      unresolved.push(older.claims[0]!.speakerId);
    }
    const scan = (await store.getArticle(BINARY_KEY))!;
    expect(scan).toMatchObject({ status: "failed", errorReason: "binary" });
    await store.recordFailure({ key: BINARY_KEY, sequencer: scan.sequencer, revision: 1 }, "binary", "rejected by an older extractor");
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    dynamo?.destroy();
    if (stack) await stopStack(stack);
    for (const pid of dir ? javaProcessesUsing(dir) : []) process.kill(pid, "SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("leaves every article's claims equal to offline extraction (claims extract) and records the extractor on each", async () => {
    const offline = await claims(["extract", "desk", "world"], articles);
    expect(offline.code).toBe(1); // the binary file is rejected offline too
    expect(offline.stderr).toContain(`${BINARY_KEY}: binary`);
    const expected = new Map<string, string[]>(allKeys.map((k) => [k, []]));
    for (const line of offline.stdout.split("\n").filter(Boolean)) {
      const c = JSON.parse(line) as Json;
      expected.get(c.source as string)!.push(contractOf(c));
    }
    // Before: the store mixes extractors, and what the older one stored differs from offline extraction.
    const bridgeBefore = await articleClaims("desk/bridge.txt");
    expect(bridgeBefore.items.map(contractOf).sort()).not.toEqual(expected.get("desk/bridge.txt")!.sort());

    const run = await claims(["reindex", "--env-file", stack.envFile]);
    expect(run.stderr).toContain(`${allKeys.length} articles in s3://${stack.env.CLAIMS_BUCKET}/ (local stack): 1 already extracted by ${EXTRACTOR_VERSION}, ${allKeys.length - 1} to re-extract\n`);
    expect(run.stderr).toMatch(/re-extracted 4 \(rejected as input: binary 1\), already current 1, not queued 0, unfinished 0\n$/);
    expect(run.code).toBe(0);

    for (const key of allKeys) {
      const { article, items } = await articleClaims(key);
      expect(items.map(contractOf).sort(), key).toEqual(expected.get(key)!.sort());
      expect(article, key).toMatchObject({ extractorVersion: EXTRACTOR_VERSION });
      for (const c of items) expect(c.extractorVersion, key).toBe(EXTRACTOR_VERSION);
    }
    expect(expected.get("desk/bridge.txt")!.length).toBeGreaterThan(1);
    for (const id of invented) expect((await api(`/claims/${id}`)).status).toBe(404);
    // The older extraction's unresolved "he" speakers have no claims left.
    for (const id of unresolved) {
      const speaker = await api(`/speakers/${encodeURIComponent(id)}`);
      expect(speaker.status === 404 || speaker.body.claimCount === 0, id).toBe(true);
    }
    expect(stack.output()).toMatch(/✓ desk\/bridge\.txt: \d+ claims? from \d+ speakers? \(.*re-extracted\)/);
  });

  it("a second run finds every article current, queues nothing and changes nothing", async () => {
    const before = await Promise.all(allKeys.map(async (k) => (await articleClaims(k)).article));
    const run = await claims(["reindex", "--env-file", stack.envFile]);
    expect(run.stderr).toContain(`: ${allKeys.length} already extracted by ${EXTRACTOR_VERSION}, 0 to re-extract\n`);
    expect(run.stderr).toMatch(/re-extracted 0, already current 5, not queued 0, unfinished 0\n$/);
    expect(run.code).toBe(0);
    expect(await Promise.all(allKeys.map(async (k) => (await articleClaims(k)).article))).toEqual(before);
  });
});
