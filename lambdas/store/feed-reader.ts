/**
 * The change feed's read side: every claim added, changed or removed since a position, in the order
 * the changes were recorded (feed.ts). One page reads every feed shard from the position (one
 * consistent Query each, ascending) and merges them by sort key. Each entry expands into claim ids:
 * those of the articles it names, as their META lists them now (consistent reads), then the claim
 * ids it names itself. The claims are looked up with one consistent BatchGetItem: a claim that exists
 * is an upsert with its current content, one that does not is a deletion.
 *
 * Only entries older than FEED_SETTLE_MS are handed out, so a position never passes an entry that is
 * still being written with an earlier time. When a page reaches that horizon, the position moves up
 * to it, so a reader that is up to date keeps a young position even when nothing changes.
 *
 * A position inside an entry counts the ids of its expansion already handed out. Should an article
 * the entry names change between two pages, its expansion may shift under that count; the change
 * itself is recorded by a later entry, which hands the article out again, so nothing is lost.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { BackoffOptions } from "./backoff.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import type { CapacityMeter } from "./capacity.ts";
import { fromClaimItem } from "./claim-item.ts";
import { InvalidCursorError } from "./cursor.ts";
import { FEED_ARTICLES_ATTRIBUTE, FEED_IDS_ATTRIBUTE, FEED_RETENTION_MS, FEED_SETTLE_MS } from "./feed.ts";
import { allShards, articleKey, claimKey, feedPartition, feedTime, FEED_TIME_DIGITS } from "./keys.ts";
import { SHARDS } from "./schema.ts";
import type { FeedChange, FeedPage, FeedQuery } from "./types.ts";

/**
 * Where a reader stands: every entry sorting before `at` is consumed, and the first `skip` claim ids
 * of the entry at `at`, if there is one (an entry may be split over pages). `at` may also be a bare
 * time (a start or a horizon), which no entry equals.
 */
export interface FeedPosition {
  at: string;
  skip: number;
}

/** The position is older than the feed's retention: its entries may be gone. */
export class FeedPositionExpiredError extends Error {
  override readonly name = "FeedPositionExpiredError";
  constructor(readonly positionTime: string) {
    super(`the position (${positionTime}) is older than the feed's retention of ${FEED_RETENTION_MS / 86_400_000} days`);
  }
}

const POSITION_VERSION = 1;
const MAX_POSITION_CHARS = 200;

export function encodeFeedPosition(p: FeedPosition): string {
  return Buffer.from(JSON.stringify({ v: POSITION_VERSION, a: p.at, k: p.skip }), "utf8").toString("base64url");
}

export function decodeFeedPosition(cursor: string): FeedPosition {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a feed position");
  }
  const b = body as { v?: unknown; a?: unknown; k?: unknown } | null;
  if (!b || b.v !== POSITION_VERSION || typeof b.a !== "string" || b.a.length > MAX_POSITION_CHARS || !Number.isSafeInteger(b.k) || (b.k as number) < 0) {
    throw new InvalidCursorError("not a feed position");
  }
  if (!new RegExp(`^\\d{${FEED_TIME_DIGITS}}`).test(b.a)) throw new InvalidCursorError("not a feed position");
  return { at: b.a, skip: b.k as number };
}

/** Epoch milliseconds of a position or sort key. */
export const positionTime = (at: string) => Number(at.slice(0, FEED_TIME_DIGITS));

export interface FeedReaderContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
  clock?: () => number;
}

interface Entry {
  sk: string;
  articles: string[];
  ids: string[];
}

const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
/** Entries each shard's Query reads for a page (one more than a page of single-claim entries would be too many reads). */
const ENTRIES_PER_SHARD_READ = 10;
/** Articles whose META is read at once while a page is filled. */
const ARTICLES_PER_READ = 100;

