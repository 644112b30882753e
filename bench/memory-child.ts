/**
 * Runs in its own process (bench/memory.ts): builds an article of the largest size ingest accepts,
 * then decodes and extracts it as the ingest handler does, and reports the process's peak RSS.
 * Usage: tsx bench/memory-child.ts BYTES → one JSON line on stdout.
 */
import { analyzeArticle } from "../lambdas/core/pipeline.ts";
import { loadCorpus, textOfSize, typicalArticle } from "./corpus.ts";

const bytes = Number(process.argv[2]);
if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`usage: memory-child.ts BYTES (got ${process.argv[2]})`);

const corpus = loadCorpus();
const body = fitToBytes(textOfSize(corpus, bytes, typicalArticle(corpus)), bytes);
const mb = (n: number) => n / (1024 * 1024);
const baselineRssMB = mb(process.memoryUsage.rss());
const started = performance.now();
const cpuBefore = process.cpuUsage();
const { claims } = analyzeArticle(body, { key: "largest-accepted.txt", contentType: "text/plain; charset=utf-8" });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// maxRSS is in KiB: the high-water mark of the whole process, including the extraction just done.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ articleBytes: body.length, claims: claims.length, seconds, cpuSeconds, baselineRssMB, peakRssMB })}\n`);

/** The text's UTF-8 bytes cut to at most `limit`, at a character boundary (the decoder rejects a torn character). */
function fitToBytes(text: string, limit: number): Uint8Array {
  const encoded = Buffer.from(text, "utf8");
  let end = Math.min(limit, encoded.length);
  while (end > 0 && end < encoded.length && (encoded[end]! & 0xc0) === 0x80) end--;
  return encoded.subarray(0, end);
}
