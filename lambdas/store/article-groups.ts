/**
 * An article version's index groups: one item per speaker (`SPK#<speakerId>#<shard>`) and one per
 * topic (`TOP#<topic>#<shard>`), each listing the version's claim ids of that speaker or topic in
 * text order, under the article's date (keys.ts). They are the speaker and topic indexes (a speaker's
 * or topic's claims, newest first) and, through the table's stream, what the aggregator counts
 * (contributionOf): a group's change from its old to its new image is exactly what the version changed.
 *
 * Both kinds carry each claim's checkworthiness beside its id (checkworthiness-item.ts), so that a
 * list filtered or ordered by it reads no claim item it does not return.
 *
 * A speaker group also carries what a summary shows about the speaker (name, type, the article's
 * mentions of it, roles and affiliations), so summaries are built without reading claims, and each
 * claim's lookup values for repeated claims (`fk`, repeat-filing.ts), so that a repeat is found by
 * reading the speaker's newest groups rather than through an index entry per claim.
 *
 * A speaker known only within this article (an article-scoped id: "a spokesman", an unresolved "he")
 * has no other article to be counted with, so its group *is* its summary: written here, at the
 * summary's key, complete (counts, listing position), and never seen by the aggregator. One write
 * instead of a group and a summary.
 */
import type { StoredClaim } from "./types.ts";
import { isArticleScopedId } from "../core/ids.ts";
import { countClaims, type ArticleCounts } from "./article-counts.ts";
import { groupOwner, speakerGroupKey, speakerKey, topicGroupKey, type TableKey } from "./keys.ts";
import { GROUP_FILING_ATTRIBUTE, GROUP_IDS_ATTRIBUTE, GROUP_TOPICS_ATTRIBUTE } from "./schema.ts";
import { encodeFiling } from "./repeat-filing.ts";
import { nextSpeakerSummary } from "./speaker-summary.ts";
import { groupScoresAttribute } from "./checkworthiness-item.ts";

/** The groups of one version: the article's date, its speakers and its topics. Their keys follow from these and the article key. */
export interface GroupSet {
  d: string;
  s: string[];
  t: string[];
}

export function groupSetOf(claims: readonly StoredClaim[]): GroupSet | undefined {
  if (claims.length === 0) return undefined;
  const d = claims.reduce((newest, c) => (c.publishedAt > newest ? c.publishedAt : newest), claims[0]!.publishedAt);
  return { d, s: [...new Set(claims.map((c) => c.speakerId))], t: [...new Set(claims.map((c) => c.topic))] };
}

export function groupKeys(articleKeyValue: string, g: GroupSet): TableKey[] {
  return [...g.s.map((s) => speakerGroupKeyOf(s, articleKeyValue, g.d)), ...g.t.map((t) => topicGroupKey(t, articleKeyValue, g.d))];
}

/** Where a speaker's group of this article lives: its summary's key for a speaker known only here. */
const speakerGroupKeyOf = (speakerId: string, articleKeyValue: string, date: string): TableKey =>
  isArticleScopedId(speakerId) ? speakerKey(speakerId) : speakerGroupKey(speakerId, articleKeyValue, date);

/** The groups of `old` that `next` does not overwrite (undefined: none). */
export function staleGroups(old: GroupSet, next: GroupSet | undefined): GroupSet | undefined {
  const sameDate = next !== undefined && next.d === old.d;
  const s = sameDate ? old.s.filter((x) => !next.s.includes(x)) : old.s;
  const t = sameDate ? old.t.filter((x) => !next.t.includes(x)) : old.t;
  return s.length + t.length === 0 ? undefined : { d: old.d, s, t };
}

/** The group items of a version's claims (in text order), each tagged with the version's sequencer. */
export function groupItems(articleKeyValue: string, sequencer: string, claims: readonly StoredClaim[]): (TableKey & Record<string, unknown>)[] {
  const g = groupSetOf(claims);
  if (!g) return [];
  const counts = countClaims(claims);
  const speakers = g.s.map((speakerId) => {
    const own = claims.filter((c) => c.speakerId === speakerId);
    const s = counts.speakers[speakerId]!;
    const listed = { sq: sequencer, [GROUP_IDS_ATTRIBUTE]: own.map((c) => c.id), [GROUP_TOPICS_ATTRIBUTE]: own.map((c) => c.topic), ...groupScoresAttribute(own) };
    if (isArticleScopedId(speakerId)) {
      const summary = nextSpeakerSummary(undefined, {
        speakerId,
        claimDelta: s.n,
        articleDelta: 1,
        topicDeltas: s.t,
        ...(s.nm !== undefined && { speaker: s.nm }),
        ...(s.ty !== undefined && { speakerType: s.ty }),
        aliases: s.al ?? [],
        ...(s.ro && { roles: s.ro }),
        ...(s.af && { affiliations: s.af }),
        ...(s.la !== undefined && { latestClaimAt: s.la }),
      });
      return { ...summary, ...listed };
    }
    // Where a repeat of these claims looks for them (repeat-filing.ts).
    const filing = encodeFiling(own);
    return {
      ...speakerGroupKey(speakerId, articleKeyValue, g.d),
      ...listed,
      ...(filing && { [GROUP_FILING_ATTRIBUTE]: filing }),
      ...(s.nm !== undefined && { nm: s.nm }),
      ...(s.ty !== undefined && { ty: s.ty }),
      ...(s.al !== undefined && { al: s.al }),
      ...(s.ro !== undefined && { ro: s.ro }),
      ...(s.af !== undefined && { af: s.af }),
    };
  });
  const topics = g.t.map((topic) => {
    const own = claims.filter((c) => c.topic === topic);
    return { ...topicGroupKey(topic, articleKeyValue, g.d), sq: sequencer, [GROUP_IDS_ATTRIBUTE]: own.map((c) => c.id), ...groupScoresAttribute(own) };
  });
  return [...speakers, ...topics];
}

/**
 * What a group item (as a plain object, keys included) contributes to the speaker summaries or topic
 * counters; undefined for any other item. The aggregator diffs a group's old and new contribution.
 */
export function contributionOf(item: Record<string, unknown> | undefined): ArticleCounts | undefined {
  if (!item || typeof item.PK !== "string" || typeof item.SK !== "string") return undefined;
  const owner = groupOwner(item.PK);
  if (!owner) return undefined;
  const ids = Array.isArray(item[GROUP_IDS_ATTRIBUTE]) ? (item[GROUP_IDS_ATTRIBUTE] as unknown[]) : [];
  if (owner.kind === "topic") return { speakers: {}, topics: { [owner.id]: ids.length } };
  const topics = Array.isArray(item[GROUP_TOPICS_ATTRIBUTE]) ? (item[GROUP_TOPICS_ATTRIBUTE] as unknown[]).map(String) : [];
  const t: Record<string, number> = {};
  for (const topic of topics) t[topic] = (t[topic] ?? 0) + 1;
  const date = item.SK.slice(0, item.SK.lastIndexOf("#"));
  return {
    speakers: {
      [owner.id]: {
        n: ids.length,
        t,
        ...(typeof item.nm === "string" && { nm: item.nm }),
        ...(typeof item.ty === "string" && { ty: item.ty as never }),
        ...(Array.isArray(item.al) && { al: item.al.map(String) }),
        ...(Array.isArray(item.ro) && { ro: item.ro.map(String) }),
        ...(Array.isArray(item.af) && { af: item.af.map(String) }),
        ...(date !== "" && { la: date }),
      },
    },
    topics: {},
  };
}
