/** The human-readable report: one row per figure, then the targets. */
import type { ColdStartResult, NodeBaseline } from "./cold-start.ts";
import type { ExtractionResult } from "./extraction.ts";
import type { BenchResults } from "./results.ts";
import type { SpeakerSearchResult } from "./speaker-search.ts";
import { round } from "./stats.ts";

type Row = [label: string, value: string];

const extraction = (r: BenchResults) => r.extraction as ExtractionResult | null;
const cold = (r: BenchResults, name: string) => (r.coldStart as Record<string, ColdStartResult> | null)?.[name];
const baseline = (r: BenchResults) => (r.coldStart as { nodeBaseline?: NodeBaseline } | null)?.nodeBaseline;
const search = (r: BenchResults) => r.search as SpeakerSearchResult | null;
const coldPart = (r: BenchResults, name: string) => {
  const c = cold(r, name);
  return c ? `${name} ${num(c.medianBootMs, 0)} / ${num(c.medianLoadMs, 0)} / ${num(c.medianFirstEventMs, 0)}` : `${name} —`;
};

const num = (v: number | null | undefined, digits = 2, unit = "") => (v === null || v === undefined ? "—" : `${round(v, digits).toLocaleString("en-US")}${unit}`);

export function formatTable(r: BenchResults): string {
  const rows: Row[] = [
    ["machine", `${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}`],
    ["load average (1 min) start / end", `${num(r.machine.loadAverage.start)} / ${num(r.machine.loadAverage.end)}`],
    ["date", r.date],
    ["corpus", r.corpus ? `${r.corpus.source}: ${r.corpus.articles} articles, ${num(r.corpus.bytes / 1024, 0, " KiB")}` : "—"],
    ["extractClaims MB/s, one core", num(r.extractMBps)],
    ["tokenize-only MB/s, one core", num(r.tokenizeMBps)],
    ["extract / tokenize time", num(r.extractToTokenizeRatio, 1, "x")],
    ["extractClaims, topics stubbed MB/s", num(extraction(r)?.extractTopicsStubbedMBps)],
    ["extractClaims MB per CPU second", num(extraction(r)?.extractCpuMBps)],
    ["per-article latency p50 / p99 ms", `${num(r.extractP50Ms)} / ${num(r.extractP99Ms)}`],
    ...(r.scaling ?? []).map((p): Row => [
      `scaling ${p.factor}x (${num(p.bytes / 1024, 0, " KiB")}, ${p.articles} articles)`,
      `${num(p.ms, 1, " ms")}, ${num(p.msPerMB, 0, " ms/MB")}; one by one ${num(p.separateMsPerMB, 0, " ms/MB")}`,
    ]),
    ["scaling growth (largest input / its articles one by one)", num(r.scalingGrowth)],
    ["scaling ms/MB, largest / 1x (different article mix)", num(r.scalingGrowthVs1x)],
    ["cold start ms ingest / api (median)", `${num(r.coldStartMs.ingest, 0)} / ${num(r.coldStartMs.api, 0)}`],
    ["  of which Node boot / load / first event", ["ingest", "api"].map((f) => coldPart(r, f)).join("  |  ")],
    ["cold start CPU ms ingest / api (median)", `${num(cold(r, "ingest")?.medianCpuMs, 0)} / ${num(cold(r, "api")?.medianCpuMs, 0)}`],
    ["empty Node process ms / CPU ms (baseline)", `${num(baseline(r)?.medianMs, 0)} / ${num(baseline(r)?.medianCpuMs, 0)}`],
    ["bundle minified bytes ingest / api", `${num(r.bundleMinBytes.ingest, 0)} / ${num(r.bundleMinBytes.api, 0)}`],
    ["bundle gzipped bytes ingest / api", `${num(r.bundleGzipBytes.ingest, 0)} / ${num(r.bundleGzipBytes.api, 0)}`],
    ["peak RSS MB, largest accepted article", num(r.peakRssMB, 0)],
    ["ingest end to end articles/s", num(r.ingestArticlesPerSec)],
    ["read API p50 / p99 ms", `${num(r.apiP50Ms)} / ${num(r.apiP99Ms)}`],
    ["read API requests/s", num(r.apiRps, 0)],
    ["read API failed requests (non-2xx, errors, timeouts)", num(r.apiFailedRequests, 0)],
    ["speaker search p50 / p99 ms (distinct q, 50 connections)", `${num(search(r)?.p50Ms)} / ${num(r.searchP99Ms)}`],
    ["speaker search failed requests / searches with results", `${num(r.searchFailedRequests, 0)} / ${num(search(r)?.withResults, 0)} of ${num(search(r)?.searches, 0)}`],
    ["write units per article / per claim (DynamoDB Local)", `${num(r.writeUnitsPerArticle)} / ${num(r.writeUnitsPerClaim)}`],
    ["write units per claim as DynamoDB bills (transactions x2)", num(r.billedWriteUnitsPerClaim)],
    ["Lambda GB-s per article (estimated)", num(r.lambdaGbSecondsPerArticle, 4)],
    ["cost per 1,000,000 articles USD", num(r.costPerMillionArticlesUSD)],
    ["hottest partition key at 1,000 articles/s, WCU/s", num(r.hotKeyWcuPerSecAt1k)],
    ["hottest item at 1,000 articles/s, writes/s", num(r.hotItemWritesPerSecAt1k)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  lines.push("", "targets:");
  for (const t of r.targets) lines.push(`  ${t.pass === null ? "n/a " : t.pass ? "PASS" : "FAIL"}  ${t.name}: ${num(t.value)} (target ${t.target})`);
  for (const [section, message] of Object.entries(r.errors)) lines.push(`  ERROR in ${section}: ${message}`);
  return lines.join("\n");
}
