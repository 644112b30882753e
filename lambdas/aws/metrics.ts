/**
 * CloudWatch metrics in the embedded metric format (EMF): a JSON document written as one line to
 * standard output, from which CloudWatch Logs extracts the metrics. No API call, no permission beyond
 * writing logs, nothing on the request path. Written with process.stdout.write, not console.log: with
 * Lambda's JSON log format the runtime wraps console output, and a wrapped document is no longer EMF.
 *
 * A few dozen lines instead of @aws-lambda-powertools/metrics: the functions need counts and
 * millisecond distributions under one or two dimensions, and the cold start pays for every KB a
 * bundle carries (the Powertools package brings its commons and a console of its own).
 *
 *   const metrics = createMetrics({ namespace: "ClaimTracker", service: "ingest" });
 *   metrics.count("ArticlesProcessed");
 *   metrics.count("ArticlesFailed", 1, { Reason: "binary" });
 *   metrics.value("ExtractionMs", 12.5);
 *   metrics.flush();   // one line per dimension set, then empty again
 */
export type MetricUnit = "Count" | "Milliseconds";

export interface Metrics {
  /** Adds to a counter; `dimensions` (besides Service) split it, e.g. by failure reason. */
  count(name: string, n?: number, dimensions?: Readonly<Record<string, string>>): void;
  /** Records one observation of a distribution (percentiles come from all observations). */
  value(name: string, value: number, unit?: MetricUnit): void;
  /** Writes what was recorded since the last flush, and forgets it. */
  flush(): void;
}

export interface MetricsOptions {
  namespace: string;
  /** The `Service` dimension every metric carries. */
  service: string;
  /** Where each document goes, one line each; default: standard output. */
  write?: (line: string) => void;
  now?: () => number;
}

/** EMF takes at most 100 values per metric in one document. */
const MAX_VALUES = 100;

interface Series {
  unit: MetricUnit;
  values: number[];
}

export function createMetrics(opts: MetricsOptions): Metrics {
  const write = opts.write ?? ((line: string) => void process.stdout.write(line));
  const now = opts.now ?? Date.now;
  /** Dimension set (as JSON of its extra dimensions) -> metric -> series. */
  let pending = new Map<string, Map<string, Series>>();

  const series = (dimensions: Readonly<Record<string, string>>, name: string, unit: MetricUnit): Series => {
    const key = JSON.stringify(Object.entries(dimensions).sort());
    const metrics = pending.get(key) ?? new Map<string, Series>();
    pending.set(key, metrics);
    const s = metrics.get(name) ?? { unit, values: [] };
    metrics.set(name, s);
    return s;
  };

  return {
    count(name, n = 1, dimensions = {}) {
      const s = series(dimensions, name, "Count");
      // A counter is one value, summed.
      s.values[0] = (s.values[0] ?? 0) + n;
    },
    value(name, value, unit = "Milliseconds") {
      if (Number.isFinite(value)) series({}, name, unit).values.push(value);
    },
    flush() {
      const batches = pending;
      pending = new Map();
      for (const [key, metrics] of batches) {
        const extra = Object.fromEntries(JSON.parse(key) as [string, string][]);
        const dimensions = ["Service", ...Object.keys(extra)];
        const entries = [...metrics];
        // Long distributions go out in several documents of at most MAX_VALUES values each.
        for (let offset = 0; entries.some(([, s]) => s.values.length > offset); offset += MAX_VALUES) {
          const slice = entries.filter(([, s]) => s.values.length > offset);
          const document = {
            _aws: {
              Timestamp: now(),
              CloudWatchMetrics: [{ Namespace: opts.namespace, Dimensions: [dimensions], Metrics: slice.map(([name, s]) => ({ Name: name, Unit: s.unit })) }],
            },
            Service: opts.service,
            ...extra,
            ...Object.fromEntries(slice.map(([name, s]) => {
              const values = s.values.slice(offset, offset + MAX_VALUES);
              return [name, values.length === 1 ? values[0] : values];
            })),
          };
          write(`${JSON.stringify(document)}\n`);
        }
      }
    },
  };
}

/** The namespace of every claim-tracker metric (lib/ builds its alarms and dashboard on it). */
export const METRICS_NAMESPACE = "ClaimTracker";
