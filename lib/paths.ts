import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute path of a file given relative to the repository root, whatever the caller's working directory. */
export function repoPath(relative: string): string {
  return resolve(REPO_ROOT, relative);
}
