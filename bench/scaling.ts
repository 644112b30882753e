/**
 * Scaling: extractClaims on inputs of 1x, 10x and 100x a typical article, each input built of whole
 * corpus articles (the typical one first). Each input is also timed as its articles one by one: the
 * same words, so the ratio of the two times is what size alone costs. Linear time shows as a ratio
 * near 1 at every size; `growth` is that ratio at the largest size. The time per MB against the 1x
 * input is reported too (`growthVs1x`), though it also moves with the mix of articles in each input.
 * The two are timed in pairs, back to back, and each figure is a median over the pairs, so a machine
 * that slows down between one timing and the other (a shared one does) cannot skew the ratio.
 */
import { extractClaims } from "../lambdas/core/pipeline.ts";
import { articlesOfSize, typicalArticle, utf8Bytes, type BenchCorpus } from "./corpus.ts";
import { MB, median } from "./stats.ts";

export interface ScalingPoint {
  factor: number;
  bytes: number;
  articles: number;
  /** The input as one article. */
  ms: number;
  msPerMB: number;
  /** The same articles extracted one by one. */
  separateMs: number;
  separateMsPerMB: number;
  /** Median over the pairs of ms / separateMs: 1 when a long input costs no more per byte than its parts. */
  sizeCost: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** sizeCost at the largest size. */
  growth: number;
  /** msPerMB at the largest size / msPerMB at 1x (different article mixes). */
  growthVs1x: number;
}

export async function measureScaling(corpus: BenchCorpus, opts: { factors: readonly number[]; time: number; minPairs?: number }): Promise<ScalingResult> {
  const typical = typicalArticle(corpus);
  const typicalBytes = utf8Bytes(typical.text);
  const points: ScalingPoint[] = [];
  for (const factor of opts.factors) {
    const articles = articlesOfSize(corpus, typicalBytes * factor, typical);
    const text = articles.join("\n\n");
    const bytes = utf8Bytes(text);
    const whole = () => extractClaims(text, { articleKey: `scaling-${factor}x.txt` });
    const oneByOne = () => {
      for (const [i, article] of articles.entries()) extractClaims(article, { articleKey: `scaling-${factor}x-${i}.txt` });
    };
    const pairs = timePairs(whole, oneByOne, opts.time, opts.minPairs ?? 5);
    const ms = median(pairs.map((p) => p.a));
    const separateMs = median(pairs.map((p) => p.b));
    points.push({ factor, bytes, articles: articles.length, ms, msPerMB: ms / (bytes / MB), separateMs, separateMsPerMB: separateMs / (bytes / MB), sizeCost: median(pairs.map((p) => p.a / p.b)) });
  }
  const largest = points.at(-1)!;
  return { points, growth: largest.sizeCost, growthVs1x: largest.msPerMB / points[0]!.msPerMB };
}

/**
 * Paired timings: each pair runs `a` and then `b` back to back, so both meet the same machine and
 * heap state; pairs continue for `time` ms (at least `minPairs`, at most 1,000) after two warm-up pairs.
 */
function timePairs(a: () => unknown, b: () => unknown, time: number, minPairs: number): { a: number; b: number }[] {
  const clock = (fn: () => unknown) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  for (let i = 0; i < 2; i++) (clock(a), clock(b));
  const pairs: { a: number; b: number }[] = [];
  const deadline = performance.now() + time;
  while (pairs.length < minPairs || (performance.now() < deadline && pairs.length < 1_000)) pairs.push({ a: clock(a), b: clock(b) });
  return pairs;
}
