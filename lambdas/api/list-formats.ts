/**
 * Claim lists in three representations, chosen by the request's Accept header: JSON (the default),
 * CSV and JSON Lines. A download page is larger than a JSON page (EXPORT_LIMIT) and carries the next
 * page's token in headers, since CSV has nowhere else to put it.
 */
import type { StoredClaim } from "../store/types.ts";
import { claimsToCsv, claimsToJsonLines } from "../export/claims.ts";
import { HttpError, type ApiResult } from "./http.ts";

export type ListFormat = "json" | "csv" | "ndjson";

export const LIST_MEDIA_TYPES: Record<ListFormat, string> = {
  json: "application/json",
  csv: "text/csv",
  ndjson: "application/x-ndjson",
};

/** Other names clients use for JSON Lines. */
const ALIASES: Record<string, ListFormat> = {
  "application/json": "json",
  "text/csv": "csv",
  "application/x-ndjson": "ndjson",
  "application/jsonl": "ndjson",
  "application/x-jsonlines": "ndjson",
  "application/jsonlines": "ndjson",
};

/** Page size of a download: at ~1.2 KB per claim, ~0.6 MB, well inside Lambda's 6 MB response. */
export const EXPORT_LIMIT = { default: 500, max: 500 } as const;

/**
 * The format an Accept header asks for: the highest q-value among the types offered, a specific type
 * before a wildcard, the first listed on a tie. No header, or any wildcard: JSON. Nothing acceptable: 406.
 */
export function negotiateListFormat(accept: string | undefined): ListFormat {
  if (accept === undefined || accept.trim() === "") return "json";
  let best: { format: ListFormat; q: number; specific: boolean } | undefined;
  for (const range of accept.split(",")) {
    const [rawType = "", ...params] = range.split(";");
    const type = rawType.trim().toLowerCase();
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0 && q <= 1)) continue;
    const format = ALIASES[type] ?? (type === "*/*" || type === "application/*" ? "json" : type === "text/*" ? "csv" : undefined);
    if (!format) continue;
    const specific = !type.includes("*");
    if (!best || q > best.q || (q === best.q && specific && !best.specific)) best = { format, q, specific };
  }
  if (!best) {
    const offered = Object.values(LIST_MEDIA_TYPES).join(", ");
    throw new HttpError(406, "NotAcceptable", `accept: this list is available as ${offered}; got "${accept.length > 80 ? `${accept.slice(0, 80)}…` : accept}"`);
  }
  return best.format;
}

/** A download of one page of claims; `nextQuery` is the query string of the next page, when there is one. */
/** `claimsOmitted`: claims of an article left out to keep the response within Lambda's limit (article-view.ts). */
export function claimDownload(
  format: Exclude<ListFormat, "json">,
  claims: readonly StoredClaim[],
  opts: { filename: string; nextToken?: string; nextQuery?: string; claimsOmitted?: number },
): ApiResult {
  const body = format === "csv" ? claimsToCsv(claims) : claimsToJsonLines(claims);
  const extension = format === "csv" ? "csv" : "jsonl";
  const contentType = format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8";
  return {
    statusCode: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${safeFilename(opts.filename)}.${extension}"`,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      vary: "Accept",
      "x-item-count": String(claims.length),
      ...(opts.nextToken !== undefined && { "x-next-token": opts.nextToken }),
      ...(opts.nextQuery !== undefined && { link: `<?${opts.nextQuery}>; rel="next"` }),
      ...(opts.claimsOmitted !== undefined && { "x-claims-omitted": String(opts.claimsOmitted) }),
      // A browser page on another origin (the dashboard) may read the paging headers.
      "access-control-expose-headers": "x-next-token, x-item-count, x-claims-omitted, link, content-disposition",
    },
    body,
  };
}

/** ASCII letters, digits, "-", "_" and "." only: a filename cannot break out of its quotes or name a path. */
export function safeFilename(name: string): string {
  const cleaned = name.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "").slice(0, 100);
  return cleaned || "claims";
}
