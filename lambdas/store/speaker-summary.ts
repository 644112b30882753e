/**
 * The speaker summary item (`SPEAKER#<id>` / `PROFILE`): name, type, aliases and exact claim counts.
 * While the speaker has claims it carries GSI3 keys, listing it under `SPEAKERS#<shard>` sorted by
 * claim count; a speaker whose count falls to zero is deleted.
 */
import type { SpeakerSummary } from "./types.ts";
import type { SpeakerChange } from "./article-counts.ts";
import { shardOf, speakerKey, speakerListPartition, speakerListSortKey, type TableKey } from "./keys.ts";
import { SHARDS } from "./schema.ts";

export const MAX_ALIASES = 12;
const MAX_ALIAS_CHARS = 120;

export type SpeakerSummaryItem = TableKey & {
  speakerId: string;
  speaker: string;
  speakerType: SpeakerSummary["speakerType"];
  claimCount: number;
  topics: Record<string, number>;
  aliases: string[];
  /** Lower-cased name and aliases, for the case-insensitive `q` filter. */
  search: string;
  lastClaimAt?: string;
  /** Optimistic-concurrency version: every write is conditional on the version it read. */
  ver: number;
  GSI3PK: string;
  GSI3SK: string;
};

/** The summary after a change, or undefined when the speaker has no claims left. */
export function applySpeakerChange(current: SpeakerSummaryItem | undefined, change: SpeakerChange): SpeakerSummaryItem | undefined {
  const claimCount = (current?.claimCount ?? 0) + change.claimDelta;
  if (claimCount <= 0) return undefined;
  const topics = { ...current?.topics };
  for (const [topic, d] of Object.entries(change.topicDeltas)) {
    const n = (topics[topic] ?? 0) + d;
    if (n > 0) topics[topic] = n;
    else delete topics[topic];
  }
  const speaker = current?.speaker || change.speaker || change.speakerId;
  const aliases = [...new Set([...(current?.aliases ?? []), ...change.aliases.map((a) => a.slice(0, MAX_ALIAS_CHARS))])]
    .filter((a) => a !== speaker)
    .slice(0, MAX_ALIASES);
  const lastClaimAt = [current?.lastClaimAt, change.latestClaimAt].filter((d): d is string => !!d).sort().at(-1);
  return {
    ...speakerKey(change.speakerId),
    speakerId: change.speakerId,
    speaker,
    speakerType: change.speakerType ?? current?.speakerType ?? "unknown",
    claimCount,
    topics,
    aliases,
    search: [speaker, ...aliases].join("\n").toLowerCase(),
    ...(lastClaimAt && { lastClaimAt }),
    ver: (current?.ver ?? 0) + 1,
    GSI3PK: speakerListPartition(shardOf(change.speakerId, SHARDS.speakerList)),
    GSI3SK: speakerListSortKey(claimCount, change.speakerId),
  };
}

export function toSpeakerSummary(item: Record<string, unknown>): SpeakerSummary {
  const i = item as Partial<SpeakerSummaryItem>;
  return {
    speakerId: String(i.speakerId ?? ""),
    speaker: String(i.speaker ?? ""),
    speakerType: i.speakerType ?? "unknown",
    claimCount: Number(i.claimCount ?? 0),
    topics: { ...i.topics },
    aliases: [...(i.aliases ?? [])],
    ...(i.lastClaimAt && { lastClaimAt: i.lastClaimAt }),
  };
}
