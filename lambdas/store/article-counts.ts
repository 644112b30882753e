/**
 * What one version of an article contributes to the speaker and topic summaries, and the difference
 * between two contributions. Each index group of the article (article-groups.ts) holds its part of
 * the current contribution; the aggregator (aggregate.ts) folds the difference between a group's old
 * and new contribution into the summaries, so replacing or deleting the article changes them by
 * exactly that difference, once.
 */
import type { StoredClaim } from "./types.ts";
import type { SpeakerType } from "../core/model.ts";

/**
 * One speaker's part of one article version. Besides the counts it carries what a summary shows
 * about the speaker (name, type, the article's mentions of it, its newest claim date), so the
 * aggregator can build a summary from the speaker's group alone, without reading claims. Short names:
 * each KB of a group is a write unit.
 */
export interface SpeakerContribution {
  n: number;
  /** topic -> claims */
  t: Record<string, number>;
  /** Canonical name as the version's first claim of the speaker gives it. */
  nm?: string;
  ty?: SpeakerType;
  /** Mentions other than the name (aliases), at most MAX_MENTIONS. */
  al?: string[];
  /** Newest claim date (ISO). */
  la?: string;
  /** Roles and affiliations the version's claims give the speaker, at most MAX_ATTRIBUTES each. */
  ro?: string[];
  af?: string[];
}

export interface ArticleCounts {
  speakers: Record<string, SpeakerContribution>;
  topics: Record<string, number>;
}

export const NO_COUNTS: ArticleCounts = { speakers: {}, topics: {} };

/** Mentions of one speaker kept per article version; a summary keeps its own bounded set. */
export const MAX_MENTIONS = 12;
const MAX_MENTION_CHARS = 120;
/** Roles and affiliations kept per speaker, in an article version and on the summary. */
export const MAX_ATTRIBUTES = 8;

/** How one speaker's summary must change; name, type and aliases come from the new version. */
export interface SpeakerChange {
  speakerId: string;
  claimDelta: number;
  /** +1 when the speaker appears in an article it was not in, -1 when it leaves one (absent: 0). */
  articleDelta?: number;
  topicDeltas: Record<string, number>;
  speaker?: string;
  speakerType?: SpeakerType;
  aliases: string[];
  /** Roles and affiliations the new version gives the speaker (accumulated on the summary). */
  roles?: string[];
  affiliations?: string[];
  latestClaimAt?: string;
}

export function countClaims(claims: readonly StoredClaim[]): ArticleCounts {
  const speakers: Record<string, SpeakerContribution> = {};
  const topics: Record<string, number> = {};
  for (const c of claims) {
    const s = (speakers[c.speakerId] ??= { n: 0, t: {}, nm: c.speaker, ty: c.speakerType, la: c.publishedAt });
    s.n++;
    s.t[c.topic] = (s.t[c.topic] ?? 0) + 1;
    if (c.publishedAt > (s.la ?? "")) s.la = c.publishedAt;
    const mention = c.speakerMention?.slice(0, MAX_MENTION_CHARS);
    if (mention && mention !== s.nm && !(s.al ?? []).includes(mention) && (s.al?.length ?? 0) < MAX_MENTIONS) (s.al ??= []).push(mention);
    addBounded(s, "ro", c.speakerRole);
    addBounded(s, "af", c.speakerAffiliation);
    topics[c.topic] = (topics[c.topic] ?? 0) + 1;
  }
  return { speakers, topics };
}

/** The change from one version's contribution to the next's: per speaker and per topic, zeros left out. */
export function diffCounts(before: ArticleCounts, after: ArticleCounts): { speakers: SpeakerChange[]; topics: Record<string, number> } {
  const topics = subtractMaps(after.topics, before.topics);
  const speakers: SpeakerChange[] = [];
  for (const speakerId of new Set([...Object.keys(before.speakers), ...Object.keys(after.speakers)])) {
    const b = before.speakers[speakerId] ?? { n: 0, t: {} };
    const a = after.speakers[speakerId];
    const topicDeltas = subtractMaps(a?.t ?? {}, b.t);
    const claimDelta = (a?.n ?? 0) - b.n;
    const articleDelta = ((a?.n ?? 0) > 0 ? 1 : 0) - (b.n > 0 ? 1 : 0);
    // Same counts: nothing to change (a new mention alone waits for the speaker's next change).
    if (claimDelta === 0 && Object.keys(topicDeltas).length === 0) continue;
    speakers.push({
      speakerId,
      claimDelta,
      ...(articleDelta !== 0 && { articleDelta }),
      topicDeltas,
      ...(a?.nm !== undefined && { speaker: a.nm }),
      ...(a?.ty !== undefined && { speakerType: a.ty }),
      aliases: a?.al ?? [],
      ...(a?.ro && { roles: a.ro }),
      ...(a?.af && { affiliations: a.af }),
      ...(a?.la !== undefined && { latestClaimAt: a.la }),
    });
  }
  return { speakers, topics };
}

function addBounded(s: SpeakerContribution, attr: "ro" | "af", value: string | undefined): void {
  const v = value?.trim().slice(0, MAX_MENTION_CHARS);
  if (!v || s[attr]?.includes(v) || (s[attr]?.length ?? 0) >= MAX_ATTRIBUTES) return;
  (s[attr] ??= []).push(v);
}

/** a - b per key, leaving out zeros. */
function subtractMaps(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}
