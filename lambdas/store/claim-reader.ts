/** The read side: every query the API needs, over the keys in keys.ts. */
import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ClaimQuery, ClaimReader, Page, SpeakerListScope, SpeakerQuery, StoredClaim, TopicSummary } from "./types.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import { fromClaimItem } from "./claim-item.ts";
import { cursorQuery, encodeCursor, InvalidCursorError } from "./cursor.ts";
import { isArticleScopedId } from "../core/ids.ts";
import { allShards, articleKey, articleSpeakerListPartition, claimKey, speakerClaimsPartition, speakerKey, speakerListPartition, topicCounterKey, topicGroupsPartition } from "./keys.ts";
import { GROUP_IDS_ATTRIBUTE, GROUP_TOPICS_ATTRIBUTE, INDEX, SHARDS } from "./schema.ts";
import { queryShardsNewestFirst, type ShardedIndexQuery } from "./sharded-query.ts";
import { readClaimIndex, type ClaimIdPage, type ClaimIndexQuery, type ScoredEntry } from "./claim-ranking.ts";
import { groupScores } from "./checkworthiness-item.ts";
import { searchSpeakers } from "./speaker-search.ts";
import { createRepeatReader } from "./repeat-reader.ts";
import { RANKED_MIN_CLAIMS, toSpeakerSummary } from "./speaker-summary.ts";
import type { SpeakerSummary } from "./types.ts";
import type { PartitionMemo, SummaryMemo } from "./summary-memo.ts";
import type { MetaItem } from "./article-writer.ts";
import { toArticleRecord } from "./article-writer.ts";

export interface ReaderContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
  /** Topics listed even with no claims yet (the taxonomy's top level). */
  topics: readonly string[];
  /** Speaker summaries remembered between name searches (summary-memo.ts). */
  summaries?: SummaryMemo;
  /** Search-index partitions remembered between name searches (summary-memo.ts). */
  partitions?: PartitionMemo;
}

/** Global and article-scoped speakers are listed from partitions of their own (keys.ts), in the table and in GSI3 alike. */
function speakerListPartitions(scope: SpeakerListScope): string[] {
  const shards = allShards(SHARDS.speakerList);
  return [
    ...(scope !== "article" ? shards.map(speakerListPartition) : []),
    ...(scope !== "global" ? shards.map(articleSpeakerListPartition) : []),
  ];
}

/** Sort-key bounds for an inclusive from/to: `to` also covers `<to>#<digest of the article key>`. */
function dateRange(from?: string, to?: string) {
  return { lo: from ?? " ", hi: to !== undefined ? `${to}~` : "~" };
}

const groupIds = (item: Record<string, unknown>) => (Array.isArray(item[GROUP_IDS_ATTRIBUTE]) ? (item[GROUP_IDS_ATTRIBUTE] as unknown[]).map(String) : []);

/**
 * A group's claims as scored entries, in text order, keeping those `keep` accepts (by position) and
 * scored at least `minCheckworthiness`: the scores are read from the group, not from claim items.
 */
function scoredEntries(item: Record<string, unknown>, sortKey: string, minCheckworthiness: number | undefined, keep: (i: number) => boolean = () => true): ScoredEntry[] {
  const ids = groupIds(item);
  const scores = groupScores(item, ids.length);
  const min = minCheckworthiness ?? -Infinity;
  return ids.flatMap((id, i) => (keep(i) && scores[i]! >= min ? [{ id, score: scores[i]!, sortKey }] : []));
}

/**
 * A speaker's claims through the speaker's groups (4 shards, newest article first); a topic keeps the
 * claims of that topic (groups without it are filtered out by the table), a minimum score those scored
 * at least that.
 */
