/**
 * Downloads end to end on DynamoDB Local: the API's CSV and JSON Lines answers over real HTTP (the
 * local server), and `claims export` paging through them into files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, runExport, type ExportOptions } from "../../bin/commands/export.ts";
import { createApiHandler } from "../../lambdas/api/app.ts";
import { checkworthinessOf } from "../../lambdas/core/checkworthiness/index.ts";
import { claimId, slugify } from "../../lambdas/core/ids.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { CLAIM_CSV_HEADER } from "../../lambdas/export/claims.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { formatEnvFile } from "../../local/env-file.ts";
import { createLocalHttpServer } from "../../local/http-server.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";

const TOPICS = defaultTopicClassifier.topics;
const POLITICS = "politics-government";

/** Contents a spreadsheet trips over: quotes, commas, line breaks, non-ASCII, formula starts. */
const CONTENTS = [
  'The bill, she said, is "dead on arrival"',
  "Taxes will rise\nnext year by 2%",
  "Zoë Ğüneş won 55 % of the vote in Šiauliai — a record high",
  "=HYPERLINK(\"http://evil.example\",\"click\")",
  "-5% is the growth rate",
  "@everyone the vote is on Friday",
  "+44 is the code",
  "We will fix the roads",
  "I think the plan is flawed",
];

function claim(i: number, speaker: string, content: string): StoredClaim {
  const key = `exports/${speaker}-${i}.txt`;
  return {
    id: claimId(key, 1, 1 + content.length, content),
    speaker, speakerId: slugify(speaker), speakerType: "person", speakerScope: "global", rule: "quote-after", speakerMention: speaker,
    speakerStart: 0, speakerEnd: 0, cue: "said", cueStart: 0, cueEnd: 0, content, contentStart: 1, contentEnd: 1 + content.length,
    kind: "direct", topic: POLITICS, subjects: ["vote"], confidence: 0.9, ...checkworthinessOf(content, "said"),
    articleKey: key, title: `Title, "${i}"`, url: `https://news.example/${i}`, publishedAt: `2024-06-${String(i + 1).padStart(2, "0")}T10:00:00.000Z`,
    extractedAt: "2024-07-01T00:00:00.000Z", extractorVersion: "test", context: `“${content}”`, contextContentStart: 1, contextContentEnd: 1 + content.length,
  };
}

const CLAIMS = CONTENTS.map((c, i) => claim(i, "Ana Ruiz", c));
const newestFirst = [...CLAIMS].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
  return { stream, text: () => chunks.join("") };
}

