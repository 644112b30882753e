/**
 * `npm run eval -- [GOLD.jsonl ...] [--scheme product|polnear] [--misses] [--json] [--out PRED.jsonl]`:
 * runs the extractor over each gold file (default: the BBC dev claims and the PolNeAR dev split
 * beside the repository) and prints its scores: claims, attributed, speakers listed per article,
 * recall per kind, attributed per speaker type and the error classes. docs/evaluation.md says how
 * to read each figure.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { extractClaims, EXTRACTOR_VERSION, type ExtractionScheme, type ExtractOptions } from "../lambdas/core/pipeline.ts";
import { align, score, type GoldArticle, type PredictedClaim, type ScoreReport } from "../lambdas/eval/score.ts";
import { classifyErrors, ERROR_CLASS_LABELS, ERROR_CLASSES, type ErrorReport } from "../lambdas/eval/errors.ts";
import type { TopicClassifier } from "../lambdas/core/topics/index.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_GOLD = [resolve(repoRoot, "../shared/eval/bbc/bbc-claims-dev.jsonl"), resolve(repoRoot, "../shared/eval/polnear/polnear-dev.jsonl")];
const SCHEMES: readonly ExtractionScheme[] = ["product", "polnear"];

/** Files every claim under one placeholder topic: for scoring extraction without the classifier. */
const NO_TOPICS: TopicClassifier = {
  topics: ["unclassified"],
  profileArticle: () => ({ scores: new Map() }),
  classifyClaim: () => ({ topic: "unclassified", subjects: [] }),
};

interface Options {
  scheme: ExtractionScheme;
  misses?: boolean;
  errors?: boolean;
  json?: boolean;
  out?: string;
  topics: boolean;
  cognition: boolean;
  minCueRate?: number;
}

interface Run {
  gold: string;
  extractor: string;
  scheme: ExtractionScheme;
  mbPerSecond: number;
  report: ScoreReport;
  errors: ErrorReport;
  preds: PredictedClaim[];
}

function readGold(path: string): GoldArticle[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, n]) => {
      let a: GoldArticle;
      try {
        a = JSON.parse(line) as GoldArticle;
      } catch {
        throw new Error(`${path}:${n}: not JSON`);
      }
      if (typeof a?.id !== "string" || typeof a.text !== "string") throw new Error(`${path}:${n}: a gold article needs a string "id" and "text"`);
      return a;
    });
}

function run(goldPath: string, opts: Options): Run {
  const gold = readGold(goldPath);
  const preds: PredictedClaim[] = [];
  const attribution: ExtractOptions["attribution"] = { cognition: opts.cognition, ...(opts.minCueRate !== undefined ? { minCueRate: opts.minCueRate } : {}) };
  const started = performance.now();
  let chars = 0;
  for (const art of gold) {
    chars += art.text.length;
    const claims = extractClaims(art.text, { articleKey: art.id, title: art.title, scheme: opts.scheme, attribution, ...(opts.topics ? {} : { topics: NO_TOPICS }) });
    for (const c of claims) preds.push({ source: art.id, ...c });
  }
  const seconds = (performance.now() - started) / 1000;
  const alignment = align(gold, preds);
  return {
    gold: goldPath,
    extractor: EXTRACTOR_VERSION,
    scheme: opts.scheme,
    mbPerSecond: +(chars / 1e6 / seconds).toFixed(2),
    report: score(gold, preds, alignment),
    errors: classifyErrors(alignment),
    preds,
  };
}

const f3 = (x: number) => x.toFixed(3);
const prfText = (x: { p: number; r: number; f1: number }) => `P ${f3(x.p)} R ${f3(x.r)} F1 ${f3(x.f1)}`;
const table = (rows: Array<Array<string | number>>): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => "  " + r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ")).join("\n");
};

