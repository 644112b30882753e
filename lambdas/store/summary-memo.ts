/**
 * Speaker summaries remembered for a few seconds by a reader (an API container, the local API).
 * Name searches with different words read overlapping windows of the search index, so most of a
 * search's BatchGetItem asks again for summaries an earlier search just read; the response cache
 * cannot help there, its key being the whole query. Summaries change when the aggregator folds a
 * batch, and the API already answers from memory for as long (CLAIMS_API_CACHE_SECONDS), so a
 * search is never staler than a cached listing.
 */
import { LRUCache } from "lru-cache";

type SummaryItem = Record<string, unknown>;

export interface SummaryMemo {
  /** The summary read for `speakerId` within the time to live: an item, null when there was none, undefined when not remembered. */
  get(speakerId: string): SummaryItem | null | undefined;
  set(speakerId: string, item: SummaryItem | null): void;
}

/** Summaries are under 1 KB; 20,000 of them bound the memo near 20 MB. */
const MAX_SUMMARIES = 20_000;

export function createSummaryMemo(ttlMs: number, max = MAX_SUMMARIES): SummaryMemo {
  if (!(ttlMs > 0)) throw new Error("summary memo: ttlMs must be positive");
  const cache = new LRUCache<string, { item: SummaryItem | null }>({ max, ttl: ttlMs, ttlAutopurge: false });
  return {
    get: (speakerId) => cache.get(speakerId)?.item,
    set: (speakerId, item) => void cache.set(speakerId, { item }),
  };
}
