/**
 * The change feed's write side (docs/key-design.md, "Change feed"). The stream aggregator records,
 * for each batch of the table's stream, what the batch says changed, in one or a few entries in time
 * order in one of SHARDS.feed partitions (keys.ts, feedKey):
 *   - the articles whose META was written (a version's intent, commit, failure or deletion): the reader
 *     expands each into the claims its META lists when it hands the entry out;
 *   - the claims whose item was modified or removed (a replaced or dropped claim, a claim whose
 *     speaker an operator merged, a claim joining a repeated statement): the reader looks each up.
 * A new claim needs no entry of its own: it is listed by its article's META once the version commits,
 * and that commit is in the stream after the claim. An entry says only "these may have changed"; the
 * reader reports what it finds then, so an entry cannot be out of date, only early. Article keys cost
 * fewer bytes than the claim ids they stand for, so most entries are a few hundred bytes per batch.
 *
 * Why no entry can be skipped by a reader that has moved past its time: an entry is written after
 * the changes it names are visible (the stream delivers a record after its write), and the reader
 * hands out only entries older than FEED_SETTLE_MS. The entry's time is taken just before the put; a
 * put that took longer than FEED_WRITE_BOUND_MS (a slow or retried request) is written again under a
 * new time, so some entry naming the changes was visible at most FEED_WRITE_BOUND_MS after its time.
 * FEED_SETTLE_MS leaves FEED_SETTLE_MS - FEED_WRITE_BOUND_MS for the clocks of writer and reader.
 */
import { randomBytes } from "node:crypto";
import { PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity.ts";
import { articleKeyOfMeta, claimIdOfKey, feedKey, type TableKey } from "./keys.ts";
import { TTL_ATTRIBUTE } from "./schema.ts";

/** How long entries are kept (their TTL); a position older than this is answered 410. */
export const FEED_RETENTION_DAYS = 14;
export const FEED_RETENTION_MS = FEED_RETENTION_DAYS * 86_400_000;
/** Entries younger than this are not handed out yet: one being written may still carry an earlier time. */
export const FEED_SETTLE_MS = 5_000;
/** A put that took longer than this is written again under a fresh time (see above). */
export const FEED_WRITE_BOUND_MS = 2_000;
/** Attempts at a timely put before the write fails (and the stream delivers the batch again). */
const MAX_ENTRY_ATTEMPTS = 4;
/** An entry's article keys and claim ids together stay under this many characters (items may reach 400 KB). */
const MAX_ENTRY_CHARS = 64_000;

/** Attributes of a feed entry: the article keys it names, then the claim ids. */
export const FEED_ARTICLES_ATTRIBUTE = "a";
export const FEED_IDS_ATTRIBUTE = "ids";

/** What one stream batch changed, as the feed records it. */
export interface FeedChanges {
  articles: string[];
  claimIds: string[];
}

/** A stream record's event and keys, as Lambda and the Streams API give them. */
interface KeyedRecord {
  eventName?: string;
  keys: TableKey;
}

/** True for a record the feed needs: any write of an article's META, a claim item modified or removed. */
export function isFeedRecord(r: KeyedRecord): boolean {
  if (articleKeyOfMeta(r.keys) !== undefined) return true;
  return claimIdOfKey(r.keys.PK) !== undefined && (r.eventName === "MODIFY" || r.eventName === "REMOVE");
}

/** The articles and claims a batch's records name, each once, in stream order. */
export function feedChangesOf(records: readonly KeyedRecord[]): FeedChanges {
  const articles = new Set<string>();
  const claimIds = new Set<string>();
  for (const r of records) {
    if (!isFeedRecord(r)) continue;
    const article = articleKeyOfMeta(r.keys);
    if (article !== undefined) articles.add(article);
    else claimIds.add(claimIdOfKey(r.keys.PK)!);
  }
  return { articles: [...articles], claimIds: [...claimIds] };
}

/** Splits a batch's changes into entries of at most MAX_ENTRY_CHARS. */
export function feedEntries(changes: FeedChanges): FeedChanges[] {
  const entries: FeedChanges[] = [];
  let current: FeedChanges = { articles: [], claimIds: [] };
  let chars = 0;
  const add = (kind: keyof FeedChanges, value: string) => {
    if (chars + value.length > MAX_ENTRY_CHARS && chars > 0) {
      entries.push(current);
      current = { articles: [], claimIds: [] };
      chars = 0;
    }
    current[kind].push(value);
    chars += value.length;
  };
  for (const a of changes.articles) add("articles", a);
  for (const id of changes.claimIds) add("claimIds", id);
  if (chars > 0) entries.push(current);
  return entries;
}

export interface FeedWriterContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  meter: CapacityMeter;
  /** Epoch milliseconds (the entries' times). */
  clock?: () => number;
}

/** Records a batch's changes under its lane (stream shard); nothing when the batch changed nothing the feed reports. */
export type FeedWriter = (lane: string, changes: FeedChanges) => Promise<void>;

export function createFeedWriter(ctx: FeedWriterContext): FeedWriter {
  const clock = ctx.clock ?? Date.now;

  async function putEntry(lane: string, entry: FeedChanges): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const at = clock();
      const out = await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...feedKey(lane, at, randomBytes(4).toString("base64url")),
            ...(entry.articles.length > 0 && { [FEED_ARTICLES_ATTRIBUTE]: entry.articles }),
            ...(entry.claimIds.length > 0 && { [FEED_IDS_ATTRIBUTE]: entry.claimIds }),
            [TTL_ATTRIBUTE]: Math.ceil((at + FEED_RETENTION_MS) / 1000),
          },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      ctx.meter.record(out.ConsumedCapacity);
      if (clock() - at <= FEED_WRITE_BOUND_MS) return;
      if (attempt >= MAX_ENTRY_ATTEMPTS) throw new Error(`feed entry of lane ${lane}: ${attempt} puts each took longer than ${FEED_WRITE_BOUND_MS} ms`);
    }
  }

  return async (lane, changes) => {
    for (const entry of feedEntries(changes)) await putEntry(lane, entry);
  };
}
