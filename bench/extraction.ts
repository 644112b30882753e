/**
 * Extraction throughput beside the tokenize-only pass over the same texts in the same run, and the
 * latency of one article. Throughput is stated two ways: per wall-clock second (what tinybench times)
 * and per CPU second of this process, which is what "per core" means and what a busy shared machine
 * disturbs least.
 */
import { extractClaims, tokenize } from "../lambdas/core/extract/index.ts";
import type { BenchCorpus } from "./corpus.ts";
import { Bench } from "tinybench";
import { MB, percentile } from "./stats.ts";

export interface ThroughputResult {
  /** MB of article text per second of wall time. */
  wallMBps: number;
  /** MB of article text per second of CPU time (one thread: per core). */
  cpuMBps: number;
}

export interface ExtractionResult {
  extract: ThroughputResult;
  tokenize: ThroughputResult;
  /** extract CPU time / tokenize CPU time over the same text. */
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  claims: number;
}

export async function measureExtraction(corpus: BenchCorpus, opts: { time: number; latencyRounds: number }): Promise<ExtractionResult> {
  const texts = corpus.articles.map((a) => a.text);
  const keys = corpus.articles.map((a) => `${a.id}.txt`);
  let claims = 0;
  const extractAll = () => {
    claims = 0;
    for (let i = 0; i < texts.length; i++) claims += extractClaims(texts[i]!, { articleKey: keys[i]! }).length;
  };
  const tokenizeAll = () => {
    for (const text of texts) tokenize(text);
  };
  const extract = await throughput("extractClaims", extractAll, corpus.totalBytes, opts.time);
  const tokenized = await throughput("tokenize", tokenizeAll, corpus.totalBytes, opts.time);

  const latencies: number[] = [];
  for (let round = 0; round < opts.latencyRounds; round++) {
    for (let i = 0; i < texts.length; i++) {
      const started = performance.now();
      extractClaims(texts[i]!, { articleKey: keys[i]! });
      latencies.push(performance.now() - started);
    }
  }
  return {
    extract,
    tokenize: tokenized,
    ratio: tokenized.cpuMBps / extract.cpuMBps,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    claims,
  };
}

async function throughput(name: string, fn: () => void, bytes: number, time: number): Promise<ThroughputResult> {
  let calls = 0;
  const bench = new Bench({ time, iterations: 3, warmupIterations: 2, warmupTime: Math.min(500, time / 4), throws: true });
  bench.add(name, () => {
    calls++;
    fn();
  });
  const cpuBefore = process.cpuUsage();
  await bench.run();
  const cpu = process.cpuUsage(cpuBefore);
  const result = bench.tasks[0]!.result;
  if (result.state !== "completed") throw new Error(`benchmark ${name} ended ${result.state}`);
  const cpuSecondsPerCall = (cpu.user + cpu.system) / 1e6 / calls;
  return { wallMBps: bytes / MB / (result.latency.mean / 1000), cpuMBps: bytes / MB / cpuSecondsPerCall };
}
