/**
 * Store cursors: base64url JSON, opaque to callers. The API signs them; the store still validates the
 * shape of what it gets back and rejects anything it did not issue with InvalidCursorError.
 */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
  constructor(why: string) {
    super(`invalid cursor: ${why}`);
  }
}

/**
 * Where a shard stands: not started, finished, or resume AT the item with sort key `at` (inclusive),
 * skipping its first `skip` entries. An item may hold several entries (a topic group lists several
 * claims), so a page can end in the middle of one.
 */
export type ShardPosition = "start" | "done" | { at: string; skip: number };

interface CursorBody {
  /** What the cursor belongs to, so a cursor of one query cannot steer another. */
  q: string;
  p: (0 | 1 | [string, number])[];
}

const MAX_SORT_KEY_CHARS = 1_200;

export function encodeCursor(query: string, positions: ShardPosition[]): string {
  const body: CursorBody = { q: query, p: positions.map((p) => (p === "start" ? 0 : p === "done" ? 1 : [p.at, p.skip])) };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** The query a cursor was issued for (a query that runs in phases picks its phase by it). */
export function cursorQuery(cursor: string): string {
  try {
    const q = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { q?: unknown })?.q;
    if (typeof q === "string") return q;
  } catch {
    // falls through
  }
  throw new InvalidCursorError("not a cursor");
}

export function decodeCursor(cursor: string, query: string, shards: number): ShardPosition[] {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a cursor");
  }
  const b = body as Partial<CursorBody>;
  if (!b || typeof b !== "object" || b.q !== query) throw new InvalidCursorError("issued for another query");
  if (!Array.isArray(b.p) || b.p.length !== shards) throw new InvalidCursorError("wrong shape");
  return b.p.map((p): ShardPosition => {
    if (p === 0) return "start";
    if (p === 1) return "done";
    if (Array.isArray(p) && p.length === 2) {
      const [at, skip] = p as unknown[];
      if (typeof at === "string" && at.length > 0 && at.length <= MAX_SORT_KEY_CHARS && Number.isSafeInteger(skip) && (skip as number) >= 1) {
        return { at, skip: skip as number };
      }
    }
    throw new InvalidCursorError("wrong shape");
  });
}
