/**
 * Measures repeated-claim grouping on labelled claim pairs (lambdas/eval/claim-pairs.ts) drawn from
 * PolNeAR train and dev in ../shared/eval/polnear, read at run time.
 *
 *   npm run eval:groups                 # pair precision and recall, per split and label
 *   npm run eval:groups -- --json
 *   npm run eval:groups -- --build      # regenerate test/fixtures/claim-pairs.jsonl from the corpus
 *   npm run eval:groups -- --misses     # list the pairs decided wrongly (prints corpus text: do not commit)
 *
 * A pair counts as grouped the way the store would group it: the later article (by publication date)
 * is ingested second, its claim looks up the keys of its sketch's smallest values, finds the earlier
 * claim only if that claim was filed under one of them, and joins it only if sameStatement agrees.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sameStatement, signatureOf } from "../lambdas/core/signature/index.ts";
import { buildPairs, speakerName, type CorpusArticle, type LabelledPair } from "../lambdas/eval/claim-pairs.ts";

const { values } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    misses: { type: "boolean", default: false },
    corpus: { type: "string", default: join(import.meta.dirname, "../../shared/eval/polnear") },
    pairs: { type: "string", default: join(import.meta.dirname, "../test/fixtures/claim-pairs.jsonl") },
  },
});

const corpusDir = values.corpus!;
const files = [["train", "polnear-train.jsonl"], ["dev", "polnear-dev.jsonl"]] as const;
for (const [, f] of files) {
  if (!existsSync(join(corpusDir, f))) {
    console.error(`eval:groups: ${join(corpusDir, f)} not found (PolNeAR train and dev are read from ../shared/eval/polnear)`);
    process.exit(2);
  }
}
const articles = files.flatMap(([split, f]) =>
  readFileSync(join(corpusDir, f), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => ({ ...(JSON.parse(l) as CorpusArticle), split })),
);
const byId = new Map(articles.map((a) => [a.id, a]));

if (values.build) {
  const { pairs, ambiguous } = buildPairs(articles);
  writeFileSync(values.pairs!, pairs.map((p) => JSON.stringify(p)).join("\n") + "\n");
  const count = (l: string) => pairs.filter((p) => p.label === l).length;
  console.log(`wrote ${pairs.length} pairs to ${values.pairs}: same ${count("same")}, near-miss ${count("near-miss")}, other-speaker ${count("other-speaker")}; ${ambiguous} same-speaker candidates between the bands left out`);
  process.exit(0);
}

const pairs = readFileSync(values.pairs!, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as LabelledPair);

function resolve(ref: LabelledPair["a"]) {
  const art = byId.get(ref.article);
  const claim = art?.claims[ref.claim];
  if (!art || !claim || claim.contentStart !== ref.start || claim.contentEnd !== ref.end) throw new Error(`pair refers to a claim the corpus does not hold: ${JSON.stringify(ref)}`);
  return { art, claim };
}

interface Tally { tp: number; fp: number; fn: number; tn: number }
const tallies = new Map<string, Tally>();
const tally = (k: string) => tallies.get(k) ?? (tallies.set(k, { tp: 0, fp: 0, fn: 0, tn: 0 }), tallies.get(k)!);
const byLabel = new Map<string, { grouped: number; total: number }>();
const misses: string[] = [];
let notFiled = 0;

for (const p of pairs) {
  let [x, y] = [resolve(p.a), resolve(p.b)];
  const order = (v: typeof x) => `${v.art.meta?.publication_date ?? ""}\u0000${v.art.id}`;
  if (order(y) < order(x)) [x, y] = [y, x];
  const sx = signatureOf(speakerName(x.claim) ?? `?${x.art.id}`, x.claim.content);
  const sy = signatureOf(speakerName(y.claim) ?? `?${y.art.id}`, y.claim.content);
  const found = !!sx && !!sy && sy.probes.includes(sx.key);
  const grouped = found && sameStatement(sy, sx);
  if (p.label === "same" && sx && sy && !found && sameStatement(sy, sx)) notFiled++;
  const positive = p.label === "same";
  for (const key of ["all", p.split]) {
    const t = tally(key);
    if (positive && grouped) t.tp++;
    else if (positive) t.fn++;
    else if (grouped) t.fp++;
    else t.tn++;
  }
  const l = byLabel.get(p.label) ?? { grouped: 0, total: 0 };
  l.total++;
  if (grouped) l.grouped++;
  byLabel.set(p.label, l);
  if (values.misses && positive !== grouped) misses.push(`${p.label} ${grouped ? "grouped" : "apart"}\n  ${x.claim.content}\n  ${y.claim.content}`);
}

const metrics = (t: Tally) => ({ ...t, precision: t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1, recall: t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1 });
const result = {
  pairs: pairs.length,
  splits: Object.fromEntries([...tallies].map(([k, t]) => [k, metrics(t)])),
  labels: Object.fromEntries(byLabel),
  sameMissedByLookupOnly: notFiled,
  targets: { precision: 0.95, recall: 0.8 },
};
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`Repeated-claim grouping on ${pairs.length} labelled PolNeAR pairs (${values.pairs})`);
  for (const [k, m] of Object.entries(result.splits)) {
    console.log(`  ${k.padEnd(6)} precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  (tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`);
  }
  for (const [label, l] of Object.entries(result.labels)) console.log(`  ${label.padEnd(13)} ${l.grouped} of ${l.total} grouped`);
  console.log(`  same-statement pairs the lookup did not reach (sketch keys apart): ${notFiled}`);
  const all = result.splits.all!;
  console.log(`  target precision ≥ 0.95 at recall ≥ 0.80: ${all.precision >= 0.95 && all.recall >= 0.8 ? "met" : "not met"}`);
  if (values.misses) console.log(misses.join("\n"));
}
