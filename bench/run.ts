/**
 * `npm run bench`: every figure of the benchmark issue on this machine.
 *
 *   npm run bench                      human-readable table (progress on stderr)
 *   npm run bench -- --json            one JSON object on stdout
 *   npm run bench -- --only extract,api
 *   npm run bench -- --quick           small inputs and short runs (the smoke test uses it)
 *
 * Sections: extract, scaling, memory, bundle, cold, ingest, api, search, cost, hotkeys. cold, ingest, api, search and cost run
 * against the local stack (`npm start`'s, in a child process), which ingests the benchmark articles first.
 */
import { parseArgs } from "node:util";
import type { BenchArticle } from "./corpus.ts";
import { loadCorpus } from "./corpus.ts";
import { currentLoad, describeMachine } from "./machine.ts";
import { checkTargets, emptyResults, type BenchResults } from "./results.ts";
import { formatTable } from "./table.ts";

export const SECTIONS = ["extract", "scaling", "memory", "bundle", "cold", "ingest", "api", "search", "cost", "hotkeys"] as const;
type Section = (typeof SECTIONS)[number];
const STACK_SECTIONS: readonly Section[] = ["cold", "ingest", "api", "search", "cost"];

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean) ?? [...SECTIONS];
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(", ")}; choose from ${SECTIONS.join(", ")}`);
  process.exit(2);
}
const selected = new Set(only as Section[]);
const quick = values.quick;

/** Sizes of each run; --quick only proves the code paths work. */
const PLAN = quick
  ? { extractTime: 200, latencyRounds: 1, corpusLimit: 12, scalingFactors: [1, 10], scalingTime: 100, scalingMinPairs: 2, memoryBytes: 256 * 1024, ingestArticles: 12, costArticles: 10, hotKeyArticles: 40, apiSeconds: 1, apiAmount: 100, apiWarmupSeconds: 0, coldRuns: 2, searchSpeakers: 100, searches: 100 }
  : { extractTime: 3000, latencyRounds: 5, corpusLimit: undefined, scalingFactors: [1, 10, 100], scalingTime: 4000, scalingMinPairs: 10, memoryBytes: undefined, ingestArticles: 84, costArticles: 40, hotKeyArticles: 600, apiSeconds: 10, apiAmount: undefined, apiWarmupSeconds: 3, coldRuns: 7, searchSpeakers: 2000, searches: 2000 };
const API_CONNECTIONS = 50;

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  // Handlers and the local stack read these; the benchmark wants the quiet, deployed defaults.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const results = emptyResults(describeMachine(), quick, [...selected]);
  const corpus = loadCorpus({ limit: PLAN.corpusLimit });
  results.corpus = { source: corpus.source, articles: corpus.articles.length, bytes: corpus.totalBytes };

  const section = async (name: Section, body: () => Promise<void>) => {
    if (!selected.has(name)) return;
    progress(`${name}…`);
    const started = performance.now();
    try {
      await body();
      progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      results.errors[name] = e instanceof Error ? e.message : String(e);
      progress(`${name} FAILED: ${results.errors[name]}`);
    }
  };

  await section("extract", async () => {
    const { measureExtraction } = await import("./extraction.ts");
    const r = await measureExtraction(corpus, { time: PLAN.extractTime, latencyRounds: PLAN.latencyRounds });
    Object.assign(results, { extractMBps: r.extractMBps, tokenizeMBps: r.tokenizeMBps, extractToTokenizeRatio: r.ratio, extractP50Ms: r.p50Ms, extractP99Ms: r.p99Ms, extraction: r });
  });
  await section("scaling", async () => {
    const { measureScaling } = await import("./scaling.ts");
    const r = await measureScaling(corpus, { factors: PLAN.scalingFactors, time: PLAN.scalingTime, minPairs: PLAN.scalingMinPairs });
    Object.assign(results, { scaling: r.points, scalingGrowth: r.growth, scalingGrowthVs1x: r.growthVs1x });
  });
  await section("memory", async () => {
    const { measurePeakRss } = await import("./memory.ts");
    const r = await measurePeakRss(PLAN.memoryBytes);
    Object.assign(results, { peakRssMB: r.peakRssMB, memory: r });
  });

  const needsBundles = selected.has("bundle") || selected.has("cold");
  const { FUNCTIONS } = await import("./functions.ts");
  const bundles: Partial<Record<"ingest" | "api", import("./bundle.ts").Bundle>> = {};
  try {
    const buildBundles = async () => {
      const { bundleFunction } = await import("./bundle.ts");
      for (const name of ["ingest", "api"] as const) {
        const b = (bundles[name] = bundleFunction(FUNCTIONS[name]));
        results.bundleMinBytes[name] = b.minifiedBytes;
        results.bundleGzipBytes[name] = b.gzipBytes;
      }
    };
    if (selected.has("bundle")) await section("bundle", buildBundles);
    // Cold starts load the bundles even when their sizes were not asked for.
    else if (needsBundles) await buildBundles().catch((e: unknown) => void (results.errors.bundle = e instanceof Error ? e.message : String(e)));
    if (STACK_SECTIONS.some((s) => selected.has(s))) {
      await stackSections(results, corpus.articles, bundles).catch((e: unknown) => {
        // Without the stack and its ingested articles none of the sections that need them can run.
        results.errors.stack = e instanceof Error ? e.message : String(e);
        progress(`local stack FAILED: ${results.errors.stack}`);
      });
    }
  } finally {
    for (const b of Object.values(bundles)) b.dispose();
  }

  await section("hotkeys", async () => {
    const { measureHotKeys } = await import("./hot-keys.ts");
    const { costPerMillionArticles } = await import("./cost.ts");
    const h = await measureHotKeys(PLAN.hotKeyArticles);
    const c = costPerMillionArticles({
      writeUnitsPerArticle: h.billedWriteUnitsPerArticle,
      readUnitsPerArticle: h.readUnitsPerArticle,
      handlerCpuMsPerArticle: h.handlerCpuMsPerArticle,
      requestsPerArticle: h.dynamoCallsPerArticle + 1,
      s3GetsPerArticle: 1,
      memoryMB: FUNCTIONS.ingest.memoryMB,
    });
    // The article mix with the aggregator's writes: what the judged figures are measured on.
    Object.assign(results, {
      hotKeyWcuPerSecAt1k: h.hotKeyWcuPerSecAt1k,
      hotItemWritesPerSecAt1k: h.hotItemWritesPerSecAt1k,
      billedWriteUnitsPerClaim: h.billedWriteUnitsPerClaim,
      costPerMillionArticlesUSD: c.perMillionArticlesUSD.total,
      hotKeys: { ...h, cost: c },
    });
  });

  results.targets = checkTargets(results);
  results.machine.loadAverage.end = currentLoad();
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else process.stdout.write(`${formatTable(results)}\n`);
  return Object.keys(results.errors).length ? 1 : 0;

  async function stackSections(r: BenchResults, articles: readonly BenchArticle[], built: typeof bundles): Promise<void> {
    const { startLocalStackProcess } = await import("./local-stack.ts");
    progress("starting the local stack…");
    const stack = await startLocalStackProcess();
    try {
      const { measureIngestEndToEnd } = await import("./ingest-e2e.ts");
      const batch = Array.from({ length: PLAN.ingestArticles }, (_, i) => articles[i % articles.length]!);
      // Every later section reads what this stored, so it runs whenever any of them is selected.
      progress(`ingesting ${batch.length} articles through the local stack…`);
      const ingest = await measureIngestEndToEnd(stack, batch, { prefix: `bench-${Date.now()}` });
      if (ingest.failed || ingest.queryable !== ingest.articles) throw new Error(`ingest end to end: ${ingest.failed} failed, ${ingest.queryable}/${ingest.articles} queryable`);
      Object.assign(r, { ingestArticlesPerSec: ingest.articlesPerSec, ingest });

      await section("api", async () => {
        const { measureApiLoad } = await import("./api-load.ts");
        const api = await measureApiLoad(stack.apiUrl, { connections: API_CONNECTIONS, seconds: PLAN.apiSeconds, amount: PLAN.apiAmount, warmupSeconds: PLAN.apiWarmupSeconds });
        // Failed or timed-out requests are kept in the figures (and fail the target), not hidden by an error.
        Object.assign(r, { apiP50Ms: api.p50Ms, apiP99Ms: api.p99Ms, apiRps: api.rps, apiFailedRequests: api.non2xx + api.errors, api });
      });
      await section("search", async () => {
        const { measureSpeakerSearch } = await import("./speaker-search.ts");
        const search = await measureSpeakerSearch(stack, { speakers: PLAN.searchSpeakers, searches: PLAN.searches, connections: API_CONNECTIONS });
        Object.assign(r, { searchP99Ms: search.p99Ms, searchFailedRequests: search.non2xx + search.errors, search });
      });
      await section("cost", async () => {
        const { measureWriteCost } = await import("./write-cost.ts");
        const { AWS_ROUND_TRIP_MS, costPerMillionArticles, PRICES, REQUESTS_PER_ARTICLE } = await import("./cost.ts");
        const w = await measureWriteCost(stack.env, ingest.keys.slice(0, PLAN.costArticles));
        // Priced as DynamoDB proper bills, not as DynamoDB Local reports.
        const c = costPerMillionArticles({
          writeUnitsPerArticle: w.billedWriteUnitsPerArticle,
          readUnitsPerArticle: w.readUnitsPerArticle,
          handlerCpuMsPerArticle: w.handlerCpuMsPerArticle,
          requestsPerArticle: w.dynamoCallsPerArticle + w.s3CallsPerArticle,
          s3GetsPerArticle: w.s3CallsPerArticle,
          memoryMB: FUNCTIONS.ingest.memoryMB,
        });
        Object.assign(r, {
          writeUnitsPerArticle: w.writeUnitsPerArticle,
          writeUnitsPerClaim: w.writeUnitsPerClaim,
          billedWriteUnitsPerClaim: w.billedWriteUnitsPerClaim,
          readUnitsPerArticle: w.readUnitsPerArticle,
          lambdaGbSecondsPerArticle: c.gbSecondsPerArticle,
          costPerMillionArticlesUSD: c.perMillionArticlesUSD.total,
          cost: { measured: w, ingestMemoryMB: FUNCTIONS.ingest.memoryMB, ...c, prices: PRICES, requestsPerArticle: REQUESTS_PER_ARTICLE, awsRoundTripMs: AWS_ROUND_TRIP_MS },
        });
      });
      await section("cold", async () => {
        const { measureColdStart, measureNodeBaseline } = await import("./cold-start.ts");
        const detail: Record<string, unknown> = { nodeBaseline: await measureNodeBaseline(PLAN.coldRuns) };
        for (const name of ["ingest", "api"] as const) {
          const bundle = built[name];
          if (!bundle) throw new Error(`no ${name} bundle (see the bundle section's error)`);
          const cold = await measureColdStart(name, bundle, { env: stack.env, articleKeys: ingest.keys }, PLAN.coldRuns);
          r.coldStartMs[name] = cold.medianMs;
          detail[name] = cold;
        }
        r.coldStart = detail;
      });
    } finally {
      await stack.stop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
