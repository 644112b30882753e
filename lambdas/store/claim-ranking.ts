/**
 * Reading a claim index (a speaker's or a topic's article groups) in either order the API offers:
 * newest first, straight from the sharded groups, or by checkworthiness.
 *
 * Checkworthiness order is a ranking of a bounded window: the newest RANK_WINDOW claims that match
 * the filters (each group holds its claims' scores beside their ids, so this reads groups only, no
 * claim items), sorted by score, then date, then id; a page hands out the next `limit` of that
 * ranking. The first page pins the window (its newest and oldest sort keys) in the cursor, so later
 * pages rank the same claims even while new ones arrive. No write is added for it: see
 * docs/key-design.md ("Checkworthiness: filter and ranking") for the alternatives weighed.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity.ts";
import { InvalidCursorError } from "./cursor.ts";
import { queryShardsNewestFirst, type ShardedIndexQuery } from "./sharded-query.ts";
import type { ClaimSort, Ranking } from "./types.ts";

/** Claims ranked per list: groups hold 2.6 (speaker) to 5.5 (topic) claims in ~300 bytes, so a window is ~15 read units (docs/key-design.md). */
export const RANK_WINDOW = 1_000;

/** One claim as its group shows it. `score` is -1 (UNSCORED) for a claim stored before scoring. */
export interface ScoredEntry {
  id: string;
  score: number;
  sortKey: string;
}

/** A claim index query with its filters; the order, page size and cursor come per call. */
export type ClaimIndexQuery = Omit<ShardedIndexQuery<ScoredEntry>, "limit" | "cursor">;

export interface ClaimIdPage {
  items: string[];
  cursor?: string;
  ranking?: Ranking;
}

export async function readClaimIndex(
  client: Pick<DynamoDBDocumentClient, "send">,
  q: ClaimIndexQuery,
  page: { sort?: ClaimSort; limit: number; cursor?: string; /** Entries ranked; RANK_WINDOW unless a test says otherwise. */ window?: number },
  meter?: CapacityMeter,
): Promise<ClaimIdPage> {
  if (page.sort === "checkworthiness") return rankedPage(client, q, page, meter);
  const out = await queryShardsNewestFirst(client, { ...q, limit: page.limit, ...(page.cursor !== undefined && { cursor: page.cursor }) }, meter);
  return { items: out.items.map((e) => e.id), ...(out.cursor !== undefined && { cursor: out.cursor }) };
}

/** Highest score first; equal scores newest first; then by id, so the order is total. */
export function compareRanked(a: ScoredEntry, b: ScoredEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface RankCursor {
  /** The pinned window: inclusive sort-key bounds. */
  lo: string;
  hi: string;
  complete: boolean;
  /** The last entry handed out. */
  after: ScoredEntry;
}

async function rankedPage(
  client: Pick<DynamoDBDocumentClient, "send">,
  q: ClaimIndexQuery,
  { limit, cursor, window: windowSize = RANK_WINDOW }: { limit: number; cursor?: string; window?: number },
  meter?: CapacityMeter,
): Promise<ClaimIdPage> {
  const scope = `${q.cursorScope}:ranked`;
  const at = cursor === undefined ? undefined : decodeRankCursor(cursor, scope);
  const range = at ? { lo: at.lo, hi: at.hi } : q.range;
  const window = await queryShardsNewestFirst(client, { ...q, range, cursorScope: scope, limit: windowSize }, meter);
  const complete = at ? at.complete : window.cursor === undefined;
  const entries = window.items;
  const ranked = [...entries].sort(compareRanked);
  const start = at ? ranked.findIndex((e) => compareRanked(e, at.after) > 0) : 0;
  const slice = start < 0 ? [] : ranked.slice(start, start + limit);
  const more = start >= 0 && start + limit < ranked.length;
  const pinned = at ?? {
    // Entries come newest first: the first is the window's top, the last its bottom.
    hi: entries[0]?.sortKey ?? q.range.hi,
    lo: complete ? q.range.lo : (entries[entries.length - 1]?.sortKey ?? q.range.lo),
    complete,
  };
  return {
    items: slice.map((e) => e.id),
    ranking: { ranked: entries.length, complete },
    ...(more && { cursor: encodeRankCursor(scope, { lo: pinned.lo, hi: pinned.hi, complete, after: slice[slice.length - 1]! }) }),
  };
}

const MAX_KEY_CHARS = 1_200;

function encodeRankCursor(scope: string, c: RankCursor): string {
  const body = { q: scope, w: [c.lo, c.hi, c.complete ? 1 : 0], a: [c.after.score, c.after.sortKey, c.after.id] };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function decodeRankCursor(cursor: string, scope: string): RankCursor {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a cursor");
  }
  const b = body as { q?: unknown; w?: unknown; a?: unknown };
  if (!b || typeof b !== "object" || b.q !== scope) throw new InvalidCursorError("issued for another query");
  const key = (x: unknown): x is string => typeof x === "string" && x.length > 0 && x.length <= MAX_KEY_CHARS;
  if (!Array.isArray(b.w) || b.w.length !== 3 || !Array.isArray(b.a) || b.a.length !== 3) throw new InvalidCursorError("wrong shape");
  const [lo, hi, complete] = b.w as unknown[];
  const [score, sortKey, id] = b.a as unknown[];
  if (!key(lo) || !key(hi) || (complete !== 0 && complete !== 1) || typeof score !== "number" || !(score >= -1 && score <= 1) || !key(sortKey) || !key(id)) {
    throw new InvalidCursorError("wrong shape");
  }
  return { lo, hi, complete: complete === 1, after: { score, sortKey, id } };
}
