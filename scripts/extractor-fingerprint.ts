/**
 * The extractor's identity: a SHA-256 over every file of lambdas/core (its code and its data), so
 * that any change to what extraction does gives a new EXTRACTOR_VERSION and stored claims can tell
 * which extractor made them. Shared by `npm run version:extractor` and the unit test that fails while
 * the committed lambdas/core/version.json is stale.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** The checked-in result; excluded from its own fingerprint. */
export const VERSION_FILE = "version.json";
export const DEFAULT_SEMVER = "1.0.0";
const HASH_CHARS_IN_VERSION = 12;

export interface ExtractorVersionFile {
  /** `<semver>+<first 12 hex digits of the fingerprint>`. */
  version: string;
  fingerprint: string;
  files: number;
}

/** Paths relative to the folder, `/`-separated, in code-unit order; hidden files are left out. */
export function fingerprintedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.filter((p) => p !== VERSION_FILE).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Each file contributes its path, its length and its bytes, with separators that no path holds, so
 * moving bytes from one file to the next or renaming a file changes the result.
 */
export function fingerprintOf(dir: string): { fingerprint: string; files: number } {
  const hash = createHash("sha256");
  const files = fingerprintedFiles(dir);
  for (const path of files) {
    const bytes = readFileSync(join(dir, path));
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return { fingerprint: hash.digest("hex"), files: files.length };
}

/** The semver part is kept from the current file (raised by hand for notable changes); the hash follows the sources. */
export function versionFileFor(dir: string, current?: Pick<ExtractorVersionFile, "version">): ExtractorVersionFile {
  const { fingerprint, files } = fingerprintOf(dir);
  const semver = current?.version.split("+")[0] || DEFAULT_SEMVER;
  return { version: `${semver}+${fingerprint.slice(0, HASH_CHARS_IN_VERSION)}`, fingerprint, files };
}
