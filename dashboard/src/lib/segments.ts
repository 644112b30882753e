/**
 * Splitting text into plain and highlighted runs. The dashboard renders each run as a text node, so
 * article and claim text can never be interpreted as markup.
 */
export interface Span<T> {
  start: number;
  end: number;
  value: T;
}

export interface Segment<T> {
  text: string;
  /** The span this run belongs to; undefined for plain text. */
  value?: T;
}

/**
 * Cuts `text` at the spans' offsets. Spans out of range are clipped; where spans overlap, the one that
 * starts first keeps the overlapping characters (the text itself is never duplicated or lost).
 */
export function segmentText<T>(text: string, spans: readonly Span<T>[]): Segment<T>[] {
  const ordered = spans
    .map((s) => ({ ...s, start: clamp(s.start, 0, text.length), end: clamp(s.end, 0, text.length) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment<T>[] = [];
  let cursor = 0;
  for (const span of ordered) {
    const start = Math.max(span.start, cursor);
    if (span.end <= start) continue;
    if (start > cursor) out.push({ text: text.slice(cursor, start) });
    out.push({ text: text.slice(start, span.end), value: span.value });
    cursor = span.end;
  }
  if (cursor < text.length) out.push({ text: text.slice(cursor) });
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;
}

/**
 * Where the claim sits in its context sentence. Trusts the stored offsets when they point at the
 * content, otherwise looks the content up, and gives up (undefined) rather than highlight the wrong words.
 */
export function locateInContext(
  context: string,
  content: string,
  start: number | undefined,
  end: number | undefined,
): { start: number; end: number } | undefined {
  if (
    start !== undefined &&
    end !== undefined &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end <= context.length &&
    start < end &&
    context.slice(start, end) === content
  ) {
    return { start, end };
  }
  if (!content) return undefined;
  const found = context.indexOf(content);
  return found >= 0 ? { start: found, end: found + content.length } : undefined;
}
