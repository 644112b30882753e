/**
 * What one version of an article contributes to the speaker and topic counts, and the difference
 * between two versions. The article's META item keeps its current contribution, so replacing or
 * deleting the article changes the summaries by exactly the difference, once (see article-writer.ts).
 */
import type { StoredClaim } from "./types.ts";
import type { SpeakerType } from "../core/model.ts";

export interface SpeakerContribution {
  n: number;
  /** topic -> claims */
  t: Record<string, number>;
}

export interface ArticleCounts {
  speakers: Record<string, SpeakerContribution>;
  topics: Record<string, number>;
}

export const NO_COUNTS: ArticleCounts = { speakers: {}, topics: {} };

/** How one speaker's summary must change; name, type and aliases come from the new version's claims. */
export interface SpeakerChange {
  speakerId: string;
  claimDelta: number;
  topicDeltas: Record<string, number>;
  speaker?: string;
  speakerType?: SpeakerType;
  aliases: string[];
  /** Roles and affiliations the new version's claims give the speaker (accumulated on the summary). */
  roles?: string[];
  affiliations?: string[];
  latestClaimAt?: string;
}

export function countClaims(claims: readonly StoredClaim[]): ArticleCounts {
  const speakers: Record<string, SpeakerContribution> = {};
  const topics: Record<string, number> = {};
  for (const c of claims) {
    const s = (speakers[c.speakerId] ??= { n: 0, t: {} });
    s.n++;
    s.t[c.topic] = (s.t[c.topic] ?? 0) + 1;
    topics[c.topic] = (topics[c.topic] ?? 0) + 1;
  }
  return { speakers, topics };
}

export function diffCounts(before: ArticleCounts, after: ArticleCounts, claims: readonly StoredClaim[]): { speakers: SpeakerChange[]; topics: Record<string, number> } {
  const topics = subtractMaps(after.topics, before.topics);
  const speakers: SpeakerChange[] = [];
  for (const speakerId of new Set([...Object.keys(before.speakers), ...Object.keys(after.speakers)])) {
    const b = before.speakers[speakerId] ?? { n: 0, t: {} };
    const a = after.speakers[speakerId] ?? { n: 0, t: {} };
    const topicDeltas = subtractMaps(a.t, b.t);
    if (a.n === b.n && Object.keys(topicDeltas).length === 0) continue;
    const own = claims.filter((c) => c.speakerId === speakerId);
    const first = own[0];
    speakers.push({
      speakerId,
      claimDelta: a.n - b.n,
      topicDeltas,
      ...(first && { speaker: first.speaker, speakerType: first.speakerType }),
      aliases: [...new Set(own.map((c) => c.speakerMention).filter((m) => m && m !== first?.speaker))],
      ...nonEmpty("roles", distinct(own.map((c) => c.speakerRole))),
      ...nonEmpty("affiliations", distinct(own.map((c) => c.speakerAffiliation))),
      ...(first && { latestClaimAt: own.reduce((m, c) => (c.publishedAt > m ? c.publishedAt : m), first.publishedAt) }),
    });
  }
  return { speakers, topics };
}

const nonEmpty = <K extends string>(name: K, values: string[]) => (values.length > 0 ? ({ [name]: values } as Record<K, string[]>) : {});
const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => typeof v === "string" && v.trim() !== ""))];

/** a - b per key, leaving out zeros. */
function subtractMaps(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}
