/**
 * The aggregator's DynamoDB side: turns stream records of the claims table into change records,
 * records what the batch changed in the change feed (feed.ts), folds the batch's group changes
 * (aggregate.ts), adds new names to the speaker search index, and writes each changed speaker summary
 * and topic counter once:
 * read (one consistent BatchGetItem), compute, put conditional on the revision read. A put that loses
 * to a concurrent batch of another lane (another stream shard changing the same speaker) reads that
 * item again and recomputes; the watermarks make every retry, ours or the stream's, count once.
 *
 *   const aggregator = createAggregator({ client, tableName });
 *   await aggregator.apply(laneOf(shardId), changeRecordsOf(streamRecords), feedChangesOfStream(streamRecords));
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { contributionOf } from "./article-groups.ts";
import { batchKeys, foldRecords, nextItem, type ChangeRecord, type Item } from "./aggregate.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from "./backoff.ts";
import { CapacityMeter } from "./capacity.ts";
import { forEachLimited } from "./concurrency.ts";
import { groupOwner, speakerKey, type TableKey } from "./keys.ts";
import { mergeSpeakerChanges, searchNamesOf } from "./speaker-summary.ts";
import { writeSpeakerSearchIndex } from "./speaker-search.ts";
import { createFeedWriter, feedChangesOf, isFeedRecord, type FeedChanges } from "./feed.ts";

/** Items written at once; a batch of a busy lane touches a few thousand. */
const WRITE_CONCURRENCY = 16;
/** Puts of one item that other lanes keep overtaking before the batch fails (and the stream retries it). */
const MAX_CONFLICTS = 10;

export interface AggregatorOptions {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff?: BackoffOptions;
  meter?: CapacityMeter;
  /** Seconds since the epoch (watermark ages). */
  nowSeconds?: () => number;
  /** Epoch milliseconds (the change feed's entry times; default Date.now). */
  clock?: () => number;
}

export interface AggregateOutcome {
  records: number;
  /** Items written (speaker summaries and topic counters). */
  written: number;
  /** Items the batch had already been folded into (a redelivery). */
  absorbed: number;
  /** Puts that lost to another lane and were recomputed. */
  conflicts: number;
}

