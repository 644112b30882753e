/**
 * `npm run bench:extract`: article throughput of extractClaims beside a tokenize-only pass over the
 * same text in the same run. Uses the PolNeAR dev texts beside the repository when present (read at
 * run time, never copied), otherwise generated news-like text.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { extractClaims, tokenize } from "../lambdas/core/pipeline.ts";
import type { TopicClassifier } from "../lambdas/core/topics/index.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const devPath = resolve(repoRoot, "../shared/eval/polnear/polnear-dev.jsonl");

function corpus(): { name: string; texts: string[] } {
  if (existsSync(devPath)) {
    const texts = readFileSync(devPath, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    return { name: "PolNeAR dev texts", texts };
  }
  return { name: "generated articles", texts: generated(80) };
}

/** Deterministic news-like paragraphs with quotes, reported speech and plain sentences. */
function generated(n: number): string[] {
  const names = ["Lena Vogt", "Omar Haddad", "Ines Costa", "Tom Whitaker", "Maria Lopez"];
  const out: string[] = [];
  let seed = 7;
  const pick = <T>(xs: T[]) => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
  for (let a = 0; a < n; a++) {
    const paras: string[] = [];
    for (let p = 0; p < 25; p++) {
      const who = pick(names);
      paras.push(
        pick([
          `"The council will vote on the budget next week, and we expect it to pass," ${who} said on Monday.`,
          `${who}, a spokesman for the agency, told reporters that the repairs would take another month.`,
          `The river rose two metres overnight and several roads were closed to traffic in the north of the city.`,
          `Prices will rise again in the spring, according to a survey by the regional chamber of commerce.`,
          `Officials warned that the storm could bring heavy rain. "Stay indoors if you can," ${who.split(" ")[1]} said.`,
        ]),
      );
    }
    out.push(paras.join("\n\n"));
  }
  return out;
}

const CONSTANT_TOPICS: TopicClassifier = {
  topics: ["politics-government"],
  profileArticle: () => ({ scores: new Map() }),
  classifyClaim: () => ({ topic: "politics-government", subjects: [] }),
};

export interface ThroughputRow {
  task: string;
  "mean ms/pass": number;
  "MB/s": number;
}

/**
 * Times one pass over all `texts` for each task on one core; MB/s counts the texts' UTF-8 bytes.
 * Rows: "tokenize only", "extractClaims", "extractClaims, topics stubbed". `npm run bench` reuses it.
 */
export async function measureThroughput(texts: readonly string[], opts: { time?: number; warmupTime?: number } = {}): Promise<{ bytes: number; claims: number; rows: ThroughputRow[] }> {
  const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
  let claims = 0;
  const bench = new Bench({ time: opts.time ?? 3000, warmup: true, warmupTime: opts.warmupTime ?? 1000 });
  bench
    .add("tokenize only", () => {
      for (const t of texts) tokenize(t);
    })
    .add("extractClaims", () => {
      claims = 0;
      for (const t of texts) claims += extractClaims(t, { articleKey: "bench" }).length;
    })
    // The same engine with a constant topic classifier: separates extraction cost from topic scoring.
    .add("extractClaims, topics stubbed", () => {
      for (const t of texts) extractClaims(t, { articleKey: "bench", topics: CONSTANT_TOPICS });
    });
  await bench.run();
  const rows = bench.tasks.map((task) => {
    const mean = task.result && "latency" in task.result ? (task.result as { latency: { mean: number } }).latency.mean : NaN;
    return { task: task.name, "mean ms/pass": +mean.toFixed(1), "MB/s": +(bytes / 1e6 / (mean / 1000)).toFixed(2) };
  });
  return { bytes, claims, rows };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { name, texts } = corpus();
  const { bytes, claims, rows } = await measureThroughput(texts);
  console.log(`${name}: ${texts.length} articles, ${(bytes / 1e6).toFixed(2)} MB, ${claims} claims per pass (one core)`);
  console.table(rows);
  const [tok, ext] = rows;
  if (tok && ext) console.log(`extractClaims runs at ${(ext["MB/s"] / tok["MB/s"] * 100).toFixed(0)}% of tokenize-only speed (${(tok["MB/s"] / ext["MB/s"]).toFixed(1)}x slower)`);
}
