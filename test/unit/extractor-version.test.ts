import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXTRACTOR_VERSION } from "../../lambdas/core/version.ts";
import { fingerprintedFiles, fingerprintOf, versionFileFor, type ExtractorVersionFile } from "../../scripts/extractor-fingerprint.ts";

const CORE = join(import.meta.dirname, "../../lambdas/core");

describe("extractor version", () => {
  it("matches the sources of lambdas/core", () => {
    const committed = JSON.parse(readFileSync(join(CORE, "version.json"), "utf8")) as ExtractorVersionFile;
    const fresh = versionFileFor(CORE, committed);
    expect(
      committed.fingerprint === fresh.fingerprint && committed.version === fresh.version,
      `lambdas/core changed since lambdas/core/version.json was written (${committed.version}, the sources give ${fresh.version}): run npm run version:extractor`,
    ).toBe(true);
    expect(EXTRACTOR_VERSION).toBe(committed.version);
    expect(EXTRACTOR_VERSION).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
  });
});

describe("fingerprint of a folder", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "claims-fingerprint-"));
    mkdirSync(join(dir, "extract/data"), { recursive: true });
    writeFileSync(join(dir, "pipeline.ts"), "export const a = 1;\n");
    writeFileSync(join(dir, "extract/rules.ts"), "export const b = 2;\n");
    writeFileSync(join(dir, "extract/data/lexicon.json"), '["said"]\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("covers code and data in a fixed order, without version.json or hidden files", () => {
    writeFileSync(join(dir, "version.json"), "{}");
    writeFileSync(join(dir, ".rules.ts.swp"), "editor state");
    expect(fingerprintedFiles(dir)).toEqual(["extract/data/lexicon.json", "extract/rules.ts", "pipeline.ts"]);
    const before = fingerprintOf(dir);
    writeFileSync(join(dir, "version.json"), '{"version":"9.9.9"}');
    expect(fingerprintOf(dir)).toEqual(before);
    expect(before.files).toBe(3);
  });

  it.each([
    ["a data file changes", (d: string) => writeFileSync(join(d, "extract/data/lexicon.json"), '["said","told"]\n')],
    ["a code file changes by one byte", (d: string) => writeFileSync(join(d, "pipeline.ts"), "export const a = 2;\n")],
    ["a file is added", (d: string) => writeFileSync(join(d, "extract/new-rule.ts"), "")],
    ["a file is renamed", (d: string) => renameSync(join(d, "extract/rules.ts"), join(d, "extract/rule.ts"))],
    ["bytes move from one file to the next", (d: string) => {
      writeFileSync(join(d, "extract/rules.ts"), "export const b = 2;\n[");
      writeFileSync(join(d, "extract/data/lexicon.json"), '"said"]\n');
    }],
  ])("changes when %s", (_name, change) => {
    const before = fingerprintOf(dir).fingerprint;
    change(dir);
    expect(fingerprintOf(dir).fingerprint).not.toBe(before);
  });

  it("keeps the semver of the current file and appends 12 hex digits of the fingerprint", () => {
    const next = versionFileFor(dir, { version: "2.3.0+000000000000" });
    expect(next.version).toBe(`2.3.0+${next.fingerprint.slice(0, 12)}`);
    expect(versionFileFor(dir).version).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
  });
});
