import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Command, InvalidArgumentError, Option } from "commander";
import { LOCAL_ENV_FILE, readEnvFile } from "../../local/env-file.ts";
import { CSV_BOM, CSV_EOL } from "../../lambdas/export/csv.ts";
import { toClaimJsonLd } from "../../lambdas/export/claimreview.ts";
import type { FeedChange, StoredClaim } from "../../lambdas/store/types.ts";
import { claimsToCsv, claimsToJsonLines } from "../../lambdas/export/claims.ts";
import { FeedError, followFeed } from "./feed.ts";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
const FORMATS = ["csv", "jsonl", "claimreview"] as const;
type Format = (typeof FORMATS)[number];

export interface ExportOptions {
  speaker?: string;
  topic?: string;
  article?: string;
  since?: string;
  format: Format;
  from?: string;
  to?: string;
  minCheckworthiness?: string;
  sort?: string;
  output?: string;
  apiUrl?: string;
  envFile: string;
  pageSize?: string;
}

/** The API's page sizes: downloads (CSV, JSON Lines) up to 500 claims, JSON up to 100. */
const PAGE_SIZE: Record<Format, number> = { csv: 500, jsonl: 500, claimreview: 100 };
const ACCEPT: Record<Format, string> = { csv: "text/csv", jsonl: "application/x-ndjson", claimreview: "application/json" };
const REQUEST_TIMEOUT_MS = 60_000;
/** `--since start`: from the oldest change the feed keeps. */
const FROM_START = "start";
/** Changes per feed request (the API's largest JSON page). */
const FEED_PAGE_SIZE = 100;

/**
 * `claims export --speaker ID | --topic T | --article KEY | --since POSITION`: every claim of one list,
 * page after page through the read API, as CSV, JSON Lines or schema.org Claim objects (JSON-LD) for
 * ClaimReview. With --since, the claims the change feed reports added or changed since the position,
 * each once as it is now (a claim removed since is left out and counted); the position to pass next
 * time is printed to stderr.
 * Without --api-url it reads CLAIMS_API_URL from the environment, then from .claims-local.env.
 */
export function exportCommand(): Command {
  return new Command("export")
    .description("download every claim of a speaker, a topic or an article from the read API")
    .option("--speaker <id>", "a speaker's claims (the speakerId, e.g. ellen-park)")
    .option("--topic <topic>", "a topic's claims (a topic slug, e.g. politics-government)")
    .option("--article <key>", "an article's claims (its S3 key)")
    .option("--since <position>", `claims added or changed since a position of the change feed (the nextSince of GET /claims or of a previous export, or "${FROM_START}" for every change the feed keeps)`)
    .option("--format <format>", "csv, jsonl, or claimreview (a JSON array of schema.org Claim objects)", parseFormat, "jsonl" as Format)
    .option("--from <date>", "claims published on or after (YYYY-MM-DD)")
    .option("--to <date>", "claims published on or before (YYYY-MM-DD)")
    .option("--min-checkworthiness <score>", "only claims scored at least this (0 to 1)")
    .option("--sort <order>", "newest (default) or checkworthiness")
    .option("-o, --output <file>", "write to a file instead of standard output")
    .option("--api-url <url>", "the read API's base URL (default: CLAIMS_API_URL from the environment or .claims-local.env)")
    .addOption(new Option("--env-file <path>", "local stack settings").default(LOCAL_ENV_FILE).hideHelp())
    .addOption(new Option("--page-size <n>", "claims per request").hideHelp())
    .action(async (opts: ExportOptions) => {
      process.exitCode = await runExport(opts);
    });
}

function parseFormat(value: string): Format {
  const format = FORMATS.find((f) => f === value);
  if (!format) throw new InvalidArgumentError(`use ${FORMATS.join(", ")}`);
  return format;
}

