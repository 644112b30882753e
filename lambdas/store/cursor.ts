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

/** Where a shard stands: not started, finished, or resume after this sort key. */
export type ShardPosition = "start" | "done" | { after: string };

interface CursorBody {
  /** What the cursor belongs to, so a cursor of one query cannot steer another. */
  q: string;
  p: (0 | 1 | string)[];
}

export function encodeCursor(query: string, positions: ShardPosition[]): string {
  const body: CursorBody = { q: query, p: positions.map((p) => (p === "start" ? 0 : p === "done" ? 1 : p.after)) };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
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
  return b.p.map((p) => {
    if (p === 0) return "start";
    if (p === 1) return "done";
    if (typeof p === "string" && p.length > 0 && p.length <= 1200) return { after: p };
    throw new InvalidCursorError("wrong shape");
  });
}
