/**
 * Articles that are mostly not prose, and articles so large they could hold everything else up,
 * through the real ingest handler (local S3 server + DynamoDB Local):
 *  - a Markdown article with a 1.6 MB code block full of quotes and a real claim after it yields the
 *    real claim and nothing from the code (likewise HTML <pre><code>);
 *  - with the local stack's lanes and extraction pool (local/stack.ts, local/extract-pool.ts), a small
 *    article and an object refused for its size are done while two large articles are still being
 *    extracted, and the large extractions leave the event loop free (the API keeps answering).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtractPool, type ExtractPool } from "../../local/extract-pool.ts";
import { ingestLanes } from "../../local/stack.ts";
import { SERVICE_START_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";
import { ingestRig, type IngestRig } from "./support/rig.ts";

const MB = 1024 * 1024;
const REAL = "\u201cThe harbour will reopen on Friday,\u201d harbour master Ines Albarran said on Tuesday.";
const CODE_LINE = (i: number) => `print("Quote ${i} here," said the test. "And another," it added.) # "${i}," he said`;

/** About `bytes` of news prose: a quote every few paragraphs, the rest narrative. */
function prose(bytes: number, tag: string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes - 400; i++) {
    const p =
      i % 8 === 0
        ? `\u201cThe ${tag} timetable ${i} will change next month,\u201d Mayor Ellen Park said on Tuesday.\n\n`
        : `Residents of the ${tag} district had asked for earlier crossings for years, and the council agreed after a long debate ${i}.\n\n`;
    size += Buffer.byteLength(p);
    parts.push(p);
  }
  return parts.join("");
}

let env: LocalServices;
let r: IngestRig;
let lanes: IngestRig;
let pool: ExtractPool;

beforeAll(async () => {
  env = await startLocalServices();
  r = await ingestRig(env);
  pool = createExtractPool({ workers: 1 });
  lanes = await ingestRig(env, { prepare: pool.prepare, queue: { ...ingestLanes(5 * MB), concurrency: 1, batchSize: 10 } });
}, SERVICE_START_MS);
afterAll(async () => {
  await Promise.all([r?.stop(), lanes?.stop()]);
  await pool?.close();
  await env?.stop();
});

describe("non-prose and large articles", { timeout: 300_000 }, () => {
  it("a Markdown article with a 1.6 MB code block of quotes yields the claim after it and none from the code", async () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 1.6 * MB; i++) {
      lines.push(CODE_LINE(i));
      size += lines.at(-1)!.length + 1;
    }
    const markdown = `# Harbour news\n\n\`\`\`python\n${lines.join("\n")}\n\`\`\`\n\n${REAL}\n`;
    const indented = `# Harbour news\n\nThe council met.\n\n${lines.slice(0, 2_000).map((l) => `    ${l}`).join("\n")}\n\n${REAL}\n`;
    const html = `<html><body><article><pre><code>${lines.slice(0, 5_000).join("\n").replace(/</g, "&lt;")}</code></pre><p>${REAL}</p></article></body></html>`;
    const keys = ["code/fenced.md", "code/indented.md", "code/pre.html"];
    r.deliver([await r.put(keys[0]!, markdown), await r.put(keys[1]!, indented), await r.put(keys[2]!, html)]);
    await r.queue.idle();
    for (const key of keys) {
      const article = await r.reader.getArticle(key);
      expect(article, key).toMatchObject({ status: "processed" });
      expect(article?.claimsOverLimit, key).toBeUndefined();
      const claims = await r.reader.listArticleClaims(key);
      expect(claims, key).toHaveLength(1);
      expect(claims[0]!.content, key).toMatch(/^\W?The harbour will reopen on Friday,\W?$/);
      expect(claims[0]!.speaker, key).toBe("Ines Albarran");
    }
    // And the stored state is exactly what offline extraction of the same bytes gives.
    await r.expectExact({ deep: true });
  });

  it("small and size-refused objects are done while large articles are extracted, and the event loop stays free", async () => {
    const large = [await lanes.put("big/one.txt", prose(4.8 * MB, "ferry")), await lanes.put("big/two.txt", prose(4.8 * MB, "bridge"))];
    const refused = await lanes.put("big/over.txt", "x".repeat(5 * MB + 1));
    lanes.expected.delete("big/over.txt");
    const small = await lanes.put("small/one.txt", REAL);

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    // The large ones first, in one batch, as the bucket notified them.
    lanes.deliver([...large, refused, small]);
    await lanes.queue.idle();
    const elapsedMs = performance.now() - started;
    delay.disable();

    const done = lanes.logger.lines.map((l) => String(l.attributes.articleKey));
    expect(done.indexOf("small/one.txt")).toBeGreaterThanOrEqual(0);
    expect(done.indexOf("small/one.txt")).toBeLessThan(done.indexOf("big/one.txt"));
    expect(done.indexOf("big/over.txt")).toBeLessThan(done.indexOf("big/one.txt"));
    expect(done.indexOf("small/one.txt")).toBeLessThan(done.indexOf("big/two.txt"));
    expect(await lanes.reader.getArticle("big/over.txt")).toMatchObject({ status: "failed", errorReason: "too-large" });
    // The claim limit kept the most confident claims (the quotes) and counted the rest.
    const big = await lanes.reader.getArticle("big/one.txt");
    expect(big?.claimCount).toBe(2_000);
    expect(big?.claimsOverLimit).toBeGreaterThan(0);
    const kept = await lanes.reader.listArticleClaims("big/one.txt");
    expect(kept.filter((c) => c.content.includes("timetable")).length).toBeGreaterThan(1_500);
    expect((await lanes.reader.listArticleClaims("small/one.txt"))).toHaveLength(1);

    // Extraction ran beside the event loop: no stall comes near the time the large articles took
    // (inline, each would have held the loop for its whole extraction).
    const worstStallMs = delay.max / 1e6;
    console.log(`two 4.8 MB articles in ${(elapsedMs / 1000).toFixed(1)} s; worst event-loop stall ${worstStallMs.toFixed(0)} ms`);
    expect(worstStallMs).toBeLessThan(elapsedMs / 4);
  });
});