class ExportError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function runExport(opts: ExportOptions, stdout: Writable = process.stdout, stderr: Writable = process.stderr): Promise<number> {
  let out: Writable | undefined;
  try {
    if (opts.since !== undefined) return await exportChanges(opts, stdout, stderr);
    const request = listRequest(opts);
    out = opts.output ? createWriteStream(opts.output) : stdout;
    const { claims, pages } = await writeAll(request, opts.format, out);
    if (out !== stdout) await new Promise<void>((resolve, reject) => out!.end((e?: Error | null) => (e ? reject(e) : resolve())));
    stderr.write(`exported ${claims} claim${claims === 1 ? "" : "s"} in ${pages} request${pages === 1 ? "" : "s"}${opts.output ? ` to ${opts.output}` : ""}\n`);
    return EXIT.ok;
  } catch (e) {
    if (out && out !== stdout) out.end();
    const code = e instanceof ExportError ? e.exitCode : EXIT.failed;
    stderr.write(`claims export: ${e instanceof Error ? e.message : String(e)}\n`);
    return code;
  }
}

interface ListRequest {
  url: URL;
  pageSize: number;
}

/** The list's URL with its filters; every mistake that needs no request is reported here. */
function listRequest(opts: ExportOptions): ListRequest {
  const usage = (message: string) => new ExportError(message, EXIT.usage);
  const lists = [opts.speaker !== undefined && "speaker", opts.topic !== undefined && "topic", opts.article !== undefined && "article", opts.since !== undefined && "since"].filter(Boolean);
  if (lists.length !== 1) throw usage("name exactly one list: --speaker ID, --topic TOPIC, --article KEY or --since POSITION");
  const url = apiBase(opts);
  const path =
    opts.speaker !== undefined
      ? `/speakers/${encodeURIComponent(opts.speaker)}/claims`
      : opts.topic !== undefined
        ? `/topics/${encodeURIComponent(opts.topic)}/claims`
        : `/articles/${encodeURIComponent(opts.article!)}/claims`;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  const filters: [string, string | undefined][] = [
    ["from", opts.from],
    ["to", opts.to],
    ["minCheckworthiness", opts.minCheckworthiness],
    ["sort", opts.sort],
  ];
  if (opts.article !== undefined && filters.some(([, v]) => v !== undefined)) throw usage("--article takes no filters (--from, --to, --min-checkworthiness, --sort)");
  // The API validates the values and says what is wrong with them.
  for (const [k, v] of filters) if (v !== undefined) url.searchParams.set(k, v);
  const pageSize = opts.pageSize === undefined ? PAGE_SIZE[opts.format] : Number(opts.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PAGE_SIZE[opts.format]) throw usage(`--page-size: an integer from 1 to ${PAGE_SIZE[opts.format]}`);
  if (opts.article === undefined) url.searchParams.set("limit", String(pageSize));
  return { url, pageSize };
}

