/**
 * `npm run eval -- [GOLD.jsonl] [--misses] [--json] [--out PRED.jsonl]`: runs the extractor over a
 * gold file (default: the PolNeAR dev split beside the repository) and prints the scores.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { extractClaims } from "../lambdas/core/extract/index.ts";
import { EXTRACTOR_VERSION } from "../lambdas/core/version.ts";
import { score, type GoldArticle, type PredictedClaim } from "../lambdas/eval/score.ts";
import { summarizeErrors } from "../lambdas/eval/errors.ts";
import type { TopicClassifier } from "../lambdas/core/topics/index.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_GOLD = resolve(repoRoot, "../shared/eval/polnear/polnear-dev.jsonl");

/** Files every claim under one placeholder topic: for scoring extraction without the classifier. */
const NO_TOPICS: TopicClassifier = {
  topics: ["unclassified"],
  profileArticle: () => ({ scores: new Map() }),
  classifyClaim: () => ({ topic: "unclassified", subjects: [] }),
};

const program = new Command()
  .name("eval")
  .description("Score the claim extractor against a gold file in the ../shared/eval format")
  .argument("[gold]", "gold JSONL: one article per line with its annotated claims", DEFAULT_GOLD)
  .option("--misses", "print every missed, spurious and mis-attributed claim")
  .option("--json", "print the report as JSON")
  .option("--errors", "group the misses into error classes")
  .option("--out <file>", "also write the predictions as JSONL (the format of `claims extract`)")
  .option("--no-topics", "skip topic classification (scores extraction alone, faster)")
  .option("--no-cognition", "ignore belief cues (thinks, believes, expects)")
  .option("--strict-objects", "drop action verbs with a plain object (\"X defended the budget\")")
  .option("--min-cue-rate <rate>", "minimum learned cue rate for reported speech", parseFloat)
  .action((goldPath: string, opts: { misses?: boolean; errors?: boolean; json?: boolean; out?: string; topics: boolean; cognition: boolean; strictObjects?: boolean; minCueRate?: number }) => {
    if (!existsSync(goldPath)) {
      console.error(`eval: gold file not found: ${goldPath}\n(the PolNeAR splits live in ../shared/eval/polnear beside the repository; pass a path to use another file)`);
      process.exit(2);
    }
    const gold = readFileSync(goldPath, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as GoldArticle);
    const preds: PredictedClaim[] = [];
    const started = performance.now();
    let chars = 0;
    for (const art of gold) {
      chars += art.text.length;
      const attribution = { cognition: opts.cognition, strictObjects: !!opts.strictObjects, ...(opts.minCueRate !== undefined ? { minCueRate: opts.minCueRate } : {}) };
      for (const c of extractClaims(art.text, { articleKey: art.id, title: art.title, attribution, ...(opts.topics ? {} : { topics: NO_TOPICS }) })) preds.push({ source: art.id, ...c });
    }
    const ms = performance.now() - started;
    if (opts.out) writeFileSync(opts.out, preds.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const report = score(gold, preds);
    if (opts.json) {
      const { misses, ...rest } = report;
      console.log(JSON.stringify(opts.misses ? report : rest, null, 2));
      void misses;
      return;
    }
    if (opts.misses) for (const m of report.misses) console.log(JSON.stringify(m));
    if (opts.errors) {
      const e = summarizeErrors(gold, preds, report);
      console.log(`errors: missed with no prediction ${e.missedNoPrediction}, missed with a prediction of the wrong extent ${e.missedWrongExtent}, spurious ${e.spurious}, wrong speaker ${e.wrongSpeaker}`);
      console.log(`missed by gold kind: ${Object.entries(e.missedByKind).map(([k, n]) => `${k} ${n}`).join(", ")}`);
      console.log(`missed by gold cue: ${e.missedByCue.map(([c, n]) => `${JSON.stringify(c)} ${n}`).join(", ")}`);
    }
    console.log(`extractor ${EXTRACTOR_VERSION} on ${goldPath}: ${report.articles} articles, ${report.goldClaims} gold, ${report.predictedClaims} predicted (${(chars / 1e6 / (ms / 1000)).toFixed(1)} MB/s)`);
    for (const [k, v] of Object.entries(report.byKind))
      console.log(`kind ${k}: gold ${v.gold}, found ${v.found} (recall ${(v.found / Math.max(1, v.gold)).toFixed(3)}), attributed ${v.attributed}`);
    console.log(`topic accuracy on matched claims: ${report.topicAccuracy}`);
    const r = report;
    console.log(
      `claims P ${r.claim.p} R ${r.claim.r} F1 ${r.claim.f1} | attributed(strict) P ${r.attributedStrict.p} R ${r.attributedStrict.r} F1 ${r.attributedStrict.f1} | attributed(lenient) F1 ${r.attributedLenient.f1}`,
    );
  });

program.parse();
