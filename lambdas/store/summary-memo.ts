/**
 * What a reader (an API container, the local API) remembers for a few seconds to answer name searches
 * without asking the table again. The response cache cannot help searches: its key is the whole query,
 * and every search asks something new. But searches with different words read the same partitions of
 * the search index and overlapping sets of summaries. Both change only when the aggregator folds a
 * batch, and the API already answers from memory for as long (CLAIMS_API_CACHE_SECONDS), so a search
 * is never staler than a cached listing.
 *
 *   - summaries: speaker summaries by id (null: none stored);
 *   - partitions: the entries of a search-index partition read whole (speaker-search.ts), or the note
 *     that it was too large to read whole. A search never waits for such a read: one that finds the
 *     partition unknown starts its read (one at a time per partition) and reads its own window meanwhile,
 *     and past the time to live a search is answered from the partition as last read while it is read
 *     again. Waiting made the first searches of a cold reader, and every search of the moment all
 *     partitions expired, wait for a read of every partition they touched.
 */
import { LRUCache } from "lru-cache";

type SummaryItem = Record<string, unknown>;

export interface SummaryMemo {
  /** The summary read for `speakerId` within the time to live: an item, null when there was none, undefined when not remembered. */
  get(speakerId: string): SummaryItem | null | undefined;
  set(speakerId: string, item: SummaryItem | null): void;
}

/** One search-index entry: its sort key and the speaker it files. */
export interface SearchEntry {
  sk: string;
  speakerId: string;
}

/** A partition's entries in the table's sort-key order, or "large": more than a reader reads whole. */
export type PartitionContents = readonly SearchEntry[] | "large";

export interface PartitionMemo {
  /**
   * The partition as remembered (past its time to live too), or undefined; when it is unknown or past
   * its time, starts `read` in the background (one at a time per partition) to remember what it returns.
   */
  peek(partition: string, read: () => Promise<PartitionContents>): PartitionContents | undefined;
}

/** Summaries are under 1 KB; 20,000 of them bound the memo near 20 MB. */
const MAX_SUMMARIES = 20_000;
/** A partition read whole holds at most SEARCH_PARTITION_READ entries of ~60 bytes: 500 partitions stay under ~30 MB. */
const MAX_PARTITIONS = 500;
/** Index entries are never removed, so a partition found too large to read whole stays so: no need to read it again soon. */
const LARGE_PARTITION_MS = 3_600_000;

function ttlMemo<T>(ttlMs: number, max: number) {
  if (!(ttlMs > 0)) throw new Error("memo: ttlMs must be positive");
  const cache = new LRUCache<string, { value: T }>({ max, ttl: ttlMs, ttlAutopurge: false });
  return { get: (key: string) => cache.get(key)?.value, set: (key: string, value: T) => void cache.set(key, { value }) };
}

export function createSummaryMemo(ttlMs: number, max = MAX_SUMMARIES): SummaryMemo {
  return ttlMemo<SummaryItem | null>(ttlMs, max);
}

export function createPartitionMemo(ttlMs: number, max = MAX_PARTITIONS): PartitionMemo {
  if (!(ttlMs > 0)) throw new Error("memo: ttlMs must be positive");
  const cache = new LRUCache<string, { contents: PartitionContents }, () => Promise<PartitionContents>>({
    max,
    ttl: ttlMs,
    // Stale contents are served while the read that replaces them runs (a failed read drops them).
    allowStale: true,
    noDeleteOnStaleGet: true,
    fetchMethod: async (_partition, _stale, { context, options }) => {
      const contents = await context();
      if (contents === "large") options.ttl = LARGE_PARTITION_MS;
      return { contents };
    },
  });
  return {
    peek(partition, read) {
      const remembered = cache.get(partition);
      // has() is false for an unknown partition and for one past its time; fetch() runs one read at a time.
      // Each read is kept for one to two times the time to live: partitions first read together (a
      // reader's first searches) would otherwise all be read again in the same moment.
      if (!cache.has(partition)) void cache.fetch(partition, { context: read, ttl: ttlMs * (1 + Math.random()) }).catch(() => undefined);
      return remembered?.contents;
    },
  };
}
