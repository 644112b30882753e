/** Bucketing claim dates for the "claims over time" chart. All calendar maths in UTC. */
export type Granularity = "day" | "week" | "month" | "year";

export interface Timeline {
  granularity: Granularity;
  /** Bucket start times, in seconds since the epoch (what uPlot's time axis expects). */
  starts: number[];
  counts: number[];
}

const DAY_MS = 86_400_000;

/** Picks a bucket size that gives a readable number of bars for the span of the data. */
export function chooseGranularity(minMs: number, maxMs: number): Granularity {
  const days = (maxMs - minMs) / DAY_MS;
  if (days <= 45) return "day";
  if (days <= 366) return "week";
  if (days <= 366 * 8) return "month";
  return "year";
}

export function bucketStart(ms: number, granularity: Granularity): number {
  const d = new Date(ms);
  switch (granularity) {
    case "day":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case "week": {
      const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return dayStart - sinceMonday * DAY_MS;
    }
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case "year":
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function nextBucket(startMs: number, granularity: Granularity): number {
  const d = new Date(startMs);
  switch (granularity) {
    case "day":
      return startMs + DAY_MS;
    case "week":
      return startMs + 7 * DAY_MS;
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case "year":
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

/** Counts per bucket, with empty buckets kept so gaps in time show as gaps. Unparseable dates are skipped. */
export function buildTimeline(isoDates: readonly string[]): Timeline | undefined {
  const times = isoDates.map((s) => Date.parse(s)).filter((t) => Number.isFinite(t));
  if (times.length === 0) return undefined;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const granularity = chooseGranularity(min, max);
  const counts = new Map<number, number>();
  for (const t of times) {
    const b = bucketStart(t, granularity);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const starts: number[] = [];
  const values: number[] = [];
  const last = bucketStart(max, granularity);
  for (let b = bucketStart(min, granularity); b <= last; b = nextBucket(b, granularity)) {
    starts.push(b / 1000);
    values.push(counts.get(b) ?? 0);
  }
  return { granularity, starts, counts: values };
}
