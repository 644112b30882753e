/**
 * The aggregation, as pure functions: from changes of the articles' index groups (old and new
 * contribution, article-groups.ts) to one new state per speaker summary and per topic counter.
 *
 * A change record comes from a DynamoDB stream (in AWS through Lambda, locally from DynamoDB Local's
 * stream, local/stream-aggregator.ts): one per group write, in order within its stream shard (a lane).
 * A batch of them is folded into one change per speaker and per topic (foldRecords), each applied to
 * the item as read (nextSpeakerSummary, nextTopicCounter) and written back once, conditional on the
 * revision read: however many articles of a speaker a batch holds, its summary is written once.
 *
 * Exactly once: a stream delivers a batch again after a failure, and a batch may have been applied
 * to some items before it failed. Each item keeps, per lane, the sequence number of the last record it
 * has absorbed (`wm`); a record at or below it is skipped, so a redelivered batch changes only what it
 * had not yet changed. Lanes (stream shards) come and go: watermarks older than WATERMARK_TTL_SECONDS,
 * longer than a stream keeps its records, are dropped when the item is next written.
 */
import { createHash } from "node:crypto";
import { diffCounts, NO_COUNTS, type ArticleCounts, type SpeakerChange } from "./article-counts.ts";
import { mergeSpeakerChanges, nextSpeakerSummary, type SpeakerItem } from "./speaker-summary.ts";
import { speakerKey, topicCounterKey, type TableKey } from "./keys.ts";

/** A group write as the stream shows it: the contribution before and after (absent: no item). */
export interface ChangeRecord {
  /** Stream sequence number: digits, increasing within a lane. */
  seq: string;
  before?: ArticleCounts;
  after?: ArticleCounts;
}

/** One item's share of a batch: its changes, each with the sequence number of the record it came from. */
interface Pending<C> {
  entries: { seq: string; change: C }[];
}

export interface FoldedBatch {
  lane: string;
  /** The highest sequence number in the batch: what every item it touches records as absorbed. */
  lastSeq: string;
  speakers: Map<string, Pending<SpeakerChange>>;
  topics: Map<string, Pending<number>>;
}

/** A stream shard's id as a short, stable watermark key. */
export const laneOf = (shardId: string) => createHash("sha256").update(shardId).digest("base64url").slice(0, 10);

/** Compares stream sequence numbers (decimal digit strings of any length). */
export function compareSequence(a: string, b: string): number {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/** Groups a lane's records by the item they change, keeping each record's sequence number. */
export function foldRecords(lane: string, records: readonly ChangeRecord[]): FoldedBatch {
  const speakers = new Map<string, Pending<SpeakerChange>>();
  const topics = new Map<string, Pending<number>>();
  let lastSeq = "0";
  for (const r of records) {
    if (compareSequence(r.seq, lastSeq) > 0) lastSeq = r.seq;
    const diff = diffCounts(r.before ?? NO_COUNTS, r.after ?? NO_COUNTS);
    for (const change of diff.speakers) {
      const p = speakers.get(change.speakerId) ?? { entries: [] };
      p.entries.push({ seq: r.seq, change });
      speakers.set(change.speakerId, p);
    }
    for (const [topic, d] of Object.entries(diff.topics)) {
      const p = topics.get(topic) ?? { entries: [] };
      p.entries.push({ seq: r.seq, change: d });
      topics.set(topic, p);
    }
  }
  return { lane, lastSeq, speakers, topics };
}

/** Every item a batch writes, to be read before it is folded into. */
export function batchKeys(batch: FoldedBatch): TableKey[] {
  return [...[...batch.speakers.keys()].map(speakerKey), ...[...batch.topics.keys()].map(topicCounterKey)];
}

export type Item = TableKey & Record<string, unknown>;

/** Watermarks: lane -> "<sequence number>@<epoch seconds written>". */
const WATERMARKS = "wm";
/** A stream keeps records 24 hours; a lane silent for twice that will not deliver again. */
export const WATERMARK_TTL_SECONDS = 48 * 3600;
const MAX_WATERMARKS = 32;

export function watermarkOf(item: Record<string, unknown> | undefined, lane: string): string | undefined {
  const marks = item?.[WATERMARKS] as Record<string, string> | undefined;
  return marks?.[lane]?.split("@")[0];
}

function withWatermark<T extends Record<string, unknown>>(item: T, lane: string, seq: string, nowSeconds: number): T {
  const marks = { ...((item[WATERMARKS] as Record<string, string> | undefined) ?? {}), [lane]: `${seq}@${nowSeconds}` };
  const kept = Object.entries(marks)
    .map(([l, v]) => [l, v, Number(v.split("@")[1] ?? 0)] as const)
    .filter(([l, , at]) => l === lane || nowSeconds - at <= WATERMARK_TTL_SECONDS)
    .sort((a, b) => b[2] - a[2])
    .slice(0, MAX_WATERMARKS);
  return { ...item, [WATERMARKS]: Object.fromEntries(kept.map(([l, v]) => [l, v])) };
}

/** The changes of a batch this item has not absorbed yet (records after its watermark), merged. */
function unabsorbed<C>(pending: Pending<C>, before: Record<string, unknown> | undefined, lane: string, merge: (a: C, b: C) => C): C | undefined {
  const mark = watermarkOf(before, lane);
  const fresh = pending.entries.filter((e) => mark === undefined || compareSequence(e.seq, mark) > 0);
  return fresh.length === 0 ? undefined : fresh.map((e) => e.change).reduce(merge);
}

/**
 * The item to write for one key of the batch, given the item as read (undefined: none); undefined
 * when the item has absorbed all of it already (a redelivered batch).
 */
export function nextItem(batch: FoldedBatch, key: TableKey, before: Item | undefined, nowSeconds: number): Item | undefined {
  const [kind, id] = splitKey(key);
  if (kind === "speaker") {
    const change = unabsorbed(batch.speakers.get(id)!, before, batch.lane, mergeSpeakerChanges);
    return change && withWatermark(nextSpeakerSummary(before as SpeakerItem | undefined, change), batch.lane, batch.lastSeq, nowSeconds);
  }
  const delta = unabsorbed(batch.topics.get(id)!, before, batch.lane, (a, b) => a + b);
  return delta === undefined ? undefined : withWatermark(nextTopicCounter(before, id, delta), batch.lane, batch.lastSeq, nowSeconds);
}

/** A topic's claim count after a change (a counter at zero stays, so its watermarks do). */
export function nextTopicCounter(before: Item | undefined, topic: string, delta: number): Item {
  return { ...(before ?? {}), ...topicCounterKey(topic), topic, claimCount: Number(before?.claimCount ?? 0) + delta, rev: Number(before?.rev ?? 0) + 1 };
}

function splitKey(key: TableKey): ["speaker" | "topic", string] {
  if (speakerKey(key.SK).PK === key.PK) return ["speaker", key.SK];
  const topic = topicCounterKey("");
  if (key.PK.startsWith(topic.PK) && key.SK === topic.SK) return ["topic", key.PK.slice(topic.PK.length)];
  throw new Error(`not an aggregate key: ${key.PK} / ${key.SK}`);
}
