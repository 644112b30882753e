/**
 * The change feed against DynamoDB Local, through the store and through the API handler: what is
 * handed out, when (the settle window), how a position resumes (inside an entry too), and the errors
 * a client can get (a position from elsewhere, one older than the retention).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_START_MS, startLocalServices, localDynamoClient, type LocalServices } from "../support/local-services.ts";
import { claimsFor } from "../support/claims.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { FeedPositionExpiredError } from "../../lambdas/store/feed-reader.ts";
import { FEED_RETENTION_MS, FEED_SETTLE_MS } from "../../lambdas/store/feed.ts";
import { InvalidCursorError } from "../../lambdas/store/cursor.ts";
import { createApiHandler } from "../../lambdas/api/app.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import type { FeedChange } from "../../lambdas/store/types.ts";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { createLocalHttpServer } from "../../local/http-server.ts";
import { feedCommand } from "../../bin/commands/feed.ts";
import { runExport } from "../../bin/commands/export.ts";
import { Writable } from "node:stream";
import { parse } from "csv-parse/sync";
import { startTableAggregator, type StreamAggregator } from "../../local/stream-aggregator.ts";
import { createSpeakerCorrections } from "../../lambdas/store/speaker-corrections.ts";

const noWait = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 };
const meta = { publishedAt: "2024-05-01T12:00:00.000Z", title: "A test article" };
const specs = [
  { content: "Taxes will fall", speaker: "Ann Lee" },
  { content: "Schools will open", speaker: "Bo Chen" },
  { content: "Roads will be fixed", speaker: "Ann Lee" },
];

let env: LocalServices;
const aggregators: StreamAggregator[] = [];
beforeAll(async () => {
  env = await startLocalServices({ s3: false });
}, SERVICE_START_MS);
afterAll(async () => {
  await Promise.all(aggregators.map((a) => a.stop()));
  await env?.stop();
});

/**
 * A store on a fresh table, with the stream aggregator that writes the feed's entries, both on a clock
 * the test moves (entry times, the settle horizon). `settle` hands every write so far to the
 * aggregator, as the stream does in AWS within a second or so.
 */
async function clockedStore() {
  const tableName = await env.createTable();
  let now = Date.parse("2026-03-01T00:00:00.000Z");
  const clock = () => now;
  const client = localDynamoClient(env.dynamo!.endpoint);
  const aggregator = await startTableAggregator({ client, tableName, pollIntervalMs: 0, clock });
  aggregators.push(aggregator);
  const store = createDynamoClaimStore({ client, tableName, backoff: noWait, clock });
  return { store, tableName, settle: () => aggregator.drain(), advance: (ms: number) => (now += ms) };
}

async function drain(store: Awaited<ReturnType<typeof clockedStore>>["store"], cursor: string | undefined, limit: number) {
  const changes: FeedChange[] = [];
  for (let pages = 0; ; pages++) {
    if (pages > 100) throw new Error("the feed does not end");
    const page = await store.readFeed({ limit, ...(cursor !== undefined && { cursor }) });
    changes.push(...page.items);
    cursor = page.cursor;
    if (page.caughtUp) return { changes, cursor };
  }
}

