import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainOf } from "../../bin/commands/extract.ts";
import { progressBar } from "../../bin/commands/progress.ts";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cli = join(repo, "bin/claims.mjs");

function claims(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, input, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (s: string) => s.split("\n").filter(Boolean);
/** One run per distinct command line: several tests read the same output. */
const runs = new Map<string, ReturnType<typeof claims>>();
const claimsOnce = (args: string[]) => {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, claims(args));
  return runs.get(key)!;
};
/** Each test below starts up to three CLI processes: seconds each on a busy machine. */
const CLI_TESTS_MS = 120_000;

let dir: string;
const ARTICLE = '"The bridge will reopen in May," Mayor Lena Vogt told reporters. Vogt said the repairs cost less than planned.\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "claims-cli-"));
  writeFileSync(join(dir, "bridge.txt"), ARTICLE);
  mkdirSync(join(dir, "nested/deeper"), { recursive: true });
  writeFileSync(join(dir, "nested/deeper/storm.txt"), "The storm will reach the coast on Thursday, the weather service said.\n");
  writeFileSync(join(dir, "nested/empty.txt"), "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("claims extract", () => {
  it("prints one JSON claim per line with the contract's fields", () => {
    const file = join(dir, "bridge.txt");
    const r = claimsOnce(["extract", file]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout).map((l) => JSON.parse(l));
    expect(out).toHaveLength(2);
    const required = [
      "source", "id", "speaker", "speakerId", "speakerType", "speakerScope", "speakerMention", "speakerStart", "speakerEnd",
      "cue", "cueStart", "cueEnd", "content", "contentStart", "contentEnd", "kind", "rule", "topic", "subjects", "confidence",
    ];
    const optional = ["speakerRole", "speakerAffiliation", "speakerPartial", "checkworthiness", "checkworthinessReasons"];
    for (const c of out) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(required));
      expect(Object.keys(c).filter((k) => !required.includes(k) && !optional.includes(k))).toEqual([]);
    }
    expect(out[0]).toMatchObject({ source: file, speaker: "Lena Vogt", speakerId: "lena-vogt", speakerMention: "Mayor Lena Vogt", cue: "told", kind: "direct" });
    expect(out[1]).toMatchObject({ speaker: "Lena Vogt", speakerMention: "Vogt", kind: "indirect", content: "the repairs cost less than planned" });
    for (const c of out) expect(ARTICLE.slice(c.contentStart, c.contentEnd)).toBe(c.content);
  });

  it("walks folders recursively and reports a bad file on stderr with exit 1, processing the rest", () => {
    const r = claims(["extract", dir]);
    expect(r.code).toBe(1);
    const sources = new Set(lines(r.stdout).map((l) => JSON.parse(l).source));
    expect(sources).toEqual(new Set([join(dir, "bridge.txt"), join(dir, "nested/deeper/storm.txt")]));
    expect(r.stderr).toContain(join(dir, "nested/empty.txt"));
    expect(r.stderr).toContain("empty");
  });

  it("reads standard input for -", () => {
    const r = claims(["extract", "-"], ARTICLE);
    expect(r.code).toBe(0);
    const out = lines(r.stdout).map((l) => JSON.parse(l));
    expect(out.length).toBe(2);
    expect(out[0].source).toBe("-");
  });

  it("prints a table", () => {
    const r = claimsOnce(["extract", "--format", "table", join(dir, "bridge.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/speaker\s+kind\s+cue/);
    expect(r.stdout).toContain("Lena Vogt");
  });

  it("--explain adds each claim's rule and speaker resolution chain to the JSON lines", { timeout: CLI_TESTS_MS }, () => {
    const file = join(dir, "bridge.txt");
    const plain = lines(claimsOnce(["extract", file]).stdout).map((l) => JSON.parse(l));
    const r = claimsOnce(["extract", "--explain", file]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout).map((l) => JSON.parse(l));
    expect(out.map(({ explanation, ...c }) => c)).toEqual(plain);
    for (const c of out) {
      expect(c.explanation.rule).toBe(c.rule);
      expect(c.explanation.chain.length).toBeGreaterThan(0);
      // The chain starts at the mention as written and leads to the canonical speaker.
      expect(c.explanation.chain[0]).toBe(c.speakerMention);
      expect(chainOf(c).endsWith(c.speaker)).toBe(true);
    }
    expect(out[0].explanation.rule).toBe("quote-after");
    expect(out[0].explanation.chain[0]).toBe("Mayor Lena Vogt");
    expect(plain.every((c) => !("explanation" in c))).toBe(true);
  });

  it("--explain --format table prints the rule and mention → ... → canonical name under each claim", { timeout: CLI_TESTS_MS }, () => {
    const file = join(dir, "bridge.txt");
    const explained = lines(claimsOnce(["extract", "--explain", file]).stdout).map((l) => JSON.parse(l));
    const r = claims(["extract", "--explain", "--format", "table", file]);
    expect(r.code).toBe(0);
    const why = lines(r.stdout).filter((l) => l.startsWith("    rule "));
    expect(why).toEqual(explained.map((c) => `    rule ${c.rule}; speaker ${chainOf(c)}`));
    expect(why[0]).toBe("    rule quote-after; speaker Mayor Lena Vogt → Lena Vogt");
    expect(why[1]).toBe("    rule indirect; speaker Vogt → Lena Vogt");
    // Each explanation follows its own claim's row.
    const all = lines(r.stdout);
    expect(all[all.indexOf(why[1]!) - 1]).toContain("the repairs cost less than planned");
    expect(claimsOnce(["extract", "--format", "table", file]).stdout).not.toContain("    rule ");
  });

  it.each([
    [["he"], "Tony Blair", "he → Tony Blair"],
    [["he", "Mr Blair", "Tony Blair"], "Tony Blair", "he → Mr Blair → Tony Blair"],
    [["he", '"Mr Blair" (surname → full name)', '"Tony Blair" (known speaker)'], "Tony Blair", 'he → "Mr Blair" (surname → full name) → "Tony Blair" (known speaker)'],
    [[], "unknown", "unknown"],
  ])("shows the chain %j of %s as %s", (chain, speaker, shown) => {
    expect(chainOf({ speaker, explanation: { rule: "r", chain } })).toBe(shown);
  });

  it("names a missing path and exits 1", () => {
    const missing = join(dir, "nope.txt");
    const r = claims(["extract", missing, join(dir, "bridge.txt")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(lines(r.stdout).length).toBe(2);
  });

  it.each([
    ["no paths", ["extract"]],
    ["an unknown format", ["extract", "--format", "xml", "x.txt"]],
    ["an unknown subcommand", ["frobnicate"]],
  ])("exits 2 on bad usage: %s", (_name, args) => {
    const r = claims(args);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
  });
});

describe("claims export", () => {
  it("is a command: bad usage exits 2 with the reason", () => {
    const none = claims(["export", "--api-url", "http://127.0.0.1:9"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("claims export: name exactly one list: --speaker ID, --topic TOPIC, --article KEY or --since POSITION\n");
    const badFormat = claims(["export", "--speaker", "x", "--format", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*use csv, jsonl, claimreview/);
  });
});

describe("progress bar", () => {
  const stream = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { out: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, chunks };
  };

  it("redraws one line in place on a terminal and ends it", () => {
    const { out, chunks } = stream(true);
    const bar = progressBar(out, 4, (n) => `${n}/4 queued`);
    bar.tick();
    bar.tick(3);
    bar.done();
    expect(chunks).toEqual(["\r[######------------------] 1/4 queued\x1b[K", "\r[########################] 4/4 queued\x1b[K", "\n"]);
  });

  it("prints nothing into a pipe", () => {
    const { out, chunks } = stream(false);
    const bar = progressBar(out, 2, (n) => `${n}`);
    bar.tick(2);
    bar.done();
    expect(chunks).toEqual([]);
  });
});
