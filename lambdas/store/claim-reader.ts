/** The read side: every query the API needs, over the keys in keys.ts. */
import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ClaimQuery, ClaimReader, Page, SpeakerListScope, SpeakerQuery, StoredClaim, TopicSummary } from "./types.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import { fromClaimItem } from "./claim-item.ts";
import {
  allShards,
  articleKey,
  claimIdFromSortKey,
  claimKey,
  speakerClaimsPartition,
  speakerKey,
  articleSpeakerListPartition,
  speakerListPartition,
  topicCounterKey,
  topicGroupsPartition,
} from "./keys.ts";
import { CHECKWORTHINESS_ATTRIBUTE, GROUP_IDS_ATTRIBUTE, GROUP_SCORES_ATTRIBUTE, INDEX, SHARDS, TOPIC_ATTRIBUTE } from "./schema.ts";
import { queryShardsNewestFirst, type IndexFilter } from "./sharded-query.ts";
import { readClaimIndex, type ClaimIdPage, type ClaimIndexQuery } from "./claim-ranking.ts";
import { toSpeakerSummary } from "./speaker-summary.ts";
import type { MetaItem } from "./article-writer.ts";
import { toArticleRecord } from "./article-writer.ts";

export interface ReaderContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
  /** Topics listed even with no claims yet (the taxonomy's top level). */
  topics: readonly string[];
}

/** Global and article-scoped speakers are listed from partitions of their own (keys.ts). */
function speakerListPartitions(scope: SpeakerListScope): string[] {
  const shards = allShards(SHARDS.speakerList);
  return [
    ...(scope !== "article" ? shards.map(speakerListPartition) : []),
    ...(scope !== "global" ? shards.map(articleSpeakerListPartition) : []),
  ];
}

/** Sort-key bounds for an inclusive from/to: `to` also covers `<to>#<claimId or article key>`. */
function dateRange(from?: string, to?: string) {
  return { lo: from ?? " ", hi: to !== undefined ? `${to}~` : "~" };
}

/** Claims scored at least `min`; a claim stored before scoring has no `cw` and never matches. */
const minScoreCondition = (min: number): IndexFilter => ({ expression: "#cw >= :cw", names: { "#cw": CHECKWORTHINESS_ATTRIBUTE }, values: { ":cw": min } });

function allOf(filters: IndexFilter[]): IndexFilter {
  return {
    expression: filters.map((f) => f.expression).join(" AND "),
    names: Object.assign({}, ...filters.map((f) => f.names)),
    values: Object.assign({}, ...filters.map((f) => f.values)),
  };
}

/** A speaker's claims on GSI1 (4 shards), the topic and minimum score as filters on its projected attributes. */
export function speakerClaimsIndex(tableName: string, speakerId: string, query: Omit<ClaimQuery, "limit">): ClaimIndexQuery {
  const conditions = [
    ...(query.topic !== undefined ? [{ expression: "#tp = :tp", names: { "#tp": TOPIC_ATTRIBUTE }, values: { ":tp": query.topic } }] : []),
    ...(query.minCheckworthiness !== undefined ? [minScoreCondition(query.minCheckworthiness)] : []),
  ];
  return {
    tableName,
    indexName: INDEX.bySpeaker,
    partitionAttribute: "GSI1PK",
    sortAttribute: "GSI1SK",
    partitions: allShards(SHARDS.speakerClaims).map((s) => speakerClaimsPartition(speakerId, s)),
    range: dateRange(query.from, query.to),
    ...(conditions.length > 0 && { filter: allOf(conditions) }),
    expand: (item) => {
      const sortKey = String(item.GSI1SK);
      const score = item[CHECKWORTHINESS_ATTRIBUTE];
      return [{ id: claimIdFromSortKey(sortKey), score: typeof score === "number" ? score : -1, sortKey }];
    },
    cursorScope: "speaker-claims",
  };
}

/** A topic's claims through its article groups on GSI2 (8 shards), each group's ids below the minimum score dropped. */
export function topicClaimsIndex(tableName: string, topic: string, query: Omit<ClaimQuery, "limit" | "topic">): ClaimIndexQuery {
  const min = query.minCheckworthiness ?? -Infinity;
  return {
    tableName,
    indexName: INDEX.byTopic,
    partitionAttribute: "GSI2PK",
    sortAttribute: "GSI2SK",
    partitions: allShards(SHARDS.topicGroups).map((s) => topicGroupsPartition(topic, s)),
    range: dateRange(query.from, query.to),
    expand: (item) => {
      const sortKey = String(item.GSI2SK);
      const ids = Array.isArray(item[GROUP_IDS_ATTRIBUTE]) ? (item[GROUP_IDS_ATTRIBUTE] as string[]) : [];
      const scores = Array.isArray(item[GROUP_SCORES_ATTRIBUTE]) ? (item[GROUP_SCORES_ATTRIBUTE] as unknown[]) : [];
      // A group written before claims were scored has no scores, an unscored claim -1: any minimum leaves them out.
      return ids.map((id, i) => ({ id, score: typeof scores[i] === "number" ? scores[i] : -1, sortKey })).filter((e) => e.score >= min);
    },
    cursorScope: "topic-claims",
  };
}

export function createClaimReader(ctx: ReaderContext): ClaimReader {
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

  async function claimPage(page: ClaimIdPage): Promise<Page<StoredClaim>> {
    const claims = await claimsById(page.items);
    return { items: claims, ...(page.cursor !== undefined && { cursor: page.cursor }), ...(page.ranking && { ranking: page.ranking }) };
  }

  return {
    async getArticle(key) {
      return toArticleRecord((await getItem(articleKey(key))) as MetaItem | undefined);
    },

    async listArticleClaims(key) {
      const meta = (await getItem(articleKey(key))) as MetaItem | undefined;
      return claimsById(meta?.claimIds ?? []);
    },

    async getClaim(id) {
      const item = await getItem(claimKey(id));
      return item ? fromClaimItem(item) : undefined;
    },

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

    async listSpeakers(query: SpeakerQuery) {
      const conditions: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      if (query.type !== undefined) {
        conditions.push("#type = :type");
        names["#type"] = "speakerType";
        values[":type"] = query.type;
      }
      if (query.q !== undefined && query.q !== "") {
        conditions.push("contains(#search, :q)");
        names["#search"] = "search";
        values[":q"] = query.q.toLowerCase();
      }
      const page = await queryShardsNewestFirst(
        client,
        {
          tableName,
          indexName: INDEX.speakersByCount,
          partitionAttribute: "GSI3PK",
          sortAttribute: "GSI3SK",
          partitions: speakerListPartitions(query.scope ?? "global"),
          range: { lo: " ", hi: "~" },
          ...(conditions.length > 0 && { filter: { expression: conditions.join(" AND "), names, values } }),
          expand: (item) => [toSpeakerSummary(item)],
          cursorScope: query.scope === undefined || query.scope === "global" ? "speakers" : `speakers-${query.scope}`,
          limit: query.limit,
          ...(query.cursor !== undefined && { cursor: query.cursor }),
        },
        ctx.meter,
      );
      return { items: page.items, ...(page.cursor !== undefined && { cursor: page.cursor }) };
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
