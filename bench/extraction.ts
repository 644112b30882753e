/**
 * Extraction throughput beside the tokenize-only pass over the same texts in the same run (the
 * measurement of `npm run bench:extract`, reused), and the time of one article: each article timed on
 * its own, over several rounds, which also gives throughput per CPU second of this process, a figure a
 * busy shared machine disturbs much less than wall-clock time.
 */
import { extractClaims } from "../lambdas/core/pipeline.ts";
import type { BenchCorpus } from "./corpus.ts";
import { measureThroughput } from "./extract.ts";
import { MB, percentile } from "./stats.ts";

export interface ExtractionResult {
  /** Wall-clock MB/s on one core (tinybench). */
  extractMBps: number;
  tokenizeMBps: number;
  /** extractClaims with a constant topic classifier: what topic scoring costs. */
  extractTopicsStubbedMBps: number;
  /** extractClaims time / tokenize time over the same text. */
  ratio: number;
  /** MB per CPU second over the per-article latency rounds. */
  extractCpuMBps: number;
  p50Ms: number;
  p99Ms: number;
  claimsPerPass: number;
}

export async function measureExtraction(corpus: BenchCorpus, opts: { time: number; latencyRounds: number }): Promise<ExtractionResult> {
  const texts = corpus.articles.map((a) => a.text);
  const { rows, claims } = await measureThroughput(texts, { time: opts.time, warmupTime: Math.min(1000, opts.time / 2) });
  const mbps = (task: string) => {
    const row = rows.find((r) => r.task === task);
    if (!row || !Number.isFinite(row["MB/s"])) throw new Error(`bench/extract.ts measured no "${task}" throughput`);
    return row["MB/s"];
  };

  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < opts.latencyRounds; round++) {
    for (const article of corpus.articles) {
      const started = performance.now();
      extractClaims(article.text, { articleKey: `${article.id}.txt` });
      latencies.push(performance.now() - started);
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    extractMBps: mbps("extractClaims"),
    tokenizeMBps: mbps("tokenize only"),
    extractTopicsStubbedMBps: mbps("extractClaims, topics stubbed"),
    ratio: mbps("tokenize only") / mbps("extractClaims"),
    extractCpuMBps: (opts.latencyRounds * corpus.totalBytes) / MB / ((cpu.user + cpu.system) / 1e6),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    claimsPerPass: claims,
  };
}
