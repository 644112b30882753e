/**
 * Finds a DynamoDB Local that an earlier run left behind on the same data folder (its parent was
 * killed before it could stop it), and stops it, so the next start neither fails on the port nor,
 * worse, talks to the orphan. Only a process that is verifiably DynamoDB Local serving exactly this
 * data folder is ever signalled: a Java process whose command line runs DynamoDB Local with
 * `-dbPath <folder>`, and whose parent is no longer a Node.js process (a stack still running on the
 * same folder is reported, not killed). Candidates come from the pid file the launcher writes and,
 * where /proc exists, from every process's command line (a pid file can be lost or stale).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PID_FILE = "dynamodb-local.pid";

export function writePidFile(dbPath: string, pid: number): void {
  writeFileSync(join(dbPath, PID_FILE), `${pid}\n`);
}

export function removePidFile(dbPath: string, pid: number): void {
  const file = join(dbPath, PID_FILE);
  if (existsSync(file) && readFileSync(file, "utf8").trim() === String(pid)) rmSync(file, { force: true });
}

function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return undefined;
  }
}

/** A Java process running DynamoDB Local with this -dbPath. */
export function isDynamoDbLocalOn(args: readonly string[], dbPath: string): boolean {
  const at = args.indexOf("-dbPath");
  return /(^|\/)java$/.test(args[0] ?? "") && args.some((a) => a.includes("DynamoDBLocal")) && at >= 0 && args[at + 1] === dbPath;
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces; the parent pid follows it.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

export interface DynamoDbLocalsOnFolder {
  /** Orphans: their starter is gone; safe to stop. */
  stale: number[];
  /** Still owned by a running Node.js process (another stack on the same folder). */
  owned: { pid: number; owner: number }[];
}

/** DynamoDB Local processes serving `dbPath`. */
export function dynamoDbLocalsOn(dbPath: string): DynamoDbLocalsOnFolder {
  const candidates = new Set<number>();
  const recorded = Number(existsSync(join(dbPath, PID_FILE)) ? readFileSync(join(dbPath, PID_FILE), "utf8").trim() : NaN);
  if (Number.isInteger(recorded) && recorded > 0) candidates.add(recorded);
  if (existsSync("/proc")) for (const entry of readdirSync("/proc")) if (/^\d+$/.test(entry)) candidates.add(Number(entry));
  const found: DynamoDbLocalsOnFolder = { stale: [], owned: [] };
  for (const pid of candidates) {
    if (!isDynamoDbLocalOn(commandLine(pid) ?? [], dbPath)) continue;
    const owner = parentOf(pid);
    const ownerIsNode = owner !== undefined && owner > 1 && /(^|\/)node(js)?$/.test(commandLine(owner)?.[0] ?? "");
    if (ownerIsNode) found.owned.push({ pid, owner });
    else found.stale.push(pid);
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 5_000): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!alive(pid)) return;
  signal("SIGKILL");
  // A killed process its parent has not reaped yet still answers signal 0: give it a moment, no more.
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}
