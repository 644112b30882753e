/**
 * Every key the store writes, in one place (docs/key-design.md explains the design). Key values embed
 * user data (article keys, speaker ids) only as attribute VALUES, never in expressions.
 */
import { createHash } from "node:crypto";
import { SHARDS } from "./schema.ts";
import { isArticleScopedId } from "../core/ids.ts";

export type TableKey = { PK: string; SK: string };

export const CLAIM_PREFIX = "CLAIM#";
export const ARTICLE_PREFIX = "ARTICLE#";
export const ARTICLE_META_SORT_KEY = "META";
export const claimKey = (claimId: string): TableKey => ({ PK: `${CLAIM_PREFIX}${claimId}`, SK: "CLAIM" });
export const articleKey = (key: string): TableKey => ({ PK: `${ARTICLE_PREFIX}${key}`, SK: ARTICLE_META_SORT_KEY });
/** The article key of a META item's table key; undefined for any other item. */
export const articleKeyOfMeta = (key: TableKey) => (key.SK === ARTICLE_META_SORT_KEY && key.PK.startsWith(ARTICLE_PREFIX) ? key.PK.slice(ARTICLE_PREFIX.length) : undefined);
/**
 * A speaker's summary. Summaries share 32 partitions per scope (the speaker's listing shard; global
 * and article-scoped speakers apart) so that the speakers with a single claim, which the ranking index
 * leaves out, can be listed from the table itself (speaker-summary.ts).
 */
export const speakerKey = (speakerId: string): TableKey => ({ PK: speakerListPartitionOf(speakerId, speakerListShard(speakerId)), SK: speakerId });
/** A topic's claim count, one item per topic, written by the aggregator only. */
export const topicCounterKey = (topic: string): TableKey => ({ PK: `TOPIC#${topic}`, SK: "COUNT" });

/** Prefixes of the partitions holding the index groups, whose stream records the aggregator folds. */
export const SPEAKER_GROUP_PREFIX = "SPK#";
export const TOPIC_GROUP_PREFIX = "TOP#";

export const speakerClaimsPartition = (speakerId: string, shard: number) => `${SPEAKER_GROUP_PREFIX}${speakerId}#${shard}`;
export const topicGroupsPartition = (topic: string, shard: number) => `${TOPIC_GROUP_PREFIX}${topic}#${shard}`;
export const speakerListPartition = (shard: number) => `SPEAKERS#${shard}`;

/**
 * The index groups of one article version: one item per speaker and one per topic, each listing the
 * article's claim ids of that speaker or topic, in the speaker's or topic's partition (sharded by the
 * article key), sorted newest first by the article's date.
 */
export const speakerGroupKey = (speakerId: string, articleKeyValue: string, date: string): TableKey => ({
  PK: speakerClaimsPartition(speakerId, shardOf(articleKeyValue, SHARDS.speakerClaims)),
  SK: groupSortKey(date, articleKeyValue),
});
export const topicGroupKey = (topic: string, articleKeyValue: string, date: string): TableKey => ({
  PK: topicGroupsPartition(topic, shardOf(articleKeyValue, SHARDS.topicGroups)),
  SK: groupSortKey(date, articleKeyValue),
});

/** The speaker id or topic a group's partition belongs to; undefined for any other key. */
export function groupOwner(pk: string): { kind: "speaker" | "topic"; id: string } | undefined {
  const kind = pk.startsWith(SPEAKER_GROUP_PREFIX) ? "speaker" : pk.startsWith(TOPIC_GROUP_PREFIX) ? "topic" : undefined;
  const end = pk.lastIndexOf("#");
  if (!kind || end <= 4) return undefined;
  return { kind, id: pk.slice(4, end) };
}

/** Newest first within a partition: ISO dates sort as strings. A digest, not the key itself: S3 keys reach 1,024 bytes, DynamoDB sort keys may not exceed it. */
export const groupSortKey = (publishedAt: string, key: string) => `${publishedAt}#${createHash("sha256").update(key).digest("base64url").slice(0, 22)}`;

/**
 * The change feed (feed.ts): entries in time order in SHARDS.feed partitions, by the stream shard
 * (lane) whose batch wrote them: `<epoch ms, FEED_TIME_DIGITS digits>#<lane>#<nonce>`. The nonce keeps
 * two entries of one lane written in the same millisecond apart.
 */
export const FEED_PREFIX = "FEED#";
export const FEED_TIME_DIGITS = 13;
export const feedPartition = (shard: number) => `${FEED_PREFIX}${shard}`;
export const feedTime = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(FEED_TIME_DIGITS, "0");
export const feedKey = (lane: string, ms: number, nonce: string): TableKey => ({
  PK: feedPartition(shardOf(lane, SHARDS.feed)),
  SK: `${feedTime(ms)}#${lane}#${nonce}`,
});

const COUNT_DIGITS = 10;
export const speakerListSortKey = (claimCount: number, speakerId: string) => `${String(claimCount).padStart(COUNT_DIGITS, "0")}#${speakerId}`;

/** FNV-1a: a cheap, stable spread of ids over shards (not for security). */
export function shardOf(value: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export const allShards = (n: number) => Array.from({ length: n }, (_, i) => i);
export const speakerListShard = (speakerId: string) => shardOf(speakerId, SHARDS.speakerList);

/**
 * Speaker identity across articles (lambdas/store/speaker-links.ts). The speaker list keeps
 * article-scoped speakers (`<slug>--<hash>`) in partitions of their own, so the default listing
 * reads only global speakers and needs no filter.
 */
export const articleSpeakerListPartition = (shard: number) => `SPEAKERS#article#${shard}`;
export const speakerListPartitionOf = (speakerId: string, shard: number) =>
  isArticleScopedId(speakerId) ? articleSpeakerListPartition(shard) : speakerListPartition(shard);
/** An operator's merge: claims resolved to this speaker id go to another one. */
export const speakerAliasKey = (speakerId: string): TableKey => ({ PK: `SPEAKER#${speakerId}`, SK: "ALIAS" });
/** Global person speakers whose name ends with this word (the last word of their id's slug). */
export const surnameKey = (surname: string): TableKey => ({ PK: `SURNAME#${surname}`, SK: "SURNAME" });
/** An operator's splits in one article: speaker ids that stay in the article. */
export const articleOverridesKey = (key: string): TableKey => ({ PK: `ARTICLE#${key}`, SK: "SPEAKER-OVERRIDES" });

/**
 * Repeated claims (repeat-groups.ts): a grouped claim's item carries the keys of INDEX.repeats, its
 * speaker's partition and `<groupId>#<publishedAt>`, so one Query lists a group (oldest first) and
 * one Query lists all of a speaker's grouped claims. Claim ids hold no "#", so the group id is the
 * sort key up to its first "#".
 */
export const repeatPartition = (speakerId: string) => `GRP#${speakerId}`;
export const repeatSortKey = (groupId: string, publishedAt: string) => `${groupId}#${publishedAt}`;
export function parseRepeatSortKey(sk: string): { groupId: string; publishedAt: string } {
  const cut = sk.indexOf("#");
  return cut < 0 ? { groupId: sk, publishedAt: "" } : { groupId: sk.slice(0, cut), publishedAt: sk.slice(cut + 1) };
}
/** The claim id of a table key `CLAIM#<id>` (what a keys-only index entry holds). */
export const claimIdOfKey = (pk: string) => (pk.startsWith(CLAIM_PREFIX) ? pk.slice(CLAIM_PREFIX.length) : undefined);
