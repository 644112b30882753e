import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const repoPath = (relative: string) => resolve(REPO_ROOT, relative);

/** The PolNeAR dev split, read where the evaluation data lives beside the repository; absent on a fresh clone. */
export function polnearDevPath(): string | undefined {
  const path = resolve(REPO_ROOT, "../shared/eval/polnear/polnear-dev.jsonl");
  return existsSync(path) ? path : undefined;
}
