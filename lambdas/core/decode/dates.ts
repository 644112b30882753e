/** Timestamps below this are taken as seconds since the epoch, above as milliseconds. */
const EPOCH_MS_THRESHOLD = 1e11;

/**
 * A publication date from metadata as an ISO-8601 UTC string, or undefined when it is not a date.
 * Accepts ISO strings, RFC-2822 strings and epoch numbers (seconds or milliseconds).
 */
export function normalizeDate(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) {
    ms = value < EPOCH_MS_THRESHOLD ? value * 1000 : value;
  } else if (typeof value === "string" && value.trim() !== "" && value.length <= 100) {
    ms = Date.parse(value.trim());
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
