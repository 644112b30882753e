import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { analyzeArticle, extractClaims } from "../../lambdas/core/pipeline.ts";
import { isArticleInputError } from "../../lambdas/core/errors.ts";
import type { Claim } from "../../lambdas/core/model.ts";

export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;
type Format = "jsonl" | "table";

export interface ExtractFlags {
  format: Format;
  /** Attach each claim's rule and speaker resolution chain. */
  explain?: boolean;
}

export interface ExtractIO {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Uint8Array;
}

const defaultIO: ExtractIO = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
  readStdin: () => readFileSync(0),
};

/** `claims extract [--format jsonl|table] [--explain] PATH...`: prints the claims of files, folders (recursively) or stdin (`-`). */
export function extractCommand(io: ExtractIO = defaultIO): Command {
  return new Command("extract")
    .description("print the attributed claims of article files, folders (recursively) or - for stdin")
    .argument("<paths...>", "files, folders or - for standard input")
    .option("--format <format>", "jsonl (one claim per line) or table", parseFormat, "jsonl" as Format)
    .option("--explain", "with each claim, the rule that found it and how its speaker was resolved (mention → antecedent → canonical name)")
    .action((paths: string[], opts: ExtractFlags) => {
      process.exitCode = runExtract(paths, opts, io);
    });
}

function parseFormat(value: string): Format {
  if (value !== "jsonl" && value !== "table") throw new InvalidArgumentError("use jsonl or table");
  return value;
}

/** Extracts every input; a failing input is reported on stderr and the others still run. */
export function runExtract(paths: string[], flags: ExtractFlags, io: ExtractIO = defaultIO): number {
  let failed = 0;
  const fail = (path: string, reason: string) => {
    failed++;
    io.err(`claims extract: ${path}: ${reason}`);
  };
  for (const input of expandInputs(paths, fail)) {
    let bytes: Uint8Array;
    try {
      bytes = input.path === "-" ? io.readStdin() : readFileSync(input.path);
    } catch (e) {
      fail(input.path, (e as NodeJS.ErrnoException).code === "EISDIR" ? "is a folder" : (e as Error).message);
      continue;
    }
    try {
      const key = input.path === "-" ? "stdin" : input.path;
      const analyzed = analyzeArticle(bytes, { key });
      print(input.path, flags.explain ? explained(key, analyzed) : analyzed.claims, flags, io);
    } catch (e) {
      if (isArticleInputError(e)) fail(input.path, `${e.reason}: ${e.message}`);
      else fail(input.path, `could not be processed: ${(e as Error).message}`);
    }
  }
  return failed ? EXIT.someFailed : EXIT.ok;
}

/** Files in the order given; folders walked recursively in name order, skipping hidden entries. */
function expandInputs(paths: string[], fail: (path: string, reason: string) => void): Array<{ path: string }> {
  const out: Array<{ path: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) out.push({ path: p });
    }
  };
  for (const p of paths) {
    if (p === "-") {
      out.push({ path: p });
      continue;
    }
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) fail(p, "no such file or folder");
    else if (st.isDirectory()) walk(p);
    else out.push({ path: p });
  }
  return out;
}

/**
 * The pipeline's claims, each with the explanation the extractor gives when asked for one. The
 * pipeline's own output stays what is printed (it is what ingest stores); the explained run over the
 * same decoded text only contributes the explanations, matched by claim id.
 */
function explained(key: string, { article, claims }: ReturnType<typeof analyzeArticle>): Claim[] {
  const why = new Map(extractClaims(article.text, { articleKey: key, title: article.title, explain: true }).map((c) => [c.id, c.explanation]));
  return claims.map((c) => {
    const explanation = why.get(c.id);
    return explanation ? { ...c, explanation } : c;
  });
}

/** "mention → antecedent → canonical name": the chain as the extractor gives it, ending in the speaker. */
export function chainOf(claim: Pick<Claim, "speaker" | "explanation">): string {
  const steps = [...(claim.explanation?.chain ?? [])];
  const last = steps.at(-1);
  const endsInSpeaker = last !== undefined && (last === claim.speaker || last.startsWith(`${claim.speaker} `) || last.startsWith(`"${claim.speaker}"`));
  if (!endsInSpeaker) steps.push(claim.speaker);
  return steps.join(" → ");
}

function print(source: string, claims: Claim[], { format, explain }: ExtractFlags, io: ExtractIO): void {
  if (format === "jsonl") {
    for (const c of claims) io.out(JSON.stringify({ source, ...c }));
    return;
  }
  io.out(`${source}: ${claims.length} claim${claims.length === 1 ? "" : "s"}`);
  if (claims.length === 0) return;
  const rows = claims.map((c) => [clip(c.speaker, 24), c.kind, clip(c.cue, 14), c.topic, clip(c.content.replace(/\s+/g, " "), 70)]);
  const head = ["speaker", "kind", "cue", "topic", "content"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  io.out(line(head));
  rows.forEach((r, i) => {
    io.out(line(r));
    const c = claims[i]!;
    if (explain) io.out(`    rule ${c.explanation?.rule ?? c.rule}; speaker ${chainOf(c)}`);
  });
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
