/**
 * The speaker summary item (`SPEAKERS#<shard>` / `<speakerId>`): name, type, aliases and exact claim
 * counts, and its position in the most-claims-first listing: GSI3 keys for a speaker with
 * RANKED_MIN_CLAIMS claims or more. Most speakers of a news stream are named in one article only;
 * leaving them out of GSI3 saves an index write for each of them, and the listing reads them from the
 * summaries' own partitions after the ranked ones (claim-reader.ts).
 *
 * Summaries are written only by the aggregator (aggregate.ts, aggregator.ts): it reads a summary, folds
 * the changes of a batch of articles into it with nextSpeakerSummary (pure), and puts the result back,
 * conditional on the revision it read. A summary whose count falls to zero stays as a tombstone out of
 * the listing (no GSI3 keys), so the watermarks that keep a redelivered batch from counting twice
 * outlive it.
 */
import type { SpeakerSummary } from "./types.ts";
import type { SpeakerChange } from "./article-counts.ts";
import { MAX_ATTRIBUTES } from "./article-counts.ts";
import { speakerKey, speakerListSortKey, type TableKey } from "./keys.ts";
import { isArticleScopedId } from "../core/ids.ts";
import type { SpeakerNames } from "./speaker-search.ts";

export const MAX_ALIASES = 12;
const MAX_ALIAS_CHARS = 120;
/** Per-topic counts: a map topic -> claims (one attribute, so the ranking index can project it). */
const TOPICS = "tc";
/**
 * Speakers with fewer claims are listed from the summaries' partitions, not from GSI3: most speakers of
 * a news stream have one or two claims, and each of them would otherwise cost an index entry, and a
 * move of it at the second claim.
 */
export const RANKED_MIN_CLAIMS = 3;

export type SpeakerItem = TableKey & Record<string, unknown>;

const ATTRIBUTE_SETS = ["roles", "affiliations"] as const;

/**
 * The summary after a change: counts moved by the change's deltas, aliases accumulated (at most
 * MAX_ALIASES), the newest claim date kept, the listing position recomputed from the new count. The
 * name is the one first seen; the type follows the newest change that states one. Attributes this
 * module does not know (the aggregator's watermarks, other modules' additions) are carried over.
 */
export function nextSpeakerSummary(before: SpeakerItem | undefined, change: SpeakerChange): SpeakerItem {
  const speakerId = change.speakerId;
  const item: SpeakerItem = { ...(before ?? {}), ...speakerKey(speakerId), speakerId };
  const claimCount = Number(before?.claimCount ?? 0) + change.claimDelta;
  const topics: Record<string, number> = { ...((before?.[TOPICS] as Record<string, number> | undefined) ?? {}) };
  for (const [topic, d] of Object.entries(change.topicDeltas)) topics[topic] = Number(topics[topic] ?? 0) + d;
  for (const [topic, n] of Object.entries(topics)) if (Number(n) <= 0) delete topics[topic];
  item[TOPICS] = topics;
  item.claimCount = claimCount;
  const articleCount = Number(before?.articleCount ?? 0) + (change.articleDelta ?? 0);
  if (articleCount > 0) item.articleCount = articleCount;
  else delete item.articleCount;
  item.rev = Number(before?.rev ?? 0) + 1;
  delete item.GSI3PK;
  delete item.GSI3SK;
  // A tombstone (no claims left) is found by no read: getSpeaker and the listing need a positive count.
  if (claimCount <= 0) return item;
  const speaker = String(before?.speaker ?? change.speaker ?? speakerId);
  item.speaker = speaker;
  if (change.speakerType !== undefined) item.speakerType = change.speakerType;
  const aliases = [...new Set([...aliasesOf(before ?? {}), ...change.aliases.map((a) => a.slice(0, MAX_ALIAS_CHARS))])]
    .filter((a) => a !== speaker)
    .sort()
    .slice(0, MAX_ALIASES);
  if (aliases.length > 0) item.aliases = new Set(aliases);
  else delete item.aliases;
  for (const attr of ATTRIBUTE_SETS) {
    const values = [...new Set([...setOf(before ?? {}, attr), ...(change[attr] ?? [])])].sort().slice(0, MAX_ATTRIBUTES);
    if (values.length > 0) item[attr] = new Set(values);
  }
  const lastClaimAt = [before?.lastClaimAt, change.latestClaimAt].filter((d): d is string => typeof d === "string" && d !== "").sort().at(-1);
  if (lastClaimAt) item.lastClaimAt = lastClaimAt;
  if (claimCount >= RANKED_MIN_CLAIMS) {
    // The ranking's partition is the summary's own: global and article-scoped speakers are listed apart.
    item.GSI3PK = speakerKey(speakerId).PK;
    item.GSI3SK = speakerListSortKey(claimCount, speakerId);
  }
  return item;
}