export function speakerClaimsIndex(tableName: string, speakerId: string, query: Omit<ClaimQuery, "limit">): ClaimIndexQuery {
  const range = dateRange(query.from, query.to);
  // A speaker known only within one article has one group, kept in its summary (article-groups.ts):
  // the summary's own key is the one "partition", and its date is checked against from/to here.
  const scoped = isArticleScopedId(speakerId);
  const inRange = (item: Record<string, unknown>) => {
    const date = String(item.lastClaimAt ?? "");
    return !scoped || (date >= range.lo && date <= range.hi);
  };
  return {
    tableName,
    partitionAttribute: "PK",
    sortAttribute: "SK",
    partitions: scoped ? [speakerKey(speakerId).PK] : allShards(SHARDS.speakerClaims).map((s) => speakerClaimsPartition(speakerId, s)),
    range: scoped ? { lo: speakerId, hi: speakerId } : range,
    ...(query.topic !== undefined && {
      filter: { expression: "contains(#ts, :tp)", names: { "#ts": GROUP_TOPICS_ATTRIBUTE }, values: { ":tp": query.topic } },
    }),
    expand: (item) => {
      if (!inRange(item)) return [];
      const topics = Array.isArray(item[GROUP_TOPICS_ATTRIBUTE]) ? (item[GROUP_TOPICS_ATTRIBUTE] as unknown[]) : [];
      return scoredEntries(item, String(item.SK), query.minCheckworthiness, query.topic === undefined ? undefined : (i) => topics[i] === query.topic);
    },
    cursorScope: scoped ? "article-speaker-claims" : "speaker-claims",
  };
}

/** A topic's claims through the topic's groups (8 shards, newest article first), each group's claims below the minimum score left out. */
export function topicClaimsIndex(tableName: string, topic: string, query: Omit<ClaimQuery, "limit" | "topic">): ClaimIndexQuery {
  return {
    tableName,
    partitionAttribute: "PK",
    sortAttribute: "SK",
    partitions: allShards(SHARDS.topicGroups).map((s) => topicGroupsPartition(topic, s)),
    range: dateRange(query.from, query.to),
    expand: (item) => scoredEntries(item, String(item.SK), query.minCheckworthiness),
    cursorScope: "topic-claims",
  };
}

