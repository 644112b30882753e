import { SPEAKER_TYPES, type SpeakerType } from "../core/model.ts";
import { SPEAKER_LIST_SCOPES, type SpeakerListScope } from "../store/types.ts";
import { badRequest } from "./http.ts";
import { MAX_TEXT_LIMIT, type TextWindow } from "./article-view.ts";
import { probeWord, UnsearchableQueryError } from "../store/search-words.ts";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_Q_LENGTH = 100;

/**
 * Query parameters as sent. Unknown and repeated parameters are rejected rather than ignored: a typo
 * such as `tpoic=` would otherwise silently return unfiltered data. An empty value counts as absent,
 * which is what an HTML form sends for an untouched field.
 */
export function readQuery(rawQueryString: string | undefined, fallback: Record<string, string | undefined> | undefined, allowed: readonly string[]): Map<string, string> {
  const pairs: [string, string][] = rawQueryString !== undefined
    ? [...new URLSearchParams(rawQueryString)]
    : Object.entries(fallback ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, string]]));
  const query = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (!allowed.includes(name)) {
      const accepted = allowed.length ? `accepted: ${allowed.join(", ")}` : "this route takes no query parameters";
      throw badRequest(`${truncate(name)}: unknown query parameter (${accepted})`);
    }
    if (query.has(name)) throw badRequest(`${name}: given more than once`);
    if (value !== "") query.set(name, value);
  }
  return query;
}

/** `bounds`: a download (CSV, JSON Lines) takes larger pages than JSON. */
export function parseLimit(value: string | undefined, bounds: { default: number; max: number } = { default: DEFAULT_LIMIT, max: MAX_LIMIT }): number {
  if (value === undefined) return bounds.default;
  const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > bounds.max) throw badRequest(`limit: must be an integer from 1 to ${bounds.max}, got "${truncate(value)}"`);
  return n;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Normalizes for the store's string comparisons on publishedAt: a date-time becomes UTC ISO
 * (`toISOString`); a bare `to` date becomes that day's last millisecond; a bare `from` date stays as
 * it is, since "YYYY-MM-DD" sorts before every timestamp of that day, whether stored as a date or a
 * date-time. Both ends are inclusive.
 */
export function parseDate(name: "from" | "to", value: string): string {
  const date = ISO_DATE.exec(value);
  const dateTime = date ? undefined : ISO_DATE_TIME.exec(value);
  const parts = date ?? dateTime;
  const fail = () => badRequest(`${name}: must be an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS[.fff]]Z or ±HH:MM), got "${truncate(value)}"`);
  if (!parts) throw fail();
  const [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) throw fail();
  if (dateTime && (Number(dateTime[4]) > 23 || Number(dateTime[5]) > 59 || Number(dateTime[6] ?? 0) > 59)) throw fail();
  if (date && name === "from") return value;
  const ms = date ? calendar.getTime() + 86_400_000 - 1 : Date.parse(value);
  if (Number.isNaN(ms)) throw fail();
  return new Date(ms).toISOString();
}

export function parseDateRange(query: Map<string, string>): { from?: string; to?: string } {
  const fromRaw = query.get("from");
  const toRaw = query.get("to");
  const from = fromRaw === undefined ? undefined : parseDate("from", fromRaw);
  const to = toRaw === undefined ? undefined : parseDate("to", toRaw);
  if (from !== undefined && to !== undefined && from > to) throw badRequest(`from: must not be after to (${fromRaw} > ${toRaw})`);
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

export function parseTopic(name: string, value: string, topics: readonly string[]): string {
  if (!topics.includes(value)) throw badRequest(`${name}: unknown topic "${truncate(value)}" (one of: ${topics.join(", ")})`);
  return value;
}

export function parseSpeakerType(value: string): SpeakerType {
  const type = SPEAKER_TYPES.find((t) => t === value);
  if (!type) throw badRequest(`type: must be one of ${SPEAKER_TYPES.join(", ")}, got "${truncate(value)}"`);
  return type;
}

export function parseSpeakerScope(value: string): SpeakerListScope {
  const scope = SPEAKER_LIST_SCOPES.find((s) => s === value);
  if (!scope) throw badRequest(`scope: must be one of ${SPEAKER_LIST_SCOPES.join(", ")}, got "${truncate(value)}"`);
  return scope;
}

// Control characters (C0, DEL, C1) and lone surrogates have no place in a name search.
const CONTROL = /[\p{Cc}]|\p{Cs}/u;

/**
 * A name search: words matched as prefixes of the words of speakers' names and aliases. The index
 * reads by the longest word, so one word must have at least two letters or digits (a shorter one would
 * match a large share of all speakers); an empty value is no search at all.
 */
export function parseSearch(value: string): string {
  if ([...value].length > MAX_Q_LENGTH) throw badRequest(`q: must be at most ${MAX_Q_LENGTH} characters, got ${[...value].length}`);
  if (CONTROL.test(value)) throw badRequest("q: must not contain control characters");
  const q = value.trim();
  if (q === "") return q;
  try {
    probeWord(q);
  } catch (e) {
    if (e instanceof UnsearchableQueryError) throw badRequest(`q: ${e.message}, got "${truncate(q)}"`);
    throw e;
  }
  return q;
}

/** Speaker ids are slugs; claim ids are base64url hashes. Both are bounded so nothing odd reaches a key. */
export function parseSlugId(name: "speakerId", value: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/.test(value)) throw badRequest(`${name}: must be 1-128 lower-case letters, digits and inner hyphens, got "${truncate(value)}"`);
  return value;
}

export function parseClaimId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw badRequest(`claimId: must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-", got "${truncate(value)}"`);
  return value;
}

/**
 * An S3 key: 1-1024 bytes of UTF-8, as S3 takes it, so every key ingest accepts can be asked for.
 * Control characters (tab, newline, C0, DEL, C1) are allowed, percent-encoded in the path like every
 * other byte (`%09`, `%0A`, `%7F`, `%C2%85`); a lone surrogate is not UTF-8 and cannot be a key.
 */
export function parseArticleKey(value: string): string {
  if (/\p{Cs}/u.test(value)) throw badRequest("articleKey: must be valid UTF-8 (it holds a lone surrogate)");
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes === 0 || bytes > 1024) throw badRequest(`articleKey: must be 1-1024 bytes of UTF-8, got ${bytes}`);
  return value;
}

/** GET /articles/{articleKey}: which part of the text to serve (textOffset from 0, textLimit 1..MAX_TEXT_LIMIT). */
export function parseTextWindow(query: Map<string, string>): TextWindow {
  const int = (name: string, value: string | undefined, min: number, max: number, fallback: number) => {
    if (value === undefined) return fallback;
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw badRequest(`${name}: must be an integer from ${min} to ${max}, got "${truncate(value)}"`);
    return n;
  };
  return {
    offset: int("textOffset", query.get("textOffset"), 0, 999_999_999, 0),
    limit: int("textLimit", query.get("textLimit"), 1, MAX_TEXT_LIMIT, MAX_TEXT_LIMIT),
  };
}

/** Echoed input is cut short so an error message cannot be used to bounce huge strings back. */
export function truncate(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
