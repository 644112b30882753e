import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDashboard, type BuiltFile } from "../../dashboard/build.ts";

/** Gzipped budget for everything a first visit downloads (HTML + JS + CSS); docs/dashboard.md explains it. */
const BUDGET_GZIP_BYTES = 60 * 1024;

describe("dashboard build", () => {
  let out: string;
  let files: BuiltFile[];
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "dashboard-build-"));
    files = await buildDashboard(out);
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("writes an index.html that loads its own hashed bundles and nothing from elsewhere", async () => {
    const html = await readFile(join(out, "index.html"), "utf8");
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // The only other reference is the empty inline favicon, which stops browsers asking for /favicon.ico.
    expect(refs.filter((r) => r.startsWith("data:"))).toEqual(["data:,"]);
    const assets = refs.filter((r) => !r.startsWith("data:"));
    expect(assets).toHaveLength(2);
    for (const ref of assets) {
      expect(ref).toMatch(/^\.\/assets\/app-[A-Z0-9]+\.(js|css)$/);
      await expect(readFile(join(out, ref))).resolves.toBeTruthy();
    }
    expect(html).toContain("Content-Security-Policy");
  });

  it("bundles everything: no import from a CDN or bare module at run time", async () => {
    const assets = await readdir(join(out, "assets"));
    const js = await readFile(join(out, "assets", assets.find((f) => f.endsWith(".js"))!), "utf8");
    expect(js).not.toMatch(/\bimport\s*(?:[\w{}*\s,]+from\s*)?["']/);
    expect(js).not.toMatch(/https?:\/\/(?:cdn|unpkg|esm\.sh|jsdelivr)/);
  });

  it("stays within its size budget", () => {
    const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
    expect(total).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it("does not write a config.json: the host provides it", async () => {
    await expect(readFile(join(out, "config.json"))).rejects.toThrow();
  });
});

describe("dashboard source", () => {
  it("never renders text as HTML", async () => {
    const root = new URL("../../dashboard/src/", import.meta.url);
    const sources = (await readdir(root, { recursive: true })).filter((f) => /\.(ts|tsx)$/.test(f));
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const code = await readFile(new URL(file, root), "utf8");
      expect(code, file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/);
    }
  });
});
