import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt } from "../../local/dashboard-build.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project folder whose build:dashboard script writes dist/index.html (or fails). */
function project(script?: string): string {
  const root = mkdtempSync(join(tmpdir(), "dash-build-"));
  dirs.push(root);
  mkdirSync(join(root, "dashboard", "src"), { recursive: true });
  writeFileSync(join(root, "dashboard", "src", "main.tsx"), "export {};");
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "p", private: true, scripts: script ? { "build:dashboard": script } : {} }));
  return root;
}

const BUILD = `node -e "require('fs').mkdirSync('dashboard/dist',{recursive:true});require('fs').writeFileSync('dashboard/dist/index.html','ok')"`;

describe("dashboard build before npm start", { timeout: 60_000 }, () => {
  it("builds when dist is missing, skips when it is newer than the sources, rebuilds when a source changes", async () => {
    const root = project(BUILD);
    const lines: string[] = [];
    expect(await ensureDashboardBuilt(root, (l) => lines.push(l))).toBe("built");
    expect(lines[0]).toMatch(/building the dashboard/);
    expect(await ensureDashboardBuilt(root, () => undefined)).toBe("fresh");
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "dashboard", "src", "main.tsx"), later, later);
    expect(await ensureDashboardBuilt(root, () => undefined)).toBe("built");
  });

  it("reports a failing build and a missing script instead of stopping the stack", async () => {
    expect(await ensureDashboardBuilt(project("node -e \"process.exit(3)\""), () => undefined)).toBe("failed");
    expect(await ensureDashboardBuilt(project(), () => undefined)).toBe("no-script");
  });
});