export function createFeedReader(ctx: FeedReaderContext) {
  const clock = ctx.clock ?? Date.now;

  /** One shard's entries from `from` (inclusive) up to `hi`, ascending; `truncated` when more follow. */
  async function readShard(partition: string, from: string, hi: string, limit: number): Promise<{ entries: Entry[]; truncated: boolean }> {
    const out = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
        ExpressionAttributeNames: { "#pk": "PK", "#sk": "SK" },
        ExpressionAttributeValues: { ":pk": partition, ":lo": from, ":hi": hi },
        ConsistentRead: true,
        Limit: limit,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    ctx.meter.record(out.ConsumedCapacity, "read");
    const entries = (out.Items ?? []).map((item): Entry => ({ sk: String(item.SK), articles: strings(item[FEED_ARTICLES_ATTRIBUTE]), ids: strings(item[FEED_IDS_ATTRIBUTE]) }));
    return { entries, truncated: out.LastEvaluatedKey !== undefined };
  }

  return async function readFeed(query: FeedQuery): Promise<FeedPage> {
    const now = clock();
    const oldest = now - FEED_RETENTION_MS;
    const start: FeedPosition = query.cursor !== undefined ? decodeFeedPosition(query.cursor) : { at: feedTime(query.fromTime ?? oldest), skip: 0 };
    if (positionTime(start.at) < oldest) throw new FeedPositionExpiredError(new Date(positionTime(start.at)).toISOString());
    // Everything up to the millisecond before the horizon; "~" sorts after every entry of that millisecond.
    const horizon: FeedPosition = { at: `${feedTime(now - FEED_SETTLE_MS - 1)}~`, skip: 0 };
    if (start.at >= horizon.at) return { items: [], cursor: encodeFeedPosition(start), caughtUp: true };

    // An entry stands for a whole stream batch (often a page's worth of claims): a few per shard fill
    // a page, and reading more would only be read again by the next page.
    const shards = await Promise.all(allShards(SHARDS.feed).map((s) => readShard(feedPartition(s), start.at, horizon.at, Math.min(query.limit + 1, ENTRIES_PER_SHARD_READ))));
    // Past the last entry a truncated shard returned, that shard may hold entries not read yet.
    const cutoff = shards.filter((s) => s.truncated).map((s) => s.entries.at(-1)!.sk).sort()[0];
    const entries = shards.flatMap((s) => s.entries).filter((e) => cutoff === undefined || e.sk <= cutoff).sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));

    const picked: { id: string; sk: string }[] = [];
    let position: FeedPosition | undefined;
    let filled = false;
    for (const e of entries) {
      const ids = await expand(e);
      const first = e.sk === start.at ? start.skip : 0;
      const take = ids.slice(first, first + query.limit - picked.length);
      picked.push(...take.map((id) => ({ id, sk: e.sk })));
      position = { at: e.sk, skip: first + take.length };
      if (picked.length >= query.limit) {
        filled = true;
        break;
      }
    }
    const caughtUp = !filled && cutoff === undefined;
    const next = caughtUp ? horizon : (position ?? start);
    return { items: await resolve(picked), cursor: encodeFeedPosition(next), caughtUp };
  };

  /** The claim ids an entry stands for: its articles' as their META lists them now, then its own. */
  async function expand(entry: Entry): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < entry.articles.length; i += ARTICLES_PER_READ) {
      const keys = entry.articles.slice(i, i + ARTICLES_PER_READ).map(articleKey);
      const metas = await batchGetAll(ctx.client, ctx.tableName, keys, { consistent: true, backoff: ctx.backoff, meter: ctx.meter, attributes: ["claimIds"] });
      for (const key of keys) ids.push(...strings(metas.get(keyString(key))?.claimIds));
    }
    return [...ids, ...entry.ids];
  }

  /** Each id's current state, in the order of its last mention on the page (earlier ones say the same). */
  async function resolve(picked: readonly { id: string; sk: string }[]): Promise<FeedChange[]> {
    const last = new Map<string, string>();
    for (const p of picked) {
      last.delete(p.id);
      last.set(p.id, p.sk);
    }
    const items = await batchGetAll(ctx.client, ctx.tableName, [...last.keys()].map(claimKey), { consistent: true, backoff: ctx.backoff, meter: ctx.meter });
    return [...last].map(([claimId, sk]): FeedChange => {
      const item = items.get(keyString(claimKey(claimId)));
      const changedAt = new Date(positionTime(sk)).toISOString();
      return item ? { op: "upsert", claimId, changedAt, claim: fromClaimItem(item) } : { op: "delete", claimId, changedAt };
    });
  }
}
