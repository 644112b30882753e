/**
 * Scaling: extractClaims on inputs of 1x, 10x and 100x a typical article. Linear time shows as a flat
 * time per MB across the sizes; `growth` is the time per MB at the largest size over the smallest.
 */
import { extractClaims } from "../lambdas/core/extract/index.ts";
import { textOfSize, typicalArticle, utf8Bytes, type BenchCorpus } from "./corpus.ts";
import { meanMs } from "./harness.ts";
import { MB } from "./stats.ts";

export interface ScalingPoint {
  factor: number;
  bytes: number;
  ms: number;
  msPerMB: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** msPerMB at the largest size / msPerMB at 1x: about 1 when time grows linearly. */
  growth: number;
}

export async function measureScaling(corpus: BenchCorpus, opts: { factors: readonly number[]; time: number }): Promise<ScalingResult> {
  const typical = typicalArticle(corpus);
  const typicalBytes = utf8Bytes(typical.text);
  const points: ScalingPoint[] = [];
  for (const factor of opts.factors) {
    const text = textOfSize(corpus, typicalBytes * factor, typical);
    const bytes = utf8Bytes(text);
    const { meanMs: ms } = await meanMs(`extract ${factor}x`, () => extractClaims(text, { articleKey: `scaling-${factor}x.txt` }), { time: opts.time, iterations: 3 });
    points.push({ factor, bytes, ms, msPerMB: ms / (bytes / MB) });
  }
  return { points, growth: points.at(-1)!.msPerMB / points[0]!.msPerMB };
}