describe("downloads: the API's CSV and JSON Lines, and `claims export`", () => {
  let env: LocalServices;
  let server: Server;
  let apiUrl: string;
  let dir: string;

  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    const tableName = await env.createTable("exports");
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName, topics: TOPICS });
    let seq = 0;
    for (const c of CLAIMS) await store.replaceArticle({ key: c.articleKey, sequencer: String(++seq).padStart(12, "0") }, { publishedAt: c.publishedAt, title: c.title!, url: c.url! }, [c]);
    await env.settleAggregates(tableName);
    // With the response cache on: JSON and CSV of one URL must not be served for each other.
    const api = createApiHandler({ reader: store, tokenSecret: "exports-test-secret-0123456789", allowedOrigins: ["https://dash.example"], topics: TOPICS, cache: { ttlMs: 60_000, maxBytes: 1 << 20 }, logger: { error: () => undefined } });
    dir = mkdtempSync(join(tmpdir(), "claims-export-"));
    server = createLocalHttpServer({ api, apiBase: "/api", dashboardDir: join(dir, "no-dashboard") });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  }, SERVICE_START_MS);
  afterAll(async () => {
    await new Promise((ok) => server?.close(ok));
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const speakerClaims = (query = "") => `${apiUrl}/speakers/ana-ruiz/claims${query}`;

  describe("the API", () => {
    it("answers Accept: text/csv with a spreadsheet-safe CSV of the same page as JSON", async () => {
      const json = await (await fetch(speakerClaims(), { headers: { accept: "application/json" } })).json();
      const res = await fetch(speakerClaims(), { headers: { accept: "text/csv", origin: "https://dash.example" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="claims-speaker-ana-ruiz.csv"');
      expect(res.headers.get("vary")).toBe("Accept, Origin");
      expect(res.headers.get("access-control-allow-origin")).toBe("https://dash.example");
      expect(res.headers.get("access-control-expose-headers")).toContain("x-next-token");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
      expect(header).toEqual(CLAIM_CSV_HEADER);
      expect(rows.map((r) => r[0])).toEqual(json.items.map((c: StoredClaim) => c.id));
      const content = header!.indexOf("content");
      for (const [i, c] of newestFirst.entries()) expect(rows[i]![content]).toBe(/^[=+\-@]/.test(c.content) ? `'${c.content}` : c.content);
      expect(rows[newestFirst.findIndex((c) => c.content.startsWith("Zoë"))]![header!.indexOf("speaker")]).toBe("Ana Ruiz");
    });

    it("answers Accept: application/x-ndjson with one claim per line, equal to the JSON items", async () => {
      const json = await (await fetch(speakerClaims())).json();
      const res = await fetch(speakerClaims(), { headers: { accept: "application/x-ndjson" } });
      expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
      const lines = (await res.text()).split("\n");
      expect(lines.pop()).toBe("");
      expect(lines.map((l) => JSON.parse(l))).toEqual(json.items);
    });

    it("pages a download with x-next-token and a relative link header, filters kept", async () => {
      const ids: string[] = [];
      let url = speakerClaims(`?limit=4&topic=${POLITICS}`);
      for (let pages = 0; pages < 10; pages++) {
        const res = await fetch(url, { headers: { accept: "text/csv" } });
        expect(res.status).toBe(200);
        ids.push(...(parse(await res.text(), { bom: true, from_line: 2 }) as string[][]).map((r) => r[0]!));
        const next = res.headers.get("x-next-token");
        const link = res.headers.get("link");
        if (!next) {
          expect(link).toBeNull();
          break;
        }
        const target = /^<(\?[^>]+)>; rel="next"$/.exec(link!)![1]!;
        expect(new URLSearchParams(target).get("nextToken")).toBe(next);
        expect(new URLSearchParams(target).get("topic")).toBe(POLITICS);
        url = new URL(target, url).href;
      }
      expect(ids).toEqual(newestFirst.map((c) => c.id));
    });

    it("downloads a topic's and an article's claims too", async () => {
      const topic = await fetch(`${apiUrl}/topics/${POLITICS}/claims?minCheckworthiness=0.5&sort=checkworthiness`, { headers: { accept: "application/x-ndjson" } });
      const scored = (await topic.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as StoredClaim);
      expect(scored.length).toBeGreaterThan(0);
      expect(scored.map((c) => c.checkworthiness)).toEqual(CLAIMS.map((c) => c.checkworthiness!).filter((s) => s >= 0.5).sort((a, b) => b - a));
      const article = await fetch(`${apiUrl}/articles/${encodeURIComponent(CLAIMS[0]!.articleKey)}/claims`, { headers: { accept: "text/csv" } });
      expect(article.headers.get("content-disposition")).toBe('attachment; filename="claims-article-exports-Ana-Ruiz-0.txt.csv"');
      expect((parse(await article.text(), { bom: true, from_line: 2 }) as string[][]).map((r) => r[0])).toEqual([CLAIMS[0]!.id]);
    });

    it("a download page may hold more than a JSON page, up to its own maximum", async () => {
      expect((await fetch(speakerClaims("?limit=500"), { headers: { accept: "text/csv" } })).status).toBe(200);
      const json = await fetch(speakerClaims("?limit=500"));
      expect(json.status).toBe(400);
      expect((await json.json()).message).toMatch(/^limit: .* 1 to 100/);
      const big = await fetch(speakerClaims("?limit=501"), { headers: { accept: "text/csv" } });
      expect((await big.json()).message).toMatch(/^limit: .* 1 to 500/);
    });

    it("refuses an Accept it cannot meet with a 406 naming accept; JSON otherwise varies by Accept", async () => {
      const res = await fetch(speakerClaims(), { headers: { accept: "application/xml" } });
      expect(res.status).toBe(406);
      const body = await res.json();
      expect(body.error).toBe("NotAcceptable");
      expect(body.message).toMatch(/^accept: /);
      const json = await fetch(speakerClaims(), { headers: { accept: "*/*" } });
      expect(json.headers.get("content-type")).toMatch(/^application\/json/);
      expect(json.headers.get("vary")).toContain("Accept");
    });
  });

  describe("claims export", () => {
    const run = async (opts: Partial<ExportOptions>) => {
      const out = sink();
      const err = sink();
      const code = await runExport({ format: "jsonl", envFile: join(dir, "none.env"), ...opts }, out.stream, err.stream);
      return { code, stdout: out.text(), stderr: err.text() };
    };

    it("--format csv pages through the API into one CSV file: one BOM, one header, every claim", async () => {
      const file = join(dir, "ana.csv");
      const r = await run({ speaker: "ana-ruiz", format: "csv", apiUrl, pageSize: "2", output: file });
      expect(r.code, r.stderr).toBe(EXIT.ok);
      expect(r.stderr).toBe(`exported ${CLAIMS.length} claims in 5 requests to ${file}\n`);
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString("utf8");
      expect(text.split("\uFEFF")).toHaveLength(2);
      const [header, ...rows] = parse(text, { bom: true }) as string[][];
      expect(header).toEqual(CLAIM_CSV_HEADER);
      expect(rows.map((r) => r[0])).toEqual(newestFirst.map((c) => c.id));
      expect(rows.map((row) => row[header!.indexOf("content")]!.replace(/^'(?=[=+\-@])/, ""))).toEqual(newestFirst.map((c) => c.content));
    });

    it("--format jsonl writes the claims as the API gives them, to standard output", async () => {
      const r = await run({ topic: POLITICS, apiUrl, pageSize: "4" });
      expect(r.code, r.stderr).toBe(EXIT.ok);
      const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as StoredClaim);
      expect(lines.map((c) => c.id)).toEqual(newestFirst.map((c) => c.id));
      expect(lines[0]).toEqual(JSON.parse(JSON.stringify(newestFirst[0])));
    });

    it("--format claimreview writes a JSON array of schema.org Claim objects", async () => {
      const r = await run({ speaker: "ana-ruiz", format: "claimreview", apiUrl, pageSize: "3", sort: "checkworthiness" });
      expect(r.code, r.stderr).toBe(EXIT.ok);
      const docs = JSON.parse(r.stdout) as Record<string, unknown>[];
      expect(docs).toHaveLength(CLAIMS.length);
      for (const d of docs) {
        expect(d).toMatchObject({ "@context": "https://schema.org", "@type": "Claim", author: { "@type": "Person", name: "Ana Ruiz" }, appearance: { "@type": "CreativeWork" } });
        const source = CLAIMS.find((c) => c.id === d.identifier)!;
        expect(d.text).toBe(source.content);
        expect(d.datePublished).toBe(source.publishedAt);
        expect((d.appearance as { url: string }).url).toBe(source.url);
      }
      const scores = docs.map((d) => CLAIMS.find((c) => c.id === d.identifier)!.checkworthiness!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(JSON.parse((await run({ speaker: "ana-ruiz", format: "claimreview", apiUrl, minCheckworthiness: "1" })).stdout)).toEqual([]);
    });

    it("finds the local stack's API in .claims-local.env", async () => {
      const envFile = join(dir, ".claims-local.env");
      writeFileSync(envFile, formatEnvFile({ CLAIMS_API_URL: apiUrl }));
      const saved = process.env.CLAIMS_API_URL;
      delete process.env.CLAIMS_API_URL;
      try {
        const r = await run({ article: CLAIMS[1]!.articleKey, envFile });
        expect(r.code, r.stderr).toBe(EXIT.ok);
        expect(JSON.parse(r.stdout).id).toBe(CLAIMS[1]!.id);
      } finally {
        if (saved !== undefined) process.env.CLAIMS_API_URL = saved;
      }
    });

    it("says what is wrong: bad usage and refused requests exit 2, an unreachable API 1", async () => {
      const none = await run({ apiUrl });
      expect([none.code, none.stderr]).toEqual([EXIT.usage, "claims export: name exactly one list: --speaker ID, --topic TOPIC, --article KEY or --since POSITION\n"]);
      expect((await run({ speaker: "a", topic: POLITICS, apiUrl })).code).toBe(EXIT.usage);
      const unknown = await run({ speaker: "nobody-here", apiUrl });
      expect(unknown.code).toBe(EXIT.usage);
      expect(unknown.stderr).toBe('claims export: the API answered 404: speakerId: no speaker "nobody-here"\n');
      const badDate = await run({ speaker: "ana-ruiz", from: "yesterday", apiUrl });
      expect(badDate.stderr).toMatch(/^claims export: the API answered 400: from: /);
      const badScore = await run({ speaker: "ana-ruiz", minCheckworthiness: "high", apiUrl });
      expect(badScore.stderr).toMatch(/^claims export: the API answered 400: minCheckworthiness: /);
      const saved = process.env.CLAIMS_API_URL;
      delete process.env.CLAIMS_API_URL;
      try {
        const noApi = await run({ speaker: "ana-ruiz", envFile: join(dir, "none.env") });
        expect(noApi.code).toBe(EXIT.usage);
        expect(noApi.stderr).toMatch(/^claims export: no API: pass --api-url/);
      } finally {
        if (saved !== undefined) process.env.CLAIMS_API_URL = saved;
      }
      const down = await run({ speaker: "ana-ruiz", apiUrl: "http://127.0.0.1:9/api" });
      expect(down.code).toBe(EXIT.failed);
      expect(down.stderr).toMatch(/^claims export: cannot reach the API at http:\/\/127\.0\.0\.1:9/);
    });
  });
});
