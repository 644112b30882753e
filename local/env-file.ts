import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

/** The variables `npm start` publishes for the AWS CLI, `claims ingest` and scripts. */
export const LOCAL_ENV_FILE = ".claims-local.env";

/** Where `npm start` writes the file and the `claims` commands look for it: CLAIMS_ENV_FILE, or the default. */
export function localEnvFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAIMS_ENV_FILE || LOCAL_ENV_FILE;
}

export function formatEnvFile(vars: Record<string, string>): string {
  return `${Object.entries(vars).map(([k, v]) => `${k}=${/^[\w./:@-]*$/.test(v) ? v : JSON.stringify(v)}`).join("\n")}\n`;
}

/** Readable by its owner only: it holds the control endpoints' secret. */
export function writeEnvFile(path: string, vars: Record<string, string>): string {
  const text = formatEnvFile(vars);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return text;
}

/** Reads KEY=VALUE lines (optionally double-quoted, `#` comments); missing file: empty. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m || line.trim().startsWith("#")) continue;
    const raw = m[2]!.trim();
    vars[m[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return vars;
}
