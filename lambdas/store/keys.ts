/**
 * Every key the store writes, in one place (docs/key-design.md explains the design). Key values embed
 * user data (article keys, speaker ids) only as attribute VALUES, never in expressions.
 */
import { createHash } from "node:crypto";
import { SHARDS } from "./schema.ts";
import { isArticleScopedId } from "../core/ids.ts";

export type TableKey = { PK: string; SK: string };

export const claimKey = (claimId: string): TableKey => ({ PK: `CLAIM#${claimId}`, SK: "CLAIM" });
export const articleKey = (key: string): TableKey => ({ PK: `ARTICLE#${key}`, SK: "META" });
export const speakerKey = (speakerId: string): TableKey => ({ PK: `SPEAKER#${speakerId}`, SK: "PROFILE" });
/** A topic's claim count, one item per topic, written by the aggregator only. */
export const topicCounterKey = (topic: string): TableKey => ({ PK: `TOPIC#${topic}`, SK: "COUNT" });
/** The ids of an article's claims in one topic; indexed under the topic (see schema.ts). */
export const topicGroupKey = (key: string, topic: string): TableKey => ({ PK: `ARTICLE#${key}`, SK: `TOPIC#${topic}` });

export const speakerClaimsPartition = (speakerId: string, shard: number) => `SPK#${speakerId}#${shard}`;
export const topicGroupsPartition = (topic: string, shard: number) => `TOP#${topic}#${shard}`;
export const speakerListPartition = (shard: number) => `SPEAKERS#${shard}`;

/** Newest first within a partition: ISO dates sort as strings; the claim id makes the key unique. */
export const claimSortKey = (publishedAt: string, claimId: string) => `${publishedAt}#${claimId}`;
export const claimIdFromSortKey = (sortKey: string) => sortKey.slice(sortKey.lastIndexOf("#") + 1);
/** A digest, not the key itself: S3 keys reach 1,024 bytes, DynamoDB sort keys may not exceed it. */
export const topicGroupSortKey = (publishedAt: string, key: string) => `${publishedAt}#${createHash("sha256").update(key).digest("base64url").slice(0, 22)}`;

const COUNT_DIGITS = 10;
export const speakerListSortKey = (claimCount: number, speakerId: string) => `${String(claimCount).padStart(COUNT_DIGITS, "0")}#${speakerId}`;
export const speakerIdFromListSortKey = (sortKey: string) => sortKey.slice(COUNT_DIGITS + 1);

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

export const speakerClaimShard = (claimId: string) => shardOf(claimId, SHARDS.speakerClaims);
export const topicGroupShard = (key: string) => shardOf(key, SHARDS.topicGroups);

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
