import type { Claim, SpeakerScope, SpeakerType } from "../core/model.ts";

/** A claim as stored and served: the extractor's claim plus where it came from. */
export interface StoredClaim extends Claim {
  articleKey: string;
  title?: string;
  url?: string;
  /** ISO date-time; falls back to the object's LastModified when the article gives none. */
  publishedAt: string;
  extractedAt: string;
  extractorVersion: string;
  /** The sentence(s) around the claim, bounded in length. */
  context: string;
  /** Offsets of content within `context` (for highlighting). */
  contextContentStart: number;
  contextContentEnd: number;
  /**
   * Set only when the stored content was cut to bound the item's size: the full content's length.
   * The full text is `contentStart..contentEnd` of the article in S3.
   */
  contentLength?: number;
  /**
   * Set when the store gave the claim another speaker than the extractor did (see
   * lambdas/store/speaker-links.ts): how, and the extractor's own speaker, kept so that a later
   * correction can be applied to the stored claim again.
   */
  speakerLink?: SpeakerLink;
  /**
   * Set when the claim says what other claims of its speaker say (lambdas/store/repeat-groups.ts):
   * the id of the group's first claim, kept when that claim goes.
   */
  groupId?: string;
  /** Read side only, with groupId: the earliest publication date among the group's stored claims. */
  firstSeen?: string;
  /** Read side only, with groupId: how many stored claims the group has (this one included). */
  seenCount?: number;
}

/** How a claim's speaker was changed at ingest: in order, the steps that applied. */
export type SpeakerLinkStep = "surname" | "article" | "merge" | "split";

export interface SpeakerLink {
  by: SpeakerLinkStep[];
  /** The extractor's speaker. */
  speakerId: string;
  speaker: string;
  speakerType: SpeakerType;
  speakerScope: SpeakerScope;
}

/** Identifies one version of one S3 object, in the order S3 produced its events. */
export interface ObjectVersion {
  key: string;
  /** S3 event `sequencer`: hex, compare after left-padding to equal length. */
  sequencer: string;
  /**
   * Re-extractions of the same S3 version (`claims reindex`) count 1, 2, ...: a version with a higher
   * revision replaces the one stored at the same sequencer; any later S3 event still wins.
   */
  revision?: number;
  /** The extractor that produced the claims or the failure (recorded on the article as `ev`). */
  extractorVersion?: string;
  etag?: string;
  size?: number;
}

export type ArticleStatus = "processed" | "failed" | "deleted";

export interface ArticleRecord {
  key: string;
  status: ArticleStatus;
  /** The S3 event sequencer of the stored version. */
  sequencer: string;
  /** How many times that version was re-extracted (absent: never). */
  revision?: number;
  /** The extractor that produced the stored claims or failure (absent for deletions). */
  extractorVersion?: string;
  etag?: string;
  title?: string;
  url?: string;
  publishedAt?: string;
  claimCount: number;
  /** Set when status is "failed": the permanent input error's reason and message. */
  errorReason?: string;
  errorMessage?: string;
  /** Claims beyond the per-article limit that were not stored (absent when none were dropped). */
  claimsOverLimit?: number;
  updatedAt: string;
}

export interface ArticleMeta {
  title?: string;
  url?: string;
  publishedAt: string;
  /** Claims the caller already left out for the per-article limit; the store adds those it drops itself. */
  claimsOverLimit?: number;
}

/** Outcome of a write guarded by the object's sequencer. */
export type WriteOutcome = { applied: true } | { applied: false; reason: "stale" | "duplicate" };

export interface Page<T> {
  items: T[];
  /** Opaque store cursor (the API layer signs it into a nextToken). */
  cursor?: string;
  /** Set on a list sorted by checkworthiness: how many claims the ranking covers (see ClaimQuery.sort). */
  ranking?: Ranking;
}

export interface Ranking {
  /** Claims ranked: the newest RANK_WINDOW that match the filters, or all of them. */
  ranked: number;
  /** False when older matching claims exist beyond the window (narrow from/to to rank them). */
  complete: boolean;
}

/** "newest": publication date, newest first. "checkworthiness": highest score first, then newest. */
export type ClaimSort = "newest" | "checkworthiness";

export interface SpeakerSummary {
  speakerId: string;
  speaker: string;
  speakerType: SpeakerType;
  claimCount: number;
  /** topic slug -> claim count */
  topics: Record<string, number>;
  /** "article" for a speaker known only within one article (its id is `<slug>--<hash>`). */
  speakerScope: SpeakerScope;
  /** Surface forms seen for this speaker ("Peskov", "spokesman Dmitry Peskov"). */
  aliases: string[];
  /** Roles the articles gave the speaker ("Labour MP", "spokesman"). */
  roles: string[];
  /** Organizations the speaker spoke for ("Argus Research"). */
  affiliations: string[];
  lastClaimAt?: string;
}

