/**
 * Learns which first names take "he" and which take "she" from the CoreNLP coreference chains that
 * ship with the PolNeAR train split: for every chain headed by a two-word PERSON name, the pronouns
 * in the chain vote for its first name. Only the name list and counts are written.
 *
 *   npx tsx scripts/train-names.ts [../shared/eval/polnear/corenlp-train.jsonl]
 *
 * Output: lambdas/core/lexicon/data/first-names.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const inPath = process.argv[2] ?? resolve(root, "../shared/eval/polnear/corenlp-train.jsonl");
const outPath = resolve(root, "lambdas/core/lexicon/data/first-names.json");

type CoreToken = [number, number, string, string, string, string];
interface CoreDoc {
  tokens: CoreToken[];
  coref: Array<Array<[number, number, number, ...unknown[]]>>;
}
const MALE = new Set(["he", "him", "his", "himself"]);
const FEMALE = new Set(["she", "her", "hers", "herself"]);

const votes = new Map<string, [number, number]>();
for (const line of readFileSync(inPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const doc = JSON.parse(line) as CoreDoc;
  for (const chain of doc.coref) {
    const head = chain.find(([, s, e]) => e - s >= 2 && doc.tokens.slice(s, e).every((t) => t[5] === "PERSON"));
    if (!head) continue;
    const first = doc.tokens[head[1]]![2].toLowerCase();
    if (!/^\p{L}{2,}$/u.test(first)) continue;
    let m = 0;
    let f = 0;
    for (const [, s, e] of chain) {
      if (e - s !== 1) continue;
      const w = doc.tokens[s]![2].toLowerCase();
      if (MALE.has(w)) m++;
      else if (FEMALE.has(w)) f++;
    }
    if (m === f) continue;
    const v = votes.get(first) ?? [0, 0];
    v[m > f ? 0 : 1]++;
    votes.set(first, v);
  }
}
const male: string[] = [];
const female: string[] = [];
for (const [name, [m, f]] of [...votes].sort()) {
  if (m + f < 2) continue;
  if (m / (m + f) >= 0.85) male.push(name);
  else if (f / (m + f) >= 0.85) female.push(name);
}
writeFileSync(outPath, JSON.stringify({ source: "CoreNLP coreference over the PolNeAR train split: first names by the pronouns that refer to them", male, female }) + "\n");
console.log(`${male.length} male, ${female.length} female first names -> ${outPath}`);
