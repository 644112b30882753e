/**
 * Builds the dashboard into static files: index.html plus one content-hashed JS and CSS bundle each,
 * so CloudFront and browsers can cache the bundles forever while index.html stays fresh.
 * config.json is not produced here: the host supplies it (the local server, or the deployment).
 */
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = join(here, "dist");

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildDashboard(outDir: string = DEFAULT_OUT_DIR): Promise<BuiltFile[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, "src/main.tsx")],
    bundle: true,
    minify: true,
    sourcemap: "linked",
    format: "esm",
    target: ["es2020", "chrome100", "firefox100", "safari15"],
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "app-[hash]",
    outdir: join(outDir, "assets"),
    metafile: true,
    legalComments: "linked",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => resolve(p));
  const js = outputs.find((p) => p.endsWith(".js"));
  const css = outputs.find((p) => p.endsWith(".css"));
  if (!js || !css) throw new Error("esbuild produced no JS or CSS bundle");
  const template = await readFile(join(here, "index.html"), "utf8");
  const html = template.replace("%JS%", `./${relative(outDir, js)}`).replace("%CSS%", `./${relative(outDir, css)}`);
  await writeFile(join(outDir, "index.html"), html);
  const files = [join(outDir, "index.html"), js, css];
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(file);
      return { file: relative(outDir, file), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    }),
  );
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  const files = await buildDashboard(outDir);
  for (const f of files) console.log(`${f.file.padEnd(32)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes).padStart(8)}`);
  const total = files.reduce((a, f) => a + f.gzipBytes, 0);
  console.log(`dashboard built into ${basename(dirname(outDir))}/${basename(outDir)} (${kb(total)} gzipped in total)`);
}
