import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The extraction core's shape: each stage in its own folder, arrows only from a later stage to an
 * earlier one (or to the shared domain files), one orchestrator, no AWS SDK, no cycles.
 */
const core = resolve(dirname(fileURLToPath(import.meta.url)), "../../lambdas/core");

/** Stage order: a file may import its own stage, an earlier one, or the shared domain files. */
const RANK: Record<string, number> = {
  shared: 0,
  lexicon: 1,
  decode: 1,
  text: 2,
  mentions: 3,
  attribution: 4,
  speakers: 5,
  topics: 5,
  signature: 2,
  checkworthiness: 3,
  orchestrator: 9,
};
const SHARED = new Set(["model.ts", "ids.ts", "errors.ts", "version.ts"]);
const ORCHESTRATOR = new Set(["pipeline.ts", "claim-context.ts"]);

function stageOf(file: string): string {
  const rel = relative(core, file);
  const [head] = rel.split("/");
  if (!rel.includes("/")) return SHARED.has(rel) ? "shared" : ORCHESTRATOR.has(rel) ? "orchestrator" : `unknown:${rel}`;
  return head!;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

const files = sources(core);
const importsOf = new Map<string, string[]>(
  files.map((f) => {
    const text = readFileSync(f, "utf8");
    const specs = [...text.matchAll(/(?:import|export)[^"';]*?from\s+"([^"]+)"/g)].map((m) => m[1]!);
    return [f, specs];
  }),
);

describe("extraction core structure", () => {
  it("puts every file in a known stage", () => {
    expect(files.map(stageOf).filter((s) => !(s in RANK))).toEqual([]);
  });

  it("imports only from its own stage, earlier stages or the shared domain files", () => {
    const backwards: string[] = [];
    for (const [file, specs] of importsOf) {
      for (const spec of specs.filter((s) => s.startsWith("."))) {
        const target = resolve(dirname(file), spec);
        if (!target.endsWith(".ts")) continue;
        const from = stageOf(file);
        const to = stageOf(target);
        if (from !== to && RANK[to]! >= RANK[from]!) backwards.push(`${relative(core, file)} → ${relative(core, target)}`);
      }
    }
    expect(backwards).toEqual([]);
  });

  it("has no import cycles", () => {
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(core, f)).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const spec of importsOf.get(file) ?? []) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec);
        if (importsOf.has(target)) visit(target, [...path, file]);
      }
      state.set(file, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("never imports an AWS SDK", () => {
    const aws = [...importsOf].filter(([, specs]) => specs.some((s) => s.startsWith("@aws-sdk") || s.startsWith("@smithy"))).map(([f]) => relative(core, f));
    expect(aws).toEqual([]);
  });

  it("keeps word lists in the lexicon: no other stage spells out a long list of words", () => {
    const offenders = files
      .filter((f) => !["lexicon", "topics"].includes(stageOf(f)))
      .filter((f) => /new Set\(\s*"(?:[a-z'-]+ ){12,}/.test(readFileSync(f, "utf8")) || /words\(\s*"(?:[a-z'-]+ ){12,}/.test(readFileSync(f, "utf8")))
      .map((f) => relative(core, f));
    expect(offenders).toEqual([]);
  });
});
