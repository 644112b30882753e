/**
 * An in-memory cache of successful responses, per Lambda container or local server. Claims change only
 * when an article is ingested, while one list request costs several sharded queries and a batch read:
 * serving repeats from memory for a few seconds is what lets two cores answer a dashboard's traffic.
 *
 * lru-cache (about 19 KB minified, no dependencies) provides the parts that are easy to get wrong by
 * hand: one shared load for concurrent identical requests, a size bound by bytes with LRU eviction,
 * and serving the cached value while a single background refresh runs.
 */
import { LRUCache } from "lru-cache";
import { CACHE, type ApiResult } from "./http.ts";

export interface ResponseCacheOptions {
  /** How long a response is served from memory without asking the store. */
  ttlMs: number;
  /**
   * After ttlMs, how much longer the response may still be served at once while one background
   * refresh runs; older than ttlMs + staleMs it is never served. Defaults to ttlMs.
   */
  staleMs?: number;
  /** Upper bound on the bytes of cached bodies (plus a small per-entry overhead); least recently used go first. */
  maxBytes: number;
  /** A millisecond clock; tests pass their own. */
  now?: () => number;
}

/** What `x-cache` reports: served from memory, read from the store, or served stale while a refresh runs. */
export type CacheOutcome = "hit" | "miss" | "stale";

export interface ResponseCache {
  /**
   * The response for `key`, from memory or from `load`. Concurrent callers of the same key share one
   * load. Only a 200 is kept; anything else `load` returns or throws reaches every waiting caller and
   * is asked for again next time.
   */
  serve(key: string, load: Load): Promise<ApiResult>;
}

interface Entry {
  headers: Record<string, string>;
  body: string;
  storedAt: number;
}

type Load = () => Promise<ApiResult>;

/** Carries a non-200 result out of the shared load, so it reaches the callers without being cached. */
class UncachedResult extends Error {
  constructor(readonly result: ApiResult) {
    super("uncached result");
  }
}

/** Key, headers and bookkeeping per entry, so thousands of small bodies still respect maxBytes. */
const ENTRY_OVERHEAD_BYTES = 512;

export function createResponseCache(options: ResponseCacheOptions & { onRefreshError?: (error: unknown) => void }): ResponseCache {
  const { ttlMs, maxBytes } = options;
  const staleMs = options.staleMs ?? ttlMs;
  if (!(ttlMs > 0) || !(staleMs >= 0) || !(maxBytes > 0)) throw new Error("response cache: ttlMs and maxBytes must be positive, staleMs not negative");
  const now = options.now ?? (() => performance.now());
  const sharedMaxAge = Math.floor(ttlMs / 1000);

  const cache = new LRUCache<string, Entry, Load>({
    // lru-cache's own expiry is the hard limit; the stale window is the last staleMs of it.
    ttl: ttlMs + staleMs,
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => Buffer.byteLength(entry.body) + key.length + ENTRY_OVERHEAD_BYTES,
    // Every lookup reads the clock: lru-cache's coarser default arms a timer per lookup, which costs more.
    ttlResolution: 0,
    perf: { now },
    // An entry evicted while its load runs must still answer the callers waiting for it.
    ignoreFetchAbort: true,
    fetchMethod: async (_key, _stale, { context: load, options: fetchOptions }) => {
      let result: ApiResult;
      try {
        result = await load();
      } catch (e) {
        // A refresh in the stale window has no caller left to answer (they were served the old entry):
        // report it here; the entry is dropped, so the next request reads again.
        if (fetchOptions.allowStale) options.onRefreshError?.(e);
        throw e;
      }
      if (result.statusCode !== 200) throw new UncachedResult(result);
      return { headers: sharedCacheable(result.headers), body: result.body ?? "", storedAt: now() };
    },
  });

  /**
   * A shared cache (a CDN in front of the API) may keep a list as long as this cache does. A browser
   * still asks every time: its copy would add a TTL to the staleness and turn the dashboard's Refresh
   * into a no-op, while the request it saves costs a lookup here. Routes that allow more keep theirs.
   */
  function sharedCacheable(headers: Record<string, string>): Record<string, string> {
    if (headers["cache-control"] !== CACHE.live || sharedMaxAge === 0) return { ...headers };
    return { ...headers, "cache-control": `public, max-age=0, s-maxage=${sharedMaxAge}` };
  }

  return {
    async serve(key, load) {
      const remaining = cache.getRemainingTTL(key);
      const inStaleWindow = remaining > 0 && remaining <= staleMs;
      const status: LRUCache.Status<string, Entry, Load> = {};
      let entry: Entry | undefined;
      try {
        // In the stale window, a forced refresh with allowStale answers at once with the old entry
        // and starts one load; later callers find that load running and get the old entry too.
        entry = await cache.fetch(key, { context: load, status, forceRefresh: inStaleWindow, allowStale: inStaleWindow });
      } catch (e) {
        if (e instanceof UncachedResult) return { ...e.result, headers: { ...e.result.headers } };
        throw e;
      }
      if (entry === undefined) throw new Error("response cache: a load returned nothing");
      const outcome: CacheOutcome = status.fetch === "hit" ? "hit" : status.returnedStale || status.fetch === "refresh" ? "stale" : "miss";
      const age = Math.max(0, Math.floor((now() - entry.storedAt) / 1000));
      // A copy per caller: the handler adds the caller's CORS headers to it.
      return { statusCode: 200, headers: { ...entry.headers, "x-cache": outcome, age: String(age) }, body: entry.body };
    },
  };
}
