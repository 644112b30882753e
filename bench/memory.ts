/** Peak RSS while decoding and extracting the largest article ingest accepts, in a fresh process. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DEFAULT_MAX_ARTICLE_BYTES } from "../lambdas/ingest/config.ts";
import { repoPath } from "./paths.ts";

const run = promisify(execFile);

export interface MemoryResult {
  articleBytes: number;
  claims: number;
  seconds: number;
  /** CPU time of the extraction (wall time stretches on a busy machine, CPU time much less). */
  cpuSeconds: number;
  /** RSS after loading the code and building the article, before extraction. */
  baselineRssMB: number;
  peakRssMB: number;
}

export async function measurePeakRss(bytes = DEFAULT_MAX_ARTICLE_BYTES): Promise<MemoryResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", repoPath("bench/memory-child.ts"), String(bytes)], {
    cwd: repoPath("."),
    timeout: 300_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as MemoryResult;
}
