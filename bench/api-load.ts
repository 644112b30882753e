/**
 * Read API under load: autocannon at a fixed number of connections against the local stack's HTTP
 * server (the real API handler over DynamoDB Local), cycling through the routes the dashboard calls
 * with ids taken from the data the ingest benchmark stored.
 */
import type { IncomingHttpHeaders } from "node:http";
import autocannon from "autocannon";

export interface ApiLoadResult {
  connections: number;
  seconds: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  rps: number;
  non2xx: number;
  errors: number;
  /** Responses by the API's x-cache header (hit, miss, stale); "none" when it sent none (cache off, errors). */
  cache: Record<string, number>;
  routes: string[];
}

/** Runs for `seconds`, or until `amount` requests have completed when given (short runs on a slow machine still measure something). */
export async function measureApiLoad(apiUrl: string, opts: { connections: number; seconds: number; amount?: number; warmupSeconds: number }): Promise<ApiLoadResult> {
  const paths = await samplePaths(apiUrl);
  const url = new URL(apiUrl);
  let cache: Record<string, number> = {};
  const countCacheOutcome = (_status: number, _body: string, _context: object, headers: IncomingHttpHeaders | undefined) => {
    const outcome = String(Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "x-cache")?.[1] ?? "none");
    cache[outcome] = (cache[outcome] ?? 0) + 1;
  };
  const load = (duration: number, amount?: number) =>
    autocannon({
      url: url.origin,
      connections: opts.connections,
      ...(amount ? { amount } : { duration }),
      requests: paths.map((path) => ({ method: "GET" as const, path: `${url.pathname}${path}`, onResponse: countCacheOutcome })),
    });
  // DynamoDB Local is a JVM: its first requests run before the JIT has compiled anything.
  if (opts.warmupSeconds > 0) await load(opts.warmupSeconds);
  cache = {};
  const result = await load(opts.seconds, opts.amount);
  if (result.requests.total === 0) throw new Error(`no request completed within ${opts.seconds} s at ${opts.connections} connections`);
  return {
    connections: opts.connections,
    seconds: result.duration,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cache,
    routes: [...new Set(paths.map((p) => p.replace(/\/[^/?]+(?=\/claims|\/related|$)/, "/{id}").replace(/\?.*/, "")))],
  };
}

/** Speaker lists, a speaker's claims, topic lists and claims, single claims: each route with real ids. */
async function samplePaths(apiUrl: string): Promise<string[]> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${apiUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const speakers = (await get<{ items: { speakerId: string }[] }>("/speakers?limit=10")).items;
  const topics = (await get<{ items: { topic: string; claimCount: number }[] }>("/topics")).items.filter((t) => t.claimCount > 0);
  if (speakers.length === 0 || topics.length === 0) throw new Error("the API returned no speakers or topics: ingest stored nothing to read");
  const claims = (await get<{ items: { id: string }[] }>(`/speakers/${encodeURIComponent(speakers[0]!.speakerId)}/claims?limit=5`)).items;
  return [
    "/speakers?limit=20",
    "/topics",
    ...speakers.slice(0, 5).flatMap((s) => [`/speakers/${encodeURIComponent(s.speakerId)}`, `/speakers/${encodeURIComponent(s.speakerId)}/claims?limit=20`]),
    ...topics.slice(0, 3).map((t) => `/topics/${encodeURIComponent(t.topic)}/claims?limit=20`),
    ...claims.map((c) => `/claims/${encodeURIComponent(c.id)}`),
    // A claim's group (a group of one for a claim said once): the group view's read.
    ...claims.slice(0, 2).map((c) => `/claims/${encodeURIComponent(c.id)}/related`),
  ];
}
