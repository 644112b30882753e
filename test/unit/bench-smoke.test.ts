/**
 * Smoke run of `npm run bench -- --quick --json`: every section runs (local stack included) and the one
 * JSON object carries every figure of the benchmark issue. Values are not judged here: benchmarks are
 * never timed tests.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

const NUMBER_KEYS = [
  "extractMBps",
  "tokenizeMBps",
  "extractToTokenizeRatio",
  "extractP50Ms",
  "extractP99Ms",
  "scalingGrowth",
  "peakRssMB",
  "ingestArticlesPerSec",
  "apiP50Ms",
  "apiP99Ms",
  "apiRps",
  "apiFailedRequests",
  "writeUnitsPerArticle",
  "writeUnitsPerClaim",
  "lambdaGbSecondsPerArticle",
  "costPerMillionArticlesUSD",
] as const;
const PER_FUNCTION_KEYS = ["coldStartMs", "bundleMinBytes", "bundleGzipBytes"] as const;

describe("npm run bench (smoke)", () => {
  it("prints one JSON object with every figure", { timeout: 600_000 }, async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--json"], {
      maxBuffer: 16 << 20,
      timeout: 590_000,
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bench failed: ${e.message}\n${e.stderr ?? ""}\n${e.stdout ?? ""}`);
    });
    const results = JSON.parse(stdout) as Record<string, unknown>;

    expect(results.errors).toEqual({});
    for (const key of NUMBER_KEYS) {
      expect(typeof results[key], key).toBe("number");
      expect(Number.isFinite(results[key]), key).toBe(true);
    }
    for (const key of PER_FUNCTION_KEYS) {
      const value = results[key] as Record<string, unknown>;
      expect(typeof value.ingest, `${key}.ingest`).toBe("number");
      expect(typeof value.api, `${key}.api`).toBe("number");
    }
    expect(results.machine).toMatchObject({ cpu: expect.any(String), cores: expect.any(Number), node: process.version });
    expect((results.targets as unknown[]).length).toBeGreaterThan(0);
  });
});