/** The read API's base URL from --api-url, the environment or the local stack's settings. */
function apiBase(opts: ExportOptions): URL {
  const usage = (message: string) => new ExportError(message, EXIT.usage);
  const base = opts.apiUrl ?? process.env.CLAIMS_API_URL ?? readEnvFile(opts.envFile).CLAIMS_API_URL;
  if (!base) throw usage("no API: pass --api-url, set CLAIMS_API_URL, or run `npm start` (it writes .claims-local.env)");
  let url: URL;
  try {
    url = new URL(base.replace(/\/+$/, ""));
  } catch {
    throw usage(`--api-url: not a URL: ${base}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usage(`--api-url: must be http or https: ${base}`);
  return url;
}

/**
 * `--since`: the change feed followed from the position until it has caught up; each claim changed
 * since is written once, as it is now, in the order of its last change.
 */
async function exportChanges(opts: ExportOptions, stdout: Writable, stderr: Writable): Promise<number> {
  const usage = (message: string) => new ExportError(message, EXIT.usage);
  const others = [opts.speaker, opts.topic, opts.article, opts.from, opts.to, opts.minCheckworthiness, opts.sort].some((v) => v !== undefined);
  if (others) throw usage("--since takes no list and no filters (--speaker, --topic, --article, --from, --to, --min-checkworthiness, --sort)");
  const apiUrl = apiBase(opts).toString();
  const latest = new Map<string, FeedChange>();
  let next: string | undefined;
  try {
    next = await followFeed({
      apiUrl,
      ...(opts.since !== FROM_START && { since: opts.since }),
      limit: FEED_PAGE_SIZE,
      follow: false,
      pollMs: 0,
      write: (line) => {
        const change = JSON.parse(line) as FeedChange;
        latest.delete(change.claimId);
        latest.set(change.claimId, change);
      },
    });
  } catch (e) {
    if (e instanceof FeedError) throw new ExportError(e.message, e.status >= 400 && e.status < 500 ? EXIT.usage : EXIT.failed);
    throw e;
  }
  const claims = [...latest.values()].flatMap((c) => (c.op === "upsert" ? [c.claim] : []));
  const removed = latest.size - claims.length;
  const text =
    opts.format === "csv"
      ? claimsToCsv(claims)
      : opts.format === "jsonl"
        ? claimsToJsonLines(claims)
        : `[${claims.map((c, i) => `${i === 0 ? "\n" : ",\n"}${claimReviewEntry(c)}`).join("")}${claims.length ? "\n" : ""}]\n`;
  const out = opts.output ? createWriteStream(opts.output) : stdout;
  await write(out, text);
  if (out !== stdout) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  stderr.write(`exported ${claims.length} claim${claims.length === 1 ? "" : "s"} changed since the position${opts.output ? ` to ${opts.output}` : ""}; ${removed} removed since\n`);
  stderr.write(`next time: --since ${next}\n`);
  return EXIT.ok;
}

interface Page {
  body: string;
  nextToken?: string;
}

async function fetchPage(url: URL, format: Format): Promise<Page> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: ACCEPT[format] }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    throw new ExportError(`cannot reach the API at ${url.origin}: ${(e as Error).message}`, EXIT.failed);
  }
  // Kept byte for byte: res.text() would drop the CSV's byte-order mark.
  const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  if (!res.ok) {
    let message = body.slice(0, 300);
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // Not the API's JSON error: show the start of what came back.
    }
    // A 4xx is a mistake in what was asked for (an unknown speaker, a bad date); anything else is a failure.
    throw new ExportError(`the API answered ${res.status}: ${message}`, res.status >= 400 && res.status < 500 ? EXIT.usage : EXIT.failed);
  }
  if (format === "claimreview") {
    const json = JSON.parse(body) as { items: unknown; nextToken?: unknown };
    if (!Array.isArray(json.items)) throw new ExportError("the API answered without a list of items", EXIT.failed);
    return { body, ...(typeof json.nextToken === "string" && { nextToken: json.nextToken }) };
  }
  const next = res.headers.get("x-next-token");
  return { body, ...(next && { nextToken: next }) };
}

/** One schema.org Claim of the claimreview array, indented as an element of it. */
const claimReviewEntry = (c: StoredClaim) => JSON.stringify(toClaimJsonLd(c), null, 2).replace(/\n/g, "\n  ").replace(/^/, "  ");

async function write(out: Writable, text: string): Promise<void> {
  if (text !== "" && !out.write(text)) await once(out, "drain");
}

/** Every page in turn: CSV keeps the first page's BOM and header only; claimreview becomes one JSON array. */
async function writeAll(request: ListRequest, format: Format, out: Writable): Promise<{ claims: number; pages: number }> {
  let claims = 0;
  let pages = 0;
  let token: string | undefined;
  if (format === "claimreview") await write(out, "[");
  do {
    const url = new URL(request.url);
    if (token !== undefined) url.searchParams.set("nextToken", token);
    const page = await fetchPage(url, format);
    pages++;
    token = page.nextToken;
    if (format === "claimreview") {
      const items = (JSON.parse(page.body) as { items: StoredClaim[] }).items;
      for (const c of items) await write(out, `${claims++ === 0 ? "\n" : ",\n"}${claimReviewEntry(c)}`);
    } else if (format === "csv") {
      const records = page.body.startsWith(CSV_BOM) ? page.body.slice(CSV_BOM.length) : page.body;
      // The header record holds field names only, so it ends at the first CRLF.
      const headerEnd = records.indexOf(CSV_EOL) + CSV_EOL.length;
      await write(out, pages === 1 ? page.body : records.slice(headerEnd));
      claims += countRecords(records.slice(headerEnd));
    } else {
      await write(out, page.body);
      claims += page.body.split("\n").filter(Boolean).length;
    }
  } while (token !== undefined);
  if (format === "claimreview") await write(out, claims === 0 ? "]\n" : "\n]\n");
  return { claims, pages };
}

/** Records in CSV text: CRLFs outside quoted fields (a quoted field may hold line breaks). */
function countRecords(csv: string): number {
  let inQuotes = false;
  let records = 0;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === "\r" && csv[i + 1] === "\n") records++;
  }
  return records;
}
