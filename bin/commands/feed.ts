/**
 * `claims feed`: follows the read API's change feed (GET /claims?since=) and prints every change as
 * one JSON line: `{"op":"upsert","claimId":…,"changedAt":…,"claim":{…}}` or
 * `{"op":"delete","claimId":…,"changedAt":…}`, in the order the changes were made. Applied in order to
 * a copy, they keep it equal to the tracker's claims.
 *
 * Resumable: with --state FILE the position is read from FILE at the start and written to it after
 * each page that was printed in full, so a follower stopped at any moment starts again where it left
 * off (it may print the last page twice; applying a change twice changes nothing). The position is
 * also printed to stderr at the end (`since <token>`), for --since.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { LOCAL_ENV_FILE, readEnvFile } from "../../local/env-file.ts";
import { EXIT } from "./speakers.ts";

export interface FollowOptions {
  apiUrl: string;
  since?: string;
  limit: number;
  /** Keep polling once caught up, every `pollMs`, until `signal` aborts. */
  follow: boolean;
  pollMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** One line per change. */
  write(line: string): void;
  /** After each page is written: where the next one starts, whether it was caught up, when it was asked for. */
  onPosition?(since: string, page: { caughtUp: boolean; requestedAt: number }): void;
  /** Consecutive unavailable answers (503, or no answer) waited out before giving up (default 12). */
  maxRetries?: number;
}

/** The API answered with an error the follower cannot get past (a bad or expired position). */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface FeedPage {
  items: unknown[];
  nextSince: string;
  caughtUp: boolean;
}

/** Longest pause before asking again after an unavailable answer, whatever Retry-After says. */
const MAX_RETRY_PAUSE_MS = 5_000;

/**
 * Reads the feed page by page from `since`; returns the position after the last page. An unavailable
 * API (503 with Retry-After, or no answer) is asked again after a pause: the position is unchanged, so
 * nothing is lost or repeated.
 */
export async function followFeed(opts: FollowOptions): Promise<string | undefined> {
  const get = opts.fetch ?? fetch;
  let since = opts.since;
  for (let failures = 0; ; ) {
    if (opts.signal?.aborted) return since;
    const url = `${opts.apiUrl.replace(/\/+$/, "")}/claims?limit=${opts.limit}${since ? `&since=${encodeURIComponent(since)}` : ""}`;
    const requestedAt = Date.now();
    const res = await get(url, { headers: { accept: "application/json" } }).catch((e: Error) => e);
    const unavailable = res instanceof Error || res.status === 503;
    if (unavailable && ++failures <= (opts.maxRetries ?? 12)) {
      const retryAfter = res instanceof Error ? 1 : Number(res.headers.get("retry-after") ?? 1);
      await pause(Math.min(MAX_RETRY_PAUSE_MS, (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000), opts.signal);
      continue;
    }
    if (res instanceof Error) throw new FeedError(`the API at ${opts.apiUrl} does not answer: ${res.message}`, 0);
    const body = (await res.json().catch(() => undefined)) as (FeedPage & { message?: string }) | undefined;
    if (!res.ok || !body) throw new FeedError(`GET /claims answered ${res.status}${body?.message ? `: ${body.message}` : ""}`, res.status);
    failures = 0;
    for (const item of body.items) opts.write(JSON.stringify(item));
    since = body.nextSince;
    opts.onPosition?.(since, { caughtUp: body.caughtUp, requestedAt });
    if (body.caughtUp && !opts.follow) return since;
    if (body.caughtUp) await pause(opts.pollMs, opts.signal);
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

interface FeedCommandOptions {
  api?: string;
  since?: string;
  state?: string;
  limit: string;
  follow?: boolean;
  interval: string;
  envFile: string;
}

export function feedCommand(): Command {
  return new Command("feed")
    .description("print every claim added, changed or removed since a position as JSON Lines (GET /claims?since=), to keep a copy in step")
    .option("--api <url>", "the read API's base URL (default: CLAIMS_API_URL, or the local stack's from .claims-local.env)")
    .option("--since <token>", "start after this position (a previous run's `since` or the API's nextSince); default: the oldest change kept")
    .option("--state <file>", "read the position from this file at the start and save it there after each page (resumable)")
    .option("--limit <n>", "changes per request (1-100)", "100")
    .option("--follow", "keep polling once caught up")
    .option("--interval <seconds>", "pause between polls with --follow", "5")
    .addOption(new Option("--env-file <path>", "local stack settings").default(LOCAL_ENV_FILE).hideHelp())
    .action(async (opts: FeedCommandOptions) => {
      const apiUrl = opts.api ?? process.env.CLAIMS_API_URL ?? readEnvFile(opts.envFile).CLAIMS_API_URL;
      const limit = Number(opts.limit);
      const interval = Number(opts.interval);
      const usage = (message: string) => {
        process.stderr.write(`claims feed: ${message}\n`);
        process.exitCode = EXIT.usage;
      };
      if (!apiUrl) return usage("no API URL: pass --api, set CLAIMS_API_URL, or start the local stack (npm start)");
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return usage(`--limit must be an integer from 1 to 100, got "${opts.limit}"`);
      if (!(interval > 0)) return usage(`--interval must be a positive number of seconds, got "${opts.interval}"`);
      const saved = opts.state && existsSync(opts.state) ? readFileSync(opts.state, "utf8").trim() || undefined : undefined;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const since = await followFeed({
          apiUrl,
          ...((opts.since ?? saved) !== undefined && { since: (opts.since ?? saved)! }),
          limit,
          follow: Boolean(opts.follow),
          pollMs: interval * 1000,
          signal: stop.signal,
          write: (line) => process.stdout.write(`${line}\n`),
          ...(opts.state && { onPosition: (position: string) => saveState(opts.state!, position) }),
        });
        if (since) process.stderr.write(`since ${since}\n`);
      } catch (e) {
        process.stderr.write(`claims feed: ${(e as Error).message}\n`);
        process.exitCode = e instanceof FeedError && e.status === 410 ? EXIT.refused : EXIT.usage;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}

/** Written whole or not at all: a follower killed mid-write keeps its previous position. */
function saveState(path: string, since: string): void {
  writeFileSync(`${path}.tmp`, `${since}\n`);
  renameSync(`${path}.tmp`, path);
}