describe("change feed (DynamoDB Local)", () => {
  it("hands out a version's claims once they are older than the settle window, then its removals", async () => {
    const { store, settle, advance } = await clockedStore();
    const claims = claimsFor("a.txt", specs).claims;
    await store.replaceArticle({ key: "a.txt", sequencer: "01" }, meta, claims);
    await settle();

    const early = await store.readFeed({ limit: 10 });
    expect(early).toMatchObject({ items: [], caughtUp: true });

    advance(FEED_SETTLE_MS + 1);
    const first = await drain(store, early.cursor, 10);
    expect(first.changes.map((c) => [c.op, c.claimId])).toEqual(claims.map((c) => ["upsert", c.id]));
    expect(first.changes[0]).toMatchObject({ op: "upsert", claim: { content: "Taxes will fall", speaker: "Ann Lee", articleKey: "a.txt" } });

    // Two claims go; the one kept is reported again with its (unchanged) content.
    await store.replaceArticle({ key: "a.txt", sequencer: "02" }, meta, claimsFor("a.txt", specs.slice(0, 1)).claims);
    await settle();
    advance(FEED_SETTLE_MS + 1);
    const second = await drain(store, first.cursor, 10);
    expect(second.changes.filter((c) => c.op === "delete").map((c) => c.claimId).sort()).toEqual([claims[1]!.id, claims[2]!.id].sort());
    expect(second.changes.filter((c) => c.op === "upsert").map((c) => c.claimId)).toEqual([claims[0]!.id]);

    await store.deleteArticle({ key: "a.txt", sequencer: "03" });
    await settle();
    advance(FEED_SETTLE_MS + 1);
    const third = await drain(store, second.cursor, 10);
    expect(third.changes).toEqual([{ op: "delete", claimId: claims[0]!.id, changedAt: expect.any(String) }]);
    // Nothing new: the same position answers nothing more.
    expect((await store.readFeed({ limit: 10, cursor: third.cursor })).items).toEqual([]);
  });

  it("one claim per page resumes inside an entry and across shards, in the order the changes were made", async () => {
    const { store, settle, advance } = await clockedStore();
    const keys = Array.from({ length: 12 }, (_, i) => `paging/${i}.txt`);
    const expected: string[] = [];
    for (const key of keys) {
      const claims = claimsFor(key, specs).claims;
      await store.replaceArticle({ key, sequencer: "01" }, meta, claims);
      await settle();
      expected.push(...claims.map((c) => c.id));
      advance(3); // distinct entry times: the feed's order is the order of the changes
    }
    advance(FEED_SETTLE_MS + 1);
    const byOne = await drain(store, undefined, 1);
    expect(byOne.changes.map((c) => c.claimId)).toEqual(expected);
    const byPage = await drain(store, undefined, 7);
    expect(byPage.changes.map((c) => c.claimId)).toEqual(expected);
  });

  it("a claim an operator moves to another speaker is handed out again with its new speaker", async () => {
    const { store, tableName, settle, advance } = await clockedStore();
    await store.replaceArticle({ key: "t.txt", sequencer: "01" }, meta, claimsFor("t.txt", [{ content: "We stand firm", speaker: "Tony Blair" }]).claims);
    const claims = claimsFor("m.txt", [{ content: "Reform is coming", speaker: "Anthony Blair" }]).claims;
    await store.replaceArticle({ key: "m.txt", sequencer: "01" }, meta, claims);
    await settle();
    advance(FEED_SETTLE_MS + 1);
    const first = await drain(store, undefined, 10);
    expect(first.changes.map((c) => c.op === "upsert" && c.claim.speakerId).sort()).toEqual(["anthony-blair", "tony-blair"]);

    await createSpeakerCorrections({ client: localDynamoClient(env.dynamo!.endpoint), tableName, backoff: noWait }).merge("anthony-blair", "tony-blair");
    await settle();
    advance(FEED_SETTLE_MS + 1);
    const second = await drain(store, first.cursor, 10);
    expect(second.changes.map((c) => [c.op, c.claimId, c.op === "upsert" && c.claim.speakerId])).toEqual([["upsert", claims[0]!.id, "tony-blair"]]);
  });

  it("a position older than the retention is refused; so is one it did not issue", async () => {
    const { store, advance } = await clockedStore();
    const start = await store.readFeed({ limit: 5 });
    advance(FEED_RETENTION_MS + 60_000);
    await expect(store.readFeed({ limit: 5, cursor: start.cursor })).rejects.toBeInstanceOf(FeedPositionExpiredError);
    await expect(store.readFeed({ limit: 5, cursor: Buffer.from('{"q":"speakers","p":[]}').toString("base64url") })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("GET /claims: signed positions, 400 naming since, 410 for an expired one", async () => {
    const { store, settle, advance } = await clockedStore();
    await store.replaceArticle({ key: "b.txt", sequencer: "01" }, meta, claimsFor("b.txt", specs).claims);
    await settle();
    advance(FEED_SETTLE_MS + 1);
    const api = createApiHandler({ reader: store, tokenSecret: "feed-test-secret-0123456789", allowedOrigins: [], topics: ["politics-government"] });
    const get = async (query: string) => {
      const res = await api({ version: "2.0", routeKey: "$default", rawPath: "/claims", rawQueryString: query, headers: {}, requestContext: { http: { method: "GET", path: "/claims" }, stage: "$default" } } as unknown as ApiEvent);
      return { status: res.statusCode, body: JSON.parse(res.body!) as { items: FeedChange[]; nextSince: string; caughtUp: boolean; message?: string } };
    };
    const first = await get("limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items.map((c) => c.op)).toEqual(["upsert", "upsert"]);
    expect(first.body.caughtUp).toBe(false);
    const rest = await get(`since=${encodeURIComponent(first.body.nextSince)}`);
    expect(rest.body).toMatchObject({ caughtUp: true, items: [{ op: "upsert", claim: { content: "Roads will be fixed" } }] });

    // A time instead of a position: the changes recorded from then on.
    expect((await get("from=2026-03-01T00:00:00Z")).body.items).toHaveLength(3);
    expect((await get("from=2026-03-01T00:00:01Z")).body).toMatchObject({ items: [], caughtUp: true });
    expect((await get(`from=2026-03-01&since=${encodeURIComponent(first.body.nextSince)}`)).body.message).toMatch(/^from: give either since/);
    expect((await get("from=yesterday")).body.message).toMatch(/^from: must be an ISO date/);
    const tooOld = await get("from=2026-01-01");
    expect([tooOld.status, tooOld.body.message]).toEqual([410, expect.stringMatching(/^from: the time \(2026-01-01T00:00:00.000Z\) is older than the feed's retention of 14 days/)]);

    const forged = await get(`since=${encodeURIComponent(first.body.nextSince.slice(0, -2))}xx`);
    expect(forged.status).toBe(400);
    expect(forged.body.message).toMatch(/^since: /);
    expect((await get("since=abc&since=def")).status).toBe(400);
    expect((await get("limit=0")).body.message).toMatch(/^limit: /);

    advance(FEED_RETENTION_MS);
    const expired = await get(`since=${encodeURIComponent(rest.body.nextSince)}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ error: "Gone", message: expect.stringMatching(/^since: .*retention/) });
  });

  it("claims feed prints the changes as JSON Lines, saves its position, and goes on from it", async () => {
    const { store, settle, advance } = await clockedStore();
    const api = createApiHandler({ reader: store, tokenSecret: "feed-cli-secret-0123456789", allowedOrigins: [], topics: ["politics-government"] });
    const server = createLocalHttpServer({ api, apiBase: "/api", dashboardDir: tmpdir() });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const dir = mkdtempSync(join(tmpdir(), "claims-feed-"));
    const exportSince = async (since: string, format: "csv" | "jsonl" | "claimreview", extra: { speaker?: string } = {}) => {
      const out: string[] = [];
      const err: string[] = [];
      const sink = (into: string[]) => new Writable({ write: (chunk, _enc, done) => (into.push(String(chunk)), done()) });
      const code = await runExport({ since, format, apiUrl, envFile: join(dir, "none.env"), ...extra }, sink(out), sink(err));
      return { code, out: out.join(""), err: err.join("") };
    };
    const state = join(dir, "position");
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const stdout = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
      const before = process.exitCode;
      process.exitCode = undefined;
      try {
        await feedCommand().exitOverride().parseAsync(["--api", apiUrl, ...args], { from: "user" });
        return { code: Number(process.exitCode ?? 0), lines: out.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as FeedChange), err: err.join("") };
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
        process.exitCode = before;
      }
    };
    try {
      const claims = claimsFor("c.txt", specs).claims;
      await store.replaceArticle({ key: "c.txt", sequencer: "01" }, meta, claims);
      await settle();
      advance(FEED_SETTLE_MS + 1);
      const first = await run(["--state", state, "--limit", "2"]);
      expect(first.code).toBe(0);
      expect(first.lines.map((l) => [l.op, l.claimId])).toEqual(claims.map((c) => ["upsert", c.id]));
      const saved = readFileSync(state, "utf8").trim();
      expect(first.err).toBe(`since ${saved}\n`);

      // claims export --since: the claims changed since a position, once each, in a download format.
      const csv = await exportSince("start", "csv");
      expect(csv.code).toBe(0);
      const rows = parse(csv.out.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.content)).toEqual(claims.map((c) => c.content));
      expect(csv.err).toMatch(/^exported 3 claims changed since the position; 0 removed since\nnext time: --since \S+\n$/);
      expect((await exportSince(saved, "jsonl")).out).toBe("");
      expect((await exportSince("start", "csv", { speaker: "ann-lee" })).code).toBe(2);

      await store.deleteArticle({ key: "c.txt", sequencer: "02" });
      await settle();
      advance(FEED_SETTLE_MS + 1);
      const second = await run(["--state", state]);
      expect(second.lines.map((l) => l.op)).toEqual(["delete", "delete", "delete"]);
      const afterDelete = await exportSince(saved, "claimreview");
      expect(JSON.parse(afterDelete.out)).toEqual([]);
      expect(afterDelete.err).toMatch(/^exported 0 claims changed since the position; 3 removed since\n/);
      expect((await run(["--since", saved])).lines.map((l) => l.op)).toEqual(["delete", "delete", "delete"]);

      advance(FEED_RETENTION_MS + 60_000);
      const expired = await run(["--since", saved]);
      expect(expired.code).toBe(1);
      expect(expired.err).toMatch(/410: since: .*retention/);
      expect((await run(["--limit", "0"])).code).toBe(2);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