/** Everything but the change feed, which has a reader of its own (feed-reader.ts). */
export function createClaimReader(ctx: ReaderContext): Omit<ClaimReader, "readFeed"> {
  const { client, tableName } = ctx;

  async function getItem(key: { PK: string; SK: string }) {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: key, ReturnConsumedCapacity: "TOTAL" }));
    ctx.meter.record(out.ConsumedCapacity, "read");
    return out.Item;
  }

  /** Full claims for index entries, in the entries' order. */
  async function claimsById(ids: readonly string[]): Promise<StoredClaim[]> {
    const items = await batchGetAll(client, tableName, ids.map(claimKey), { backoff: ctx.backoff, meter: ctx.meter });
    return ids.flatMap((id) => {
      const item = items.get(keyString(claimKey(id)));
      return item ? [fromClaimItem(item)] : [];
    });
  }

  const repeats = createRepeatReader({ client, tableName, meter: ctx.meter, claimsById });

  async function claimPage(page: ClaimIdPage): Promise<Page<StoredClaim>> {
    const claims = await repeats.annotate(await claimsById(page.items));
    return { items: claims, ...(page.cursor !== undefined && { cursor: page.cursor }), ...(page.ranking && { ranking: page.ranking }) };
  }

  return {
    async getArticle(key) {
      return toArticleRecord((await getItem(articleKey(key))) as MetaItem | undefined);
    },

    async listArticleClaims(key) {
      const meta = (await getItem(articleKey(key))) as MetaItem | undefined;
      return repeats.annotate(await claimsById(meta?.claimIds ?? []));
    },

    async getClaim(id) {
      const item = await getItem(claimKey(id));
      return item ? (await repeats.annotate([fromClaimItem(item)]))[0] : undefined;
    },

    async listRelatedClaims(id, query) {
      const item = await getItem(claimKey(id));
      return item ? repeats.related(fromClaimItem(item), query) : undefined;
    },

    listRepeatedClaims: (speakerId, limit) => repeats.mostRepeated(speakerId, limit),

    async getSpeaker(speakerId) {
      const item = await getItem(speakerKey(speakerId));
      // A speaker whose last claim just went is deleted by a tidy step that may still be pending.
      return item && Number(item.claimCount) > 0 ? toSpeakerSummary(item) : undefined;
    },

    async listSpeakerClaims(speakerId, query) {
      return claimPage(await readClaimIndex(client, speakerClaimsIndex(tableName, speakerId, query), query, ctx.meter));
    },

    async listTopicClaims(topic, query) {
      return claimPage(await readClaimIndex(client, topicClaimsIndex(tableName, topic, query), query, ctx.meter));
    },

    /**
     * Most claims first, in phases: the ranked speakers (GSI3, RANKED_MIN_CLAIMS claims or more), then
     * for each smaller count, highest first, the speakers with exactly that many claims, read from the
     * summaries' partitions (by id, descending). A cursor names its phase.
     */
    async listSpeakers(query: SpeakerQuery) {
      // A name search reads its own index, whatever the number of speakers (speaker-search.ts).
      if (query.q !== undefined && query.q !== "") return searchSpeakers(ctx, { ...query, q: query.q });
      const conditions: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      if (query.type !== undefined) {
        conditions.push("#type = :type");
        names["#type"] = "speakerType";
        values[":type"] = query.type;
      }
      const partitions = speakerListPartitions(query.scope ?? "global");
      const scopeName = query.scope === undefined || query.scope === "global" ? "speakers" : `speakers-${query.scope}`;
      /** 0: the ranked speakers; n > 0: the speakers with exactly n claims. */
      const phases = [0, ...Array.from({ length: RANKED_MIN_CLAIMS - 1 }, (_, i) => RANKED_MIN_CLAIMS - 1 - i)];
      const phaseName = (count: number) => (count === 0 ? scopeName : `${scopeName}-${count}`);
      const listing = (count: number, limit: number, cursor?: string): Promise<{ items: SpeakerSummary[]; cursor?: string }> => {
        const all = [...conditions, ...(count > 0 ? ["#count = :count"] : [])];
        const q: ShardedIndexQuery<SpeakerSummary> = {
          tableName,
          ...(count === 0 ? { indexName: INDEX.speakersByCount, partitionAttribute: "GSI3PK", sortAttribute: "GSI3SK" } : { partitionAttribute: "PK", sortAttribute: "SK" }),
          partitions,
          range: { lo: " ", hi: "~" },
          ...(all.length > 0 && {
            filter: { expression: all.join(" AND "), names: { ...names, ...(count > 0 && { "#count": "claimCount" }) }, values: { ...values, ...(count > 0 && { ":count": count }) } },
          }),
          expand: (item) => [toSpeakerSummary(item)],
          cursorScope: phaseName(count),
          limit,
          ...(cursor !== undefined && { cursor }),
        };
        return queryShardsNewestFirst(client, q, ctx.meter);
      };
      const first = query.cursor === undefined ? 0 : phases.findIndex((count) => phaseName(count) === cursorQuery(query.cursor!));
      if (first < 0) throw new InvalidCursorError("issued for another query");
      const items: SpeakerSummary[] = [];
      for (let i = first; i < phases.length; i++) {
        const remaining = query.limit - items.length;
        // A full page only looks ahead (one item) to tell whether a next page exists.
        const page = await listing(phases[i]!, Math.max(1, remaining), i === first ? query.cursor : undefined);
        if (remaining <= 0) {
          if (page.items.length > 0) return { items, cursor: encodeCursor(phaseName(phases[i]!), partitions.map(() => "start")) };
          continue;
        }
        items.push(...page.items);
        if (page.cursor !== undefined) return { items, cursor: page.cursor };
      }
      return { items };
    },

    async listTopics(): Promise<TopicSummary[]> {
      // One counter item per topic (the aggregator's): the taxonomy's topics in one batch read.
      const items = await batchGetAll(client, tableName, ctx.topics.map(topicCounterKey), { backoff: ctx.backoff, meter: ctx.meter });
      return ctx.topics
        .map((topic) => ({ topic, claimCount: Number(items.get(keyString(topicCounterKey(topic)))?.claimCount ?? 0) }))
        .sort((a, b) => b.claimCount - a.claimCount || a.topic.localeCompare(b.topic));
    },
  };
}
