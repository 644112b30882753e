/**
 * Learns the cue lexicon from the PolNeAR train split: for every word form, how often it heads an
 * annotated attribution cue and how often it occurs at all. Only counts are written, never text.
 *
 *   npx tsx scripts/train-cues.ts [../shared/eval/polnear/polnear-train.jsonl]
 *
 * Output: lambdas/core/lexicon/data/cue-lexicon.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tokenize } from "../lambdas/core/text/tokenize.ts";
import { CUE_FILLER } from "../lambdas/core/lexicon/index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const goldPath = process.argv[2] ?? resolve(root, "../shared/eval/polnear/polnear-train.jsonl");
const outPath = resolve(root, "lambdas/core/lexicon/data/cue-lexicon.json");

interface GoldClaim {
  cueStart?: number | null;
  cueEnd?: number | null;
  cueSpans?: Array<[number, number]>;
}
interface GoldArticle {
  text: string;
  claims: GoldClaim[];
}

const cueCount = new Map<string, number>();
const total = new Map<string, number>();
const lines = readFileSync(goldPath, "utf8").split("\n").filter((l) => l.trim());
for (const line of lines) {
  const art = JSON.parse(line) as GoldArticle;
  const { tokens } = tokenize(art.text);
  const isCue = new Uint8Array(tokens.length);
  const spans = art.claims.flatMap((c) => c.cueSpans ?? (c.cueStart != null && c.cueEnd != null ? [[c.cueStart, c.cueEnd] as [number, number]] : []));
  for (const [s, e] of spans) {
    // Binary search would be faster; a linear scan keeps the script obvious and it runs once.
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.start >= e) break;
      if (t.end > s && t.type === "word" && !CUE_FILLER.has(t.lower)) isCue[i] = 1;
    }
  }
  tokens.forEach((t, i) => {
    if (t.type !== "word") return;
    total.set(t.lower, (total.get(t.lower) ?? 0) + 1);
    if (isCue[i]) cueCount.set(t.lower, (cueCount.get(t.lower) ?? 0) + 1);
  });
}

const words: Record<string, [number, number]> = {};
for (const [w, c] of [...cueCount].sort((a, b) => b[1] - a[1])) {
  const n = total.get(w) ?? c;
  if (c >= 2 && c / n >= 0.04) words[w] = [c, n];
}
writeFileSync(
  outPath,
  JSON.stringify({ source: "PolNeAR train split: per word form, [times inside an annotated cue, occurrences]", articles: lines.length, words }, null, 0) + "\n",
);
console.log(`${Object.keys(words).length} cue words from ${lines.length} articles -> ${outPath}`);
