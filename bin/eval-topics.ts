/**
 * Measures the topic classifier against a labelled article file (default: the BBC News dev set in
 * ../shared/eval/topics). Prints article-level accuracy with a confusion matrix and claim-level accuracy
 * (quoted or reported sentences classified with their article as context, judged by the article label).
 *
 *   npm run eval:topics -- [FILE.jsonl] [--half a|b] [--taxonomy FILE] [--sweep]
 *
 * Each line: {"title", "text", "label"} with label business|entertainment|politics|sport|tech or an
 * IPTC top-level slug.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createTopicClassifier, defaultTaxonomy, loadTaxonomyFile, type TopicClassifier } from "../lambdas/core/topics/index.ts";

const BBC_LABELS: Readonly<Record<string, string>> = {
  business: "economy-business-finance",
  entertainment: "arts-culture-entertainment-media",
  politics: "politics-government",
  sport: "sport",
  tech: "science-technology",
};

interface Article {
  title?: string;
  text: string;
  gold: string;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    half: { type: "string" },
    taxonomy: { type: "string" },
    sweep: { type: "boolean", default: false },
  },
});

const file = positionals[0] ?? join(import.meta.dirname, "../../shared/eval/topics/bbc-news-dev.jsonl");
if (!existsSync(file)) {
  console.error(`eval:topics: ${file} not found (pass a labelled JSONL file)`);
  process.exit(2);
}
const taxonomy = values.taxonomy ? loadTaxonomyFile(values.taxonomy) : defaultTaxonomy;

let articles: Article[] = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => {
    const row = JSON.parse(l) as { title?: string; text: string; label: string };
    return { title: row.title, text: row.text, gold: BBC_LABELS[row.label] ?? row.label };
  });
// Halves interleave (even / odd lines) so both keep the label mix: tune on one, report the other.
if (values.half === "a" || values.half === "b") {
  const parity = values.half === "a" ? 0 : 1;
  articles = articles.filter((_, i) => i % 2 === parity);
}

/** Sentences that carry an attribution: a quotation mark or a reporting verb. */
function claimSentences(text: string): string[] {
  return (text.match(/[^.!?\n]+(?:[.!?]+["”’]?|$)/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 20 && /["“”]|\b(?:said|says|told|according to|warned|claimed)\b/.test(s));
}

function evaluate(classifier: TopicClassifier, claimShareLabel: string, verbose: boolean): void {
  const confusion = new Map<string, Map<string, number>>();
  let correct = 0;
  let claims = 0;
  let claimsCorrect = 0;
  let claimMs = 0;
  const t0 = performance.now();
  for (const a of articles) {
    const profile = classifier.profileArticle(a.text, a.title);
    const predicted = profile.topic ?? "(none)";
    if (predicted === a.gold) correct++;
    const row = confusion.get(a.gold) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    confusion.set(a.gold, row);
    const c0 = performance.now();
    for (const s of claimSentences(a.text)) {
      claims++;
      if (classifier.classifyClaim(s, profile).topic === a.gold) claimsCorrect++;
    }
    claimMs += performance.now() - c0;
  }
  const ms = performance.now() - t0;
  if (verbose) {
    const golds = [...confusion.keys()].sort();
    const predictedLabels = [...new Set([...confusion.values()].flatMap((r) => [...r.keys()]))].sort();
    const short = (s: string): string => s.slice(0, 10);
    console.log(`\nconfusion (rows: gold, columns: predicted)`);
    console.log(["".padEnd(26), ...predictedLabels.map((p) => short(p).padStart(11))].join(""));
    for (const g of golds) {
      const r = confusion.get(g)!;
      console.log([g.padEnd(26), ...predictedLabels.map((p) => String(r.get(p) ?? "").padStart(11))].join(""));
    }
    console.log(`\nper topic (gold):`);
    for (const g of golds) {
      const tp = confusion.get(g)!.get(g) ?? 0;
      const goldN = [...confusion.get(g)!.values()].reduce((x, y) => x + y, 0);
      const predN = [...confusion.values()].reduce((x, r) => x + (r.get(g) ?? 0), 0);
      console.log(`  ${g.padEnd(34)} precision ${(tp / (predN || 1)).toFixed(3)}  recall ${(tp / goldN).toFixed(3)}  n=${goldN}`);
    }
    console.log(`\n${articles.length} articles, ${(ms / articles.length).toFixed(2)} ms/article incl. claims`);
  }
  console.log(
    `${claimShareLabel}article accuracy ${(correct / articles.length).toFixed(3)}  ` +
      `claim accuracy ${(claimsCorrect / (claims || 1)).toFixed(3)} (${claims} claim sentences, ${((claimMs * 1000) / (claims || 1)).toFixed(0)} µs/claim)`,
  );
}

console.log(`eval:topics ${file}${values.half ? ` (half ${values.half})` : ""}`);
evaluate(createTopicClassifier(taxonomy), "", true);
if (values.sweep) {
  console.log("\nclaim weight sweep (0 = the article decides alone):");
  for (const claimWeight of [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1]) {
    evaluate(createTopicClassifier(taxonomy, { claimWeight }), `  claimWeight ${claimWeight.toFixed(2)}: `, false);
  }
}
