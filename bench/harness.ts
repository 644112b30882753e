/** tinybench with the settings every micro-benchmark here shares; returns the mean time of one call. */
import { Bench } from "tinybench";

export interface HarnessOptions {
  /** Minimum measuring time in ms (tinybench keeps going until both this and `iterations` are met). */
  time: number;
  iterations: number;
}

export async function meanMs(name: string, fn: () => unknown, opts: HarnessOptions): Promise<{ meanMs: number; samples: number }> {
  const bench = new Bench({ time: opts.time, iterations: opts.iterations, warmupIterations: 2, warmupTime: Math.min(200, opts.time / 4), throws: true });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== "completed") throw new Error(`benchmark ${name} ended ${result.state}`);
  return { meanMs: result.latency.mean, samples: result.latency.samplesCount };
}