function printText(r: Run, opts: Options): void {
  const { report: s, errors: e } = r;
  console.log(`== ${relative(process.cwd(), r.gold) || r.gold} · extractor ${r.extractor} · scheme ${r.scheme} ==`);
  if (opts.misses) for (const m of s.misses) console.log(JSON.stringify(m));
  console.log(`${s.articles} articles, ${s.goldClaims} gold claims, ${s.predictedClaims} predicted (${s.matchedOptional} more matched optional gold), ${r.mbPerSecond} MB/s`);
  console.log(`claims               ${prfText(s.claim)}`);
  console.log(`attributed (strict)  ${prfText(s.attributedStrict)}   lenient F1 ${f3(s.attributedLenient.f1)}`);
  if (s.speakers) console.log(`speakers listed      ${prfText(s.speakers)}   (${s.speakers.predicted} listed, ${s.speakers.gold} gold, ${s.speakers.articles} articles)`);
  else console.log("speakers listed      n/a (the gold does not name every speaker)");
  console.log(`topic accuracy on matched claims: ${s.topicAccuracy ?? "n/a"}`);
  console.log("recall per kind:");
  console.log(table([["kind", "gold", "found", "recall", "attributed"], ...Object.entries(s.byKind).map(([k, v]) => [k, v.gold, v.found, f3(v.recall), v.attributed])]));
  const types = Object.entries(s.bySpeakerType).filter(([, v]) => v.gold > 0 || v.predicted > 0);
  // Span-only gold (PolNeAR) has no speaker types: the table would only split its spurious claims.
  if (types.some(([t, v]) => t !== "untyped" && v.gold > 0)) {
    console.log("attributed per speaker type (gold type; spurious claims under their predicted type):");
    console.log(table([["type", "gold", "predicted", "attributed", "P", "R", "F1"], ...types.map(([k, v]) => [k, v.gold, v.predicted, v.attributed, f3(v.p), f3(v.r), f3(v.f1)])]));
  }
  console.log("errors by class:");
  console.log(
    table([
      ["class", "gold", "found", "inexact", "attributed", "missed", "wrong extent", "wrong speaker", "spurious"],
      ...ERROR_CLASSES.map((c) => {
        const v = e.byClass[c];
        return [ERROR_CLASS_LABELS[c], v.gold, v.found, v.inexact, v.attributed, v.missed, v.wrongExtent, v.wrongSpeaker, v.spurious];
      }),
    ]),
  );
  console.log(`  non-claims by reason: noun phrase ${e.nonClaims["noun-phrase"]}, action ${e.nonClaims.action}, intention ${e.nonClaims.intention}, negated ${e.nonClaims.negated}`);
  console.log(`errors: missed ${e.totals.missed}, wrong extent ${e.totals.wrongExtent}, spurious ${e.totals.spurious}, wrong speaker ${e.totals.wrongSpeaker}`);
  if (opts.errors && e.missedByCue.length) console.log(`missed by gold cue: ${e.missedByCue.map(([c, n]) => `${JSON.stringify(c)} ${n}`).join(", ")}`);
  // The reference scorer's summary line, verbatim, for comparison with `node score.mjs`.
  console.log(
    `claims P ${s.claim.p} R ${s.claim.r} F1 ${s.claim.f1} | attributed(strict) P ${s.attributedStrict.p} R ${s.attributedStrict.r} F1 ${s.attributedStrict.f1} | attributed(lenient) F1 ${s.attributedLenient.f1}`,
  );
}

const program = new Command()
  .name("eval")
  // Bad usage (an unknown option, a scheme that does not exist) exits 2, as a missing gold file does.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .description("Score the claim extractor against gold files in the ../shared/eval format")
  .argument("[gold...]", "gold JSONL files, one article per line with its annotated claims (default: BBC dev claims and PolNeAR dev)")
  .option(
    "--scheme <scheme>",
    "annotation scheme to extract with: product (claims with propositional content) or polnear (also what PolNeAR annotates)",
    (v: string) => {
      if (!SCHEMES.includes(v as ExtractionScheme)) throw new InvalidArgumentError(`expected one of ${SCHEMES.join(", ")}`);
      return v as ExtractionScheme;
    },
    "product",
  )
  .option("--misses", "print every missed, spurious and mis-attributed claim and every wrongly listed speaker")
  .option("--json", "print the report as JSON (an array when several gold files are scored)")
  .option("--errors", "also list the gold cues most often missed")
  .option("--out <file>", "also write the predictions as JSONL (the format of `claims extract`), all gold files in one file")
  .option("--no-topics", "skip topic classification (scores extraction alone, faster)")
  .option("--no-cognition", "ignore belief cues (thinks, believes, expects)")
  .option("--min-cue-rate <rate>", "minimum learned cue rate for reported speech", parseFloat)
  .action((goldArgs: string[], opts: Options) => {
    const golds = goldArgs.length ? goldArgs : DEFAULT_GOLD;
    const absent = golds.filter((g) => !existsSync(g));
    if (absent.length) {
      console.error(`eval: gold file not found: ${absent.join(", ")}\n(the BBC and PolNeAR dev files live in ../shared/eval beside the repository; pass paths to use other files)`);
      process.exit(2);
    }
    let runs: Run[];
    try {
      runs = golds.map((g) => run(g, opts));
    } catch (err) {
      console.error(`eval: ${(err as Error).message}`);
      process.exit(2);
    }
    if (opts.out) writeFileSync(opts.out, runs.flatMap((r) => r.preds.map((p) => JSON.stringify(p) + "\n")).join(""));
    if (opts.json) {
      const out = runs.map(({ preds, report: { misses, ...report }, ...rest }) => ({ ...rest, report: opts.misses ? { ...report, misses } : report }));
      console.log(JSON.stringify(out.length === 1 ? out[0] : out, null, 2));
      return;
    }
    runs.forEach((r, i) => {
      if (i) console.log("");
      printText(r, opts);
    });
  });

program.parse();
