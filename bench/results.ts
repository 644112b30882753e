/** The one object `npm run bench -- --json` prints, and the targets it is judged against. */
import type { MachineInfo } from "./machine.ts";
import type { ScalingPoint } from "./scaling.ts";

export type PerFunction = { ingest: number | null; api: number | null };

export interface BenchResults {
  date: string;
  quick: boolean;
  sections: string[];
  corpus: { source: string; articles: number; bytes: number } | null;
  /** Wall-clock MB/s (10^6 bytes) on one core; per-CPU-second and topics-stubbed figures are in `extraction`. */
  extractMBps: number | null;
  tokenizeMBps: number | null;
  /** extractClaims time / tokenize time over the same text. */
  extractToTokenizeRatio: number | null;
  extractP50Ms: number | null;
  extractP99Ms: number | null;
  extraction: unknown;
  scaling: ScalingPoint[] | null;
  /** Time of the largest input over the time of the same articles one by one (1 = linear). */
  scalingGrowth: number | null;
  /** Time per MB at the largest size over time per MB at 1x (a different mix of articles). */
  scalingGrowthVs1x: number | null;
  coldStartMs: PerFunction;
  coldStart: unknown;
  bundleMinBytes: PerFunction;
  bundleGzipBytes: PerFunction;
  peakRssMB: number | null;
  memory: unknown;
  ingestArticlesPerSec: number | null;
  ingest: unknown;
  apiP50Ms: number | null;
  apiP99Ms: number | null;
  apiRps: number | null;
  /** Non-2xx responses, errors and timeouts (autocannon's 10 s) during the measured run. */
  apiFailedRequests: number | null;
  api: unknown;
  /** Speaker searches with distinct `q` at 50 connections over the stack's speakers (bench/speaker-search.ts). */
  searchP99Ms: number | null;
  searchFailedRequests: number | null;
  search: unknown;
  writeUnitsPerArticle: number | null;
  /** Write units per claim as reported by the table (DynamoDB Local counts a transactional write once). */
  writeUnitsPerClaim: number | null;
  /** The same as DynamoDB proper bills it: transactional writes count twice. The cost uses this one. */
  billedWriteUnitsPerClaim: number | null;
  /** Projected peak write units per second on one partition key (table or index) at 1,000 articles/s. */
  hotKeyWcuPerSecAt1k: number | null;
  /** Projected peak writes per second to one item at 1,000 articles/s. */
  hotItemWritesPerSecAt1k: number | null;
  hotKeys: unknown;
  readUnitsPerArticle: number | null;
  lambdaGbSecondsPerArticle: number | null;
  costPerMillionArticlesUSD: number | null;
  cost: unknown;
  targets: TargetCheck[];
  machine: MachineInfo;
  /** Sections that failed, with the reason. */
  errors: Record<string, string>;
}

export function emptyResults(machine: MachineInfo, quick: boolean, sections: string[]): BenchResults {
  const none: PerFunction = { ingest: null, api: null };
  return {
    date: new Date().toISOString(),
    quick,
    sections,
    corpus: null,
    extractMBps: null,
    tokenizeMBps: null,
    extractToTokenizeRatio: null,
    extractP50Ms: null,
    extractP99Ms: null,
    extraction: null,
    scaling: null,
    scalingGrowth: null,
    scalingGrowthVs1x: null,
    coldStartMs: { ...none },
    coldStart: null,
    bundleMinBytes: { ...none },
    bundleGzipBytes: { ...none },
    peakRssMB: null,
    memory: null,
    ingestArticlesPerSec: null,
    ingest: null,
    apiP50Ms: null,
    apiP99Ms: null,
    apiRps: null,
    apiFailedRequests: null,
    api: null,
    searchP99Ms: null,
    searchFailedRequests: null,
    search: null,
    writeUnitsPerArticle: null,
    writeUnitsPerClaim: null,
    billedWriteUnitsPerClaim: null,
    hotKeyWcuPerSecAt1k: null,
    hotItemWritesPerSecAt1k: null,
    hotKeys: null,
    readUnitsPerArticle: null,
    lambdaGbSecondsPerArticle: null,
    costPerMillionArticlesUSD: null,
    cost: null,
    targets: [],
    machine,
    errors: {},
  };
}

export interface TargetCheck {
  name: string;
  target: string;
  value: number | null;
  pass: boolean | null;
}

const check = (name: string, target: string, value: number | null, ok: (v: number) => boolean): TargetCheck => ({
  name,
  target,
  value,
  pass: value === null ? null : ok(value),
});

/** The targets of the benchmark issue (plus linear scaling), judged on the measured values. */
export function checkTargets(r: BenchResults): TargetCheck[] {
  return [
    check("extraction MB/s per core", ">= 2 (aim >= 10)", r.extractMBps, (v) => v >= 2),
    check("extract / tokenize time", "<= 4 (aim)", r.extractToTokenizeRatio, (v) => v <= 4),
    check("scaling: largest input vs its articles one by one", "<= 1.5 (linear)", r.scalingGrowth, (v) => v <= 1.5),
    check("ingest cold start ms", "<= 300 (aim <= 100)", r.coldStartMs.ingest, (v) => v <= 300),
    check("ingest bundle gzipped bytes", "<= 1.5 MiB", r.bundleGzipBytes.ingest, (v) => v <= 1.5 * 1024 * 1024),
    check("write units per claim", "<= 3", r.writeUnitsPerClaim, (v) => v <= 3),
    check("write units per claim as DynamoDB bills them", "<= 2.5", r.billedWriteUnitsPerClaim, (v) => v <= 2.5),
    check("write units per second on the hottest partition key at 1,000 articles/s", "<= 1000", r.hotKeyWcuPerSecAt1k, (v) => v <= 1000),
    check("writes per second to the hottest item at 1,000 articles/s", "<= 300", r.hotItemWritesPerSecAt1k, (v) => v <= 300),
    check("API p99 ms at 50 connections, no failed requests", "<= 50", r.apiP99Ms, (v) => v <= 50 && r.apiFailedRequests === 0),
    check("speaker search p99 ms, distinct q at 50 connections over 2,000 speakers, no failed requests", "<= 200", r.searchP99Ms, (v) => v <= 200 && r.searchFailedRequests === 0),
  ];
}