/** The names a change gives the summary, bounded as stored, as the search index takes them. */
export const searchNamesOf = (change: SpeakerChange): SpeakerNames => ({
  speakerId: change.speakerId,
  ...(change.speaker !== undefined && { speaker: change.speaker }),
  aliases: change.aliases.map((a) => a.slice(0, MAX_ALIAS_CHARS)),
  articleDelta: change.articleDelta ?? 0,
});

/** Two changes of one speaker as one (the later one's name and type win where both state them). */
export function mergeSpeakerChanges(a: SpeakerChange, b: SpeakerChange): SpeakerChange {
  const topicDeltas = { ...a.topicDeltas };
  for (const [topic, d] of Object.entries(b.topicDeltas)) {
    const sum = (topicDeltas[topic] ?? 0) + d;
    if (sum === 0) delete topicDeltas[topic];
    else topicDeltas[topic] = sum;
  }
  const latest = [a.latestClaimAt, b.latestClaimAt].filter((d): d is string => d !== undefined).sort().at(-1);
  const speaker = b.speaker ?? a.speaker;
  const speakerType = b.speakerType ?? a.speakerType;
  return {
    speakerId: a.speakerId,
    claimDelta: a.claimDelta + b.claimDelta,
    ...((a.articleDelta ?? 0) + (b.articleDelta ?? 0) !== 0 && { articleDelta: (a.articleDelta ?? 0) + (b.articleDelta ?? 0) }),
    topicDeltas,
    ...(speaker !== undefined && { speaker }),
    ...(speakerType !== undefined && { speakerType }),
    aliases: [...new Set([...a.aliases, ...b.aliases])],
    ...unionOf("roles", a.roles, b.roles),
    ...unionOf("affiliations", a.affiliations, b.affiliations),
    ...(latest !== undefined && { latestClaimAt: latest }),
  };
}

function unionOf<K extends "roles" | "affiliations">(name: K, a: string[] | undefined, b: string[] | undefined) {
  const values = [...new Set([...(a ?? []), ...(b ?? [])])];
  return values.length > 0 ? ({ [name]: values } as Record<K, string[]>) : {};
}

function setOf(item: Record<string, unknown>, attr: string): string[] {
  const a = item[attr];
  return a instanceof Set ? [...a].map(String).sort() : Array.isArray(a) ? a.map(String) : [];
}

const aliasesOf = (item: Record<string, unknown>) => setOf(item, "aliases");

export function toSpeakerSummary(item: Record<string, unknown>): SpeakerSummary {
  const topics: Record<string, number> = {};
  for (const [k, v] of Object.entries((item[TOPICS] as Record<string, unknown> | undefined) ?? {})) if (Number(v) > 0) topics[k] = Number(v);
  const speaker = String(item.speaker ?? item.speakerId ?? "");
  return {
    speakerId: String(item.speakerId ?? ""),
    speaker,
    speakerType: (item.speakerType as SpeakerSummary["speakerType"]) ?? "unknown",
    claimCount: Number(item.claimCount ?? 0),
    topics,
    speakerScope: isArticleScopedId(String(item.speakerId ?? "")) ? "article" : "global",
    aliases: aliasesOf(item).filter((a) => a !== speaker),
    roles: setOf(item, "roles").slice(0, MAX_ATTRIBUTES),
    affiliations: setOf(item, "affiliations").slice(0, MAX_ATTRIBUTES),
    ...(typeof item.lastClaimAt === "string" && { lastClaimAt: item.lastClaimAt }),
  };
}