/** Which speakers a listing covers: global ones (the default), article-scoped ones, or both. */
export const SPEAKER_LIST_SCOPES = ["global", "article", "all"] as const;
export type SpeakerListScope = (typeof SPEAKER_LIST_SCOPES)[number];

export interface TopicSummary {
  topic: string;
  claimCount: number;
}

export interface ClaimQuery {
  topic?: string;
  /** inclusive ISO date or date-time */
  from?: string;
  /** inclusive ISO date or date-time */
  to?: string;
  /** Only claims scored at least this (0..1); claims stored before scoring have no score and are left out. */
  minCheckworthiness?: number;
  /** Default "newest". */
  sort?: ClaimSort;
  limit: number;
  cursor?: string;
}

export interface SpeakerQuery {
  type?: SpeakerType;
  /** case-insensitive substring of name or alias */
  q?: string;
  /** Default "global". */
  scope?: SpeakerListScope;
  limit: number;
  cursor?: string;
}

export interface FeedQuery {
  /** A position from a previous page; absent: `fromTime`, else the oldest change the feed keeps. */
  cursor?: string;
  /** Epoch milliseconds: start with the changes recorded at or after this time (without a cursor). */
  fromTime?: number;
  /** Claims per page. */
  limit: number;
}

/** One claim's change: its current content, or that it no longer exists. */
export type FeedChange =
  | { op: "upsert"; claimId: string; changedAt: string; claim: StoredClaim }
  | { op: "delete"; claimId: string; changedAt: string };

export interface FeedPage {
  items: FeedChange[];
  /** Where the next page starts (always present: a reader that is up to date polls with it). */
  cursor: string;
  /** True when the page reached the newest settled change. */
  caughtUp: boolean;
}

/** The write side, used by the ingest handler. */
export interface ClaimWriter {
  /** Replace every claim of the article with these, unless a newer (or the same) version was applied. */
  replaceArticle(version: ObjectVersion, meta: ArticleMeta, claims: StoredClaim[]): Promise<WriteOutcome>;
  /** Remove the article's claims; remembers the delete so a late older create cannot bring them back. */
  deleteArticle(version: ObjectVersion): Promise<WriteOutcome>;
  /** Record a permanent input error on the article's status item (its old claims are removed). */
  recordFailure(version: ObjectVersion, reason: string, message: string): Promise<WriteOutcome>;
  /**
   * Starts reading what the next write of this article reads first, so that the read overlaps the
   * caller's own work (downloading and analysing the article). Only a hint: a write never depends on it.
   */
  prefetch?(key: string): void;
  /** The article's stored version, read consistently: what a re-extraction must follow. */
  currentVersion?(key: string): Promise<ArticleRecord | undefined>;
}

/** The read side, used by the API handler. Cursors are opaque strings from a previous page. */
export interface ClaimReader {
  getArticle(key: string): Promise<ArticleRecord | undefined>;
  listArticleClaims(key: string): Promise<StoredClaim[]>;
  getClaim(id: string): Promise<StoredClaim | undefined>;
  listSpeakers(query: SpeakerQuery): Promise<Page<SpeakerSummary>>;
  getSpeaker(speakerId: string): Promise<SpeakerSummary | undefined>;
  listSpeakerClaims(speakerId: string, query: ClaimQuery): Promise<Page<StoredClaim>>;
  listTopics(): Promise<TopicSummary[]>;
  listTopicClaims(topic: string, query: Omit<ClaimQuery, "topic">): Promise<Page<StoredClaim>>;
  /** The claim's group (undefined: no such claim). */
  listRelatedClaims(claimId: string, query: { limit: number; cursor?: string }): Promise<RelatedClaims | undefined>;
  /** The speaker's most repeated statements, most reports first. */
  listRepeatedClaims(speakerId: string, limit: number): Promise<RepeatedStatement[]>;
  /** Claims added, changed or removed since a position, in the order the changes were recorded (feed-reader.ts). */
  readFeed(query: FeedQuery): Promise<FeedPage>;
}

export type ClaimStore = ClaimWriter & ClaimReader;

/** A claim's group, a page at a time, oldest report first. */
export interface RelatedClaims extends Page<StoredClaim> {
  /** Absent for a claim said once so far: the page then holds the claim alone. */
  groupId?: string;
  firstSeen: string;
  seenCount: number;
}

/** One of a speaker's statements said several times: its first report and how often it was seen. */
export interface RepeatedStatement {
  groupId: string;
  seenCount: number;
  firstSeen: string;
  lastSeen: string;
  claim: StoredClaim;
}
