/**
 * Scaling: extractClaims on inputs of 1x, 10x and 100x a typical article, each input built of whole
 * corpus articles (the typical one first). Each input is also timed as its articles one by one: the
 * same words, so the ratio of the two times is what size alone costs. Linear time shows as a ratio
 * near 1 at every size; `growth` is that ratio at the largest size. The time per MB against the 1x
 * input is reported too (`growthVs1x`), though it also moves with the mix of articles in each input.
 * The two timings alternate over several rounds and each figure is the median of its rounds, so a
 * machine that slows down between one timing and the other (a shared one does) cannot skew the ratio.
 */
import { extractClaims } from "../lambdas/core/extract/index.ts";
import { articlesOfSize, typicalArticle, utf8Bytes, type BenchCorpus } from "./corpus.ts";
import { meanMs } from "./harness.ts";
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
  /** Median over the rounds of ms / separateMs: 1 when a long input costs no more per byte than its parts. */
  sizeCost: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** sizeCost at the largest size. */
  growth: number;
  /** msPerMB at the largest size / msPerMB at 1x (different article mixes). */
  growthVs1x: number;
}

export async function measureScaling(corpus: BenchCorpus, opts: { factors: readonly number[]; time: number; rounds?: number }): Promise<ScalingResult> {
  const typical = typicalArticle(corpus);
  const typicalBytes = utf8Bytes(typical.text);
  const points: ScalingPoint[] = [];
  for (const factor of opts.factors) {
    const articles = articlesOfSize(corpus, typicalBytes * factor, typical);
    const text = articles.join("\n\n");
    const bytes = utf8Bytes(text);
    const rounds = opts.rounds ?? 5;
    const timing = { time: opts.time / rounds, iterations: 3 };
    const whole: number[] = [];
    const separate: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const { meanMs: w } = await meanMs(`extract ${factor}x`, () => extractClaims(text, { articleKey: `scaling-${factor}x.txt` }), timing);
      const { meanMs: p } = await meanMs(`extract ${factor}x one by one`, () => {
        for (const [i, article] of articles.entries()) extractClaims(article, { articleKey: `scaling-${factor}x-${i}.txt` });
      }, timing);
      whole.push(w);
      separate.push(p);
      ratios.push(w / p);
    }
    const ms = median(whole);
    const separateMs = median(separate);
    points.push({ factor, bytes, articles: articles.length, ms, msPerMB: ms / (bytes / MB), separateMs, separateMsPerMB: separateMs / (bytes / MB), sizeCost: median(ratios) });
  }
  const largest = points.at(-1)!;
  return { points, growth: largest.sizeCost, growthVs1x: largest.msPerMB / points[0]!.msPerMB };
}
