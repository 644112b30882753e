/**
 * The claims table's keys and indexes as plain data. `local/services/table.ts` creates the table from
 * it and the CDK stack deploys it from it, so the code that queries the table and the table itself
 * cannot drift. The key design and its costs are explained in docs/key-design.md.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: "S" | "N" | "B";
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** "ALL", "KEYS_ONLY", or the non-key attributes to project (INCLUDE). */
  readonly projection: "ALL" | "KEYS_ONLY" | readonly string[];
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute?: string;
  /** The table's change stream: the aggregator reads META's old and new images from it. */
  readonly stream?: "NEW_AND_OLD_IMAGES" | "NEW_IMAGE" | "OLD_IMAGE" | "KEYS_ONLY";
}

const S = (name: string): KeyAttribute => ({ name, type: "S" });

/** Index names the store queries. */
export const INDEX = {
  /** A speaker's claims, newest first: `SPK#<speakerId>#<shard>` / `<publishedAt>#<claimId>`. */
  bySpeaker: "GSI1",
  /**
   * A topic's claims, newest first, through one small item per (article, topic) that lists the
   * article's claim ids in that topic: `TOP#<topic>#<shard>` / `<publishedAt>#<digest of articleKey>`.
   */
  byTopic: "GSI2",
  /** Speaker summaries, most claims first: `SPEAKERS#<shard>` / `<count, 10 digits>#<speakerId>`. */
  speakersByCount: "GSI3",
} as const;

/** Attribute the bySpeaker index carries so a topic filter needs no read of the claim item. */
export const TOPIC_ATTRIBUTE = "tp";
/** Attribute of a topic-group item (and its byTopic index entry): the claim ids, in text order. */
export const GROUP_IDS_ATTRIBUTE = "ids";
/**
 * A claim's checkworthiness (0..1) on the claim item and so on its bySpeaker entry; a topic group's
 * scores, parallel to its ids. On the indexes so that a `minCheckworthiness` filter and the
 * checkworthiness ranking read index entries only (docs/key-design.md).
 */
export const CHECKWORTHINESS_ATTRIBUTE = "cw";
export const GROUP_SCORES_ATTRIBUTE = "cws";

export const CLAIMS_TABLE_SCHEMA: TableSchema = {
  partitionKey: S("PK"),
  sortKey: S("SK"),
  globalSecondaryIndexes: [
    { indexName: INDEX.bySpeaker, partitionKey: S("GSI1PK"), sortKey: S("GSI1SK"), projection: [TOPIC_ATTRIBUTE, CHECKWORTHINESS_ATTRIBUTE] },
    { indexName: INDEX.byTopic, partitionKey: S("GSI2PK"), sortKey: S("GSI2SK"), projection: [GROUP_IDS_ATTRIBUTE, GROUP_SCORES_ATTRIBUTE] },
    // Sparse: only speaker summaries with at least one claim carry GSI3 keys; they are small, so ALL.
    { indexName: INDEX.speakersByCount, partitionKey: S("GSI3PK"), sortKey: S("GSI3SK"), projection: "ALL" },
  ],
  stream: "NEW_AND_OLD_IMAGES",
};

/** Write sharding: a key's items spread over this many partitions, read back in parallel and merged. */
export const SHARDS = {
  speakerClaims: 4,
  topicGroups: 8,
  // 32: the ranking moves with every aggregated count change; at 1,000 articles/s 4 shards took ~2,000 WCU/s each (bench hotkeys).
  speakerList: 32,
} as const;
