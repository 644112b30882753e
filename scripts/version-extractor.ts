/**
 * Rewrites lambdas/core/version.json from the sources of lambdas/core:
 *
 *   npm run version:extractor            write it (after any change under lambdas/core)
 *   npm run version:extractor -- --check exit 1 when it is stale, without writing
 *
 * The semver part of `version` is kept; raise it by hand for a change readers should notice.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION_FILE, versionFileFor, type ExtractorVersionFile } from "./extractor-fingerprint.ts";

const coreDir = resolve(dirname(fileURLToPath(import.meta.url)), "../lambdas/core");
const path = join(coreDir, VERSION_FILE);
const current = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ExtractorVersionFile) : undefined;
const next = versionFileFor(coreDir, current);
const text = `${JSON.stringify(next, null, 2)}\n`;

if (process.argv.includes("--check")) {
  if (current?.fingerprint === next.fingerprint && current.version === next.version) {
    console.log(`extractor ${next.version} is current (${next.files} files)`);
  } else {
    console.error(`lambdas/core/${VERSION_FILE} is stale (${current?.version ?? "missing"}; the sources give ${next.version}): run npm run version:extractor`);
    process.exitCode = 1;
  }
} else if (current && readFileSync(path, "utf8") === text) {
  console.log(`extractor ${next.version} is current (${next.files} files)`);
} else {
  writeFileSync(path, text);
  console.log(`extractor ${current?.version ?? "(none)"} -> ${next.version} (${next.files} files)`);
}
