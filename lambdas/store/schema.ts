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
  /** The table's change stream: the aggregator reads the index groups' old and new images from it. */
  readonly stream?: "NEW_AND_OLD_IMAGES" | "NEW_IMAGE" | "OLD_IMAGE" | "KEYS_ONLY";
}

const S = (name: string): KeyAttribute => ({ name, type: "S" });

/** Index names the store queries. */
export const INDEX = {
  /**
   * Speakers with two claims or more, most claims first: `SPEAKERS#<shard>` / `<count, 10 digits>#<speakerId>`.
   * Sparse: speakers with one claim are listed from the summaries' own partitions instead (a speaker
   * seen once costs no index write).
   */
  speakersByCount: "GSI3",
  /**
   * Repeated claims: `<speakerId>` / `<groupId>#<publishedAt>`, keys only. Sparse: only claim items of
   * grouped claims carry its keys (repeat-groups.ts), so a claim said once costs no index write, and
   * an entry goes with its claim item whenever the article's version removes it.
   */
  repeats: "GSI4",
} as const;

/** Attributes of a grouped claim's item that key it in INDEX.repeats. */
export const REPEAT_PARTITION_ATTRIBUTE = "GSI4PK";
export const REPEAT_SORT_ATTRIBUTE = "GSI4SK";

/** Attribute of a group item (speaker or topic): the article's claim ids, in text order. */
export const GROUP_IDS_ATTRIBUTE = "ids";
/** Attribute of a speaker group: each claim's topic, in the order of `ids` (a speaker's claims filtered by topic). */
export const GROUP_TOPICS_ATTRIBUTE = "ts";
/** Attribute of a speaker group: each claim's lookup values for repeated claims, in the order of `ids` (repeat-filing.ts). */
export const GROUP_FILING_ATTRIBUTE = "fk";
/** A claim item's checkworthiness (0..1, two decimals); the API serves it from there. */
export const CHECKWORTHINESS_ATTRIBUTE = "cw";
/**
 * Attribute of a group item (speaker or topic): each claim's checkworthiness, in the order of `ids`,
 * -1 for a claim stored before claims were scored. A `minCheckworthiness` filter and the
 * checkworthiness order read these, so claim items that do not match are never read (docs/key-design.md).
 */
export const GROUP_SCORES_ATTRIBUTE = "cws";

/** What the speaker listing shows, and all GSI3 carries: a count change rewrites only these. */
export const SPEAKER_LISTING_ATTRIBUTES = ["speakerId", "speaker", "speakerType", "claimCount", "tc", "aliases", "lastClaimAt"] as const;

/** Epoch seconds after which DynamoDB may delete the item (feed entries only). */
export const TTL_ATTRIBUTE = "ttl";

export const CLAIMS_TABLE_SCHEMA: TableSchema = {
  partitionKey: S("PK"),
  sortKey: S("SK"),
  // The claims of a speaker and of a topic are found through group items in the table itself (keys.ts):
  // one write per (article, speaker) and (article, topic) instead of an index entry per claim.
  globalSecondaryIndexes: [
    { indexName: INDEX.speakersByCount, partitionKey: S("GSI3PK"), sortKey: S("GSI3SK"), projection: SPEAKER_LISTING_ATTRIBUTES },
    { indexName: INDEX.repeats, partitionKey: S(REPEAT_PARTITION_ATTRIBUTE), sortKey: S(REPEAT_SORT_ATTRIBUTE), projection: "KEYS_ONLY" },
  ],
  stream: "NEW_AND_OLD_IMAGES",
  // Feed entries expire on their own (feed.ts): the feed keeps FEED_RETENTION_DAYS of changes.
  timeToLiveAttribute: TTL_ATTRIBUTE,
};

/** Write sharding: a key's items spread over this many partitions, read back in parallel and merged. */
export const SHARDS = {
  /** A speaker's groups, by article key. */
  speakerClaims: 4,
  /** A topic's groups, by article key. */
  topicGroups: 8,
  /** Summaries and the ranking, by speaker id. */
  speakerList: 32,
  /** The change feed, by the stream shard that wrote the entry. */
  feed: 8,
} as const;
