/**
 * Keys and sizes at the edges of what S3 accepts, through the real ingest handler and the read API
 * (local S3 server + DynamoDB Local):
 *  - keys with control characters (tab, newline, C0, DEL, C1) follow one rule on both sides: ingested
 *    like any key and queryable with the key percent-encoded in the path (docs/api.md);
 *  - the article view of a 5 MB article stays below Lambda's 6 MB response limit and pages its text,
 *    the pages together being exactly the text the claims' offsets index into;
 *  - HEAD answers every GET route with the GET's status and headers and no body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../lambdas/api/app.ts";
import { createS3ArticleTextSource } from "../../lambdas/api/s3-article-text.ts";
import { decodeArticle } from "../../lambdas/core/decode/index.ts";
import { defaultTopicClassifier } from "../../lambdas/core/topics/index.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";
import { ingestRig, type IngestRig } from "./support/rig.ts";
import { apiEvent } from "../support/events.ts";

const GOOD = `\u201cThe harbour will reopen on Friday,\u201d Ines Albarran said. The harbour master said the dredging had finished early.`;
const CONTROL_KEYS = ["ctl/tab\there.txt", "ctl/new\nline.txt", "ctl/c0\u0001\u001f.txt", "ctl/del\u007f.txt", "ctl/c1\u0085\u009f.txt", "ctl/cr\r.txt"];
const BIG_KEY = "big/five-mb.txt";
const MB = 1024 * 1024;

let env: LocalServices;
let r: IngestRig;
let api: ApiHandler;

const get = async (path: string, query = "") => {
  const res = await api(apiEvent("GET", path, query));
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(res.body ?? "null") as Record<string, unknown> & { items?: Record<string, unknown>[] } };
};

/** About 5 MB of news prose with a quote in every paragraph. */
function fiveMegabytes(): string {
  const paragraph = (i: number) => `\u201cThe ferry timetable ${i} will change next month,\u201d Mayor Ellen Park said on Tuesday. Residents had asked for earlier crossings for years, and the council agreed.\n\n`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 5 * MB - 300; i++) {
    const p = paragraph(i);
    size += Buffer.byteLength(p);
    if (size > 5 * MB - 300) break;
    parts.push(p);
  }
  return parts.join("");
}

beforeAll(async () => {
  env = await startLocalServices();
  r = await ingestRig(env);
  api = createApiHandler({
    reader: r.reader,
    articleText: createS3ArticleTextSource({ objects: env.objects, bucket: r.bucket, maxArticleBytes: 5 * MB }),
    tokenSecret: "keys-and-sizes-secret-0123",
    allowedOrigins: [],
    topics: defaultTopicClassifier.topics,
  });
}, SERVICE_START_MS);
afterAll(async () => {
  await r?.stop();
  await env?.stop();
});

describe("keys and sizes at S3's edges", { timeout: 240_000 }, () => {
  it("keys with control characters are ingested and queryable through the percent-encoded path", async () => {
    const events = [];
    for (const key of CONTROL_KEYS) events.push(await r.put(key, GOOD));
    r.deliver(events);
    await r.queue.idle();
    for (const key of CONTROL_KEYS) {
      const path = `/articles/${encodeURIComponent(key)}`;
      const claims = await get(`${path}/claims`);
      expect(claims.status, JSON.stringify(key)).toBe(200);
      expect((claims.body.article as { status?: string }).status, JSON.stringify(key)).toBe("processed");
      expect(claims.body.items!.length, JSON.stringify(key)).toBeGreaterThan(0);
      expect(claims.body.items!.every((c) => c.articleKey === key)).toBe(true);
      const view = await get(path);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ key, status: "processed", text: GOOD, textMatchesClaims: true });
      // The same claims are listed under their speaker, carrying the key as it is.
      const claimId = String(claims.body.items![0]!.id);
      expect((await get(`/claims/${claimId}`)).body.articleKey).toBe(key);
    }
    await r.expectExact({ deep: true });
  });

  it("the article view of a 5 MB article stays below 6 MB and pages its text exactly", async () => {
    const text = fiveMegabytes();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(5 * MB);
    r.deliver([await r.put(BIG_KEY, text)]);
    await r.queue.idle();
    const expected = decodeArticle(new TextEncoder().encode(text), { key: BIG_KEY }).text;
    const path = `/articles/${encodeURIComponent(BIG_KEY)}`;
    const pages: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const res = await api(apiEvent("GET", path, `textOffset=${offset}`));
      expect(res.statusCode).toBe(200);
      // What Lambda counts: its JSON response, the body escaped once more.
      expect(Buffer.byteLength(JSON.stringify(res))).toBeLessThan(6 * MB);
      const body = JSON.parse(res.body!) as { text: string; textOffset: number; textLength: number; nextTextOffset?: number; textMatchesClaims: boolean; claims: unknown[]; claimCount: number };
      expect(body).toMatchObject({ textOffset: offset, textLength: expected.length, textMatchesClaims: true });
      expect(body.claims.length).toBe(body.claimCount);
      pages.push(body.text);
      offset = body.nextTextOffset;
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.join("")).toBe(expected);
  });

  it("HEAD answers every GET route with its status and headers and no body", async () => {
    const speakerId = String((await get("/speakers", "limit=1")).body.items![0]!.speakerId);
    const paths = ["/", "/openapi.json", "/speakers", `/speakers/${speakerId}`, `/speakers/${speakerId}/claims`, "/topics", "/topics/sport/claims", `/articles/${encodeURIComponent(CONTROL_KEYS[0]!)}`, `/articles/${encodeURIComponent(CONTROL_KEYS[0]!)}/claims`, "/speakers/nobody-at-all"];
    for (const path of paths) {
      const [getRes, headRes] = [await api(apiEvent("GET", path)), await api(apiEvent("HEAD", path))];
      expect(headRes.statusCode, path).toBe(getRes.statusCode);
      expect(headRes.body, path).toBeUndefined();
      expect(headRes.headers["content-type"], path).toBe(getRes.headers["content-type"]);
      expect(headRes.headers["content-length"], path).toBe(String(Buffer.byteLength(getRes.body ?? "")));
    }
  });
});
