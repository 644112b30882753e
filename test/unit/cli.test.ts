import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cli = join(repo, "bin/claims.mjs");

function claims(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, input, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (s: string) => s.split("\n").filter(Boolean);

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
    const r = claims(["extract", file]);
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
    const r = claims(["extract", "--format", "table", join(dir, "bridge.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/speaker\s+kind\s+cue/);
    expect(r.stdout).toContain("Lena Vogt");
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
    expect(none.stderr).toBe("claims export: name exactly one list: --speaker ID, --topic TOPIC or --article KEY\n");
    const badFormat = claims(["export", "--speaker", "x", "--format", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*use csv, jsonl, claimreview/);
  });
});
