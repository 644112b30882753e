import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const paragraphs = "test/fixtures/paragraphs.jsonl";
const older = "test/fixtures/news-paragraphs.jsonl";
const dir = mkdtempSync(join(tmpdir(), "claims-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalCli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bin/eval.ts", ...args], { cwd: repo, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each case starts the CLI through tsx, which takes seconds on a busy machine.
describe("npm run eval", { timeout: 120_000 }, () => {
  it("scores a gold file: every figure in the text report, the predictions written with --out", () => {
    const out = join(dir, "pred.jsonl");
    const r = evalCli([paragraphs, "--no-topics", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const line of [/^== test\/fixtures\/paragraphs\.jsonl · extractor \S+ · scheme product ==$/m, /^claims +P [\d.]+ R [\d.]+ F1 [\d.]+$/m, /^attributed \(strict\) +P/m, /^speakers listed +P/m, /^recall per kind:$/m, /^attributed per speaker type/m, /^ +\(d\) documents as sources +\d+/m, /^errors: missed \d+, wrong extent \d+, spurious \d+, wrong speaker \d+$/m])
      expect(r.stdout).toMatch(line);
    const preds = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { source: string; content: string; contentStart: number; contentEnd: number });
    const texts = new Map(readFileSync(join(repo, paragraphs), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string; text: string }).map((a) => [a.id, a.text]));
    expect(preds.length).toBeGreaterThan(0);
    for (const p of preds) expect(texts.get(p.source)!.slice(p.contentStart, p.contentEnd)).toBe(p.content);
  });

  it("prints one JSON report per gold file with --json, with all the figures", () => {
    const r = evalCli([paragraphs, older, "--no-topics", "--json", "--scheme", "polnear"]);
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout) as Array<Record<string, any>>;
    expect(runs.map((x) => [x.gold, x.scheme])).toEqual([[paragraphs, "polnear"], [older, "polnear"]]);
    const { report, errors } = runs[0]!;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["claim", "attributedStrict", "attributedLenient", "speakers", "byKind", "bySpeakerType"]));
    expect(report.misses).toBeUndefined();
    expect(report.bySpeakerType.document.gold).toBeGreaterThan(0);
    expect(Object.keys(errors.byClass)).toEqual(["quotes", "colon-quotes", "non-claims", "documents", "other"]);
    expect(report.byKind.direct.recall).toBeCloseTo(report.byKind.direct.found / report.byKind.direct.gold, 3);
  });

  it("refuses bad usage with exit code 2 and says why", () => {
    const scheme = evalCli([paragraphs, "--scheme", "loose"]);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toMatch(/expected one of product, polnear/);
    const missing = evalCli([join(dir, "absent.jsonl")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/gold file not found: .*absent\.jsonl/);
  });
});
