import { readdirSync, statSync } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";

export interface UploadItem {
  path: string;
  key: string;
  size: number;
}

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".html": "text/html",
  ".htm": "text/html",
  ".json": "application/json",
};

export const contentTypeFor = (path: string) => CONTENT_TYPES[extname(path).toLowerCase()];

/**
 * Files to upload with their object keys: a file keeps its name, a folder's files keep their paths
 * below the folder (recursively). Hidden files and folders (".DS_Store", ".git") are skipped.
 */
export function collectUploads(paths: readonly string[], prefix: string): UploadItem[] {
  const items: UploadItem[] = [];
  const toKey = (rel: string) => prefix + rel.split(sep).join("/");
  for (const path of paths) {
    const st = statSync(path);
    if (st.isFile()) {
      items.push({ path, key: toKey(basename(path)), size: st.size });
      continue;
    }
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith(".")) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) items.push({ path: full, key: toKey(relative(path, full)), size: statSync(full).size });
      }
    };
    walk(path);
  }
  return items;
}