export function createAggregator(opts: AggregatorOptions) {
  const { client, tableName } = opts;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const meter = opts.meter ?? new CapacityMeter();
  const nowSeconds = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const recordFeed = createFeedWriter({ client, tableName, meter, ...(opts.clock && { clock: opts.clock }) });

  async function readOne(key: TableKey): Promise<Item | undefined> {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }));
    meter.record(out.ConsumedCapacity, "read");
    return out.Item as Item | undefined;
  }

  /** Puts `item` if the stored one still has the revision `before` had; false when it moved on. */
  async function putIfUnchanged(item: Item, before: Item | undefined): Promise<boolean> {
    try {
      const out = await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: before === undefined ? "attribute_not_exists(PK)" : "#rev = :rev",
          ...(before !== undefined && { ExpressionAttributeNames: { "#rev": "rev" }, ExpressionAttributeValues: { ":rev": before.rev ?? 0 } }),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      meter.record(out.ConsumedCapacity);
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /**
   * Records the batch's changes in the feed, then folds one lane's group records (in stream order) into
   * the summaries and counters they change. The feed entry goes first: a failure after it makes the
   * stream deliver the batch again, and a second entry naming the same changes is harmless.
   */
  async function apply(lane: string, records: readonly ChangeRecord[], feed: FeedChanges = { articles: [], claimIds: [] }): Promise<AggregateOutcome> {
    const outcome: AggregateOutcome = { records: records.length, written: 0, absorbed: 0, conflicts: 0 };
    await recordFeed(lane, feed);
    const batch = foldRecords(lane, records);
    const keys = batchKeys(batch);
    if (keys.length === 0) return outcome;
    const current = await batchGetAll(client, tableName, keys, { consistent: true, backoff, meter });
    // New names reach the search index before the summaries that carry them (speaker-search.ts).
    const before = (speakerId: string) => current.get(keyString(speakerKey(speakerId)));
    const names = [...batch.speakers.values()].map((p) => searchNamesOf(p.entries.map((e) => e.change).reduce(mergeSpeakerChanges)));
    await writeSpeakerSearchIndex({ client, tableName, backoff, meter }, names, before);
    await forEachLimited(keys, WRITE_CONCURRENCY, async (key) => {
      let before = current.get(keyString(key)) as Item | undefined;
      for (let attempt = 1; ; attempt++) {
        const next = nextItem(batch, key, before, nowSeconds());
        if (!next) {
          outcome.absorbed++;
          return;
        }
        if (await putIfUnchanged(next, before)) {
          outcome.written++;
          return;
        }
        outcome.conflicts++;
        if (attempt >= MAX_CONFLICTS) throw new Error(`gave up aggregating into ${key.PK} after ${attempt} conflicting writes`);
        await (backoff.sleep ?? sleep)(backoffDelay(attempt, backoff));
        before = await readOne(key);
      }
    });
    return outcome;
  }

  return { apply, meter };
}

export type Aggregator = ReturnType<typeof createAggregator>;

/** A stream record as Lambda and the DynamoDB Streams API both give it (images in attribute-value form). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: {
    Keys?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    SequenceNumber?: string;
  };
}

const keysOf = (r: StreamRecordLike): TableKey => ({ PK: String((r.dynamodb?.Keys?.PK as { S?: string } | undefined)?.S ?? ""), SK: String((r.dynamodb?.Keys?.SK as { S?: string } | undefined)?.S ?? "") });

/** True for a change of a speaker or topic group: what the summaries and counters are folded from. */
function isGroupRecord(r: StreamRecordLike): boolean {
  return groupOwner(keysOf(r).PK) !== undefined;
}

/** True for a stream record the aggregator uses: a group change, or a change the feed records (the mapping's filter passes only these). */
export function isAggregatedRecord(r: StreamRecordLike): boolean {
  return isGroupRecord(r) || isFeedRecord({ ...(r.eventName !== undefined && { eventName: r.eventName }), keys: keysOf(r) });
}

/** What a batch of stream records changed, as the change feed records it. */
export function feedChangesOfStream(records: readonly StreamRecordLike[]): FeedChanges {
  return feedChangesOf(records.map((r) => ({ ...(r.eventName !== undefined && { eventName: r.eventName }), keys: keysOf(r) })));
}

/** The group changes among stream records, as change records; other items' records are left out. */
export function changeRecordsOf(records: readonly StreamRecordLike[]): ChangeRecord[] {
  return records.flatMap((r) => {
    const seq = r.dynamodb?.SequenceNumber;
    if (!seq || !isGroupRecord(r)) return [];
    const keys = toNative({ M: r.dynamodb?.Keys ?? {} }) as Record<string, unknown>;
    const counts = (image?: Record<string, unknown>) => (image === undefined ? undefined : contributionOf({ ...(toNative({ M: image }) as Record<string, unknown>), ...keys }));
    const before = counts(r.dynamodb?.OldImage);
    const after = counts(r.dynamodb?.NewImage);
    return before === undefined && after === undefined ? [] : [{ seq, ...(before && { before }), ...(after && { after }) }];
  });
}

/**
 * An attribute value in DynamoDB's JSON form as a plain value: what a group item holds (maps,
 * lists, strings, numbers). The Streams API's client reads an empty map as `{}`; so does this.
 */
function toNative(value: unknown): unknown {
  const v = value as { S?: string; N?: string; BOOL?: boolean; NULL?: boolean; M?: Record<string, unknown>; L?: unknown[]; SS?: string[] };
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.L !== undefined) return v.L.map(toNative);
  if (v.SS !== undefined) return [...v.SS];
  return Object.fromEntries(Object.entries(v.M ?? {}).map(([k, x]) => [k, toNative(x)]));
}
