import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Newest modification time of any file below `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export type DashboardBuildOutcome = "fresh" | "built" | "no-script" | "failed";

/**
 * Runs `npm run build:dashboard` when dashboard/dist is missing or older than its sources; the
 * dashboard owns its build, the local stack only asks for it.
 */
export async function ensureDashboardBuilt(root: string, log: (line: string) => void): Promise<DashboardBuildOutcome> {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts["build:dashboard"]) return "no-script";
  const dist = join(root, "dashboard", "dist", "index.html");
  const sources = Math.max(newestMtime(join(root, "dashboard", "src")), existsSync(join(root, "dashboard", "index.html")) ? statSync(join(root, "dashboard", "index.html")).mtimeMs : 0);
  if (existsSync(dist) && statSync(dist).mtimeMs >= sources) return "fresh";
  log("building the dashboard (npm run build:dashboard)…");
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn("npm", ["run", "--silent", "build:dashboard"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const relay = (chunk: Buffer) => chunk.toString("utf8").split("\n").filter(Boolean).forEach((l) => log(`  dashboard: ${l}`));
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.once("error", () => resolve(null));
    child.once("exit", resolve);
  });
  return code === 0 ? "built" : "failed";
}
