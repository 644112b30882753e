/**
 * The speaker summary item (`SPEAKER#<id>` / `PROFILE`): name, type, aliases and exact claim counts.
 *
 * Counts change by ADD inside each article's commit transaction (speakerChangeOp): additions commute,
 * so articles of one prolific speaker committing at the same time never invalidate each other, and
 * the counts are exact whatever the interleaving. What ADD cannot compute (the position in the
 * most-claims-first index, the search text, the newest claim date) is set in the same update from the
 * summary as read just before; when a concurrent article made that guess stale, tidySpeaker (run after
 * the commit, conditional on the item's revision) corrects it, and deletes a speaker left with none.
 */
import type { SpeakerSummary } from "./types.ts";
import type { SpeakerChange } from "./article-counts.ts";
import { shardOf, speakerKey, speakerListPartition, speakerListSortKey, type TableKey } from "./keys.ts";
import { SHARDS } from "./schema.ts";
import type { SpeakerNames } from "./speaker-search.ts";

export const MAX_ALIASES = 12;
const MAX_ALIAS_CHARS = 120;
/** Per-topic counts are top-level numbers `t_<topic>`, so ADD can create them. */
const TOPIC_PREFIX = "t_";

export type SpeakerItem = TableKey & Record<string, unknown>;

const listPartition = (speakerId: string) => speakerListPartition(shardOf(speakerId, SHARDS.speakerList));

/** The aliases a change adds to the summary's set, bounded as stored. */
const aliasesAdded = (change: SpeakerChange) => change.aliases.map((a) => a.slice(0, MAX_ALIAS_CHARS)).slice(0, MAX_ALIASES);

/** The names a change gives the summary, as the search index takes them. */
export const searchNamesOf = (change: SpeakerChange): SpeakerNames => ({
  speakerId: change.speakerId,
  ...(change.speaker !== undefined && { speaker: change.speaker }),
  aliases: aliasesAdded(change),
});

/** The commit transaction's part for one speaker, given the summary as read before the commit. */
export function speakerChangeOp(tableName: string, change: SpeakerChange, before: SpeakerItem | undefined) {
  const names: Record<string, string> = { "#n": "claimCount", "#rev": "rev", "#sid": "speakerId", "#gpk": "GSI3PK", "#gsk": "GSI3SK" };
  const values: Record<string, unknown> = { ":dn": change.claimDelta, ":one": 1, ":sid": change.speakerId };
  const set = ["#sid = :sid"];
  const add = ["#n :dn", "#rev :one"];
  const remove: string[] = [];
  Object.entries(change.topicDeltas).forEach(([topic, d], i) => {
    names[`#t${i}`] = TOPIC_PREFIX + topic;
    values[`:t${i}`] = d;
    add.push(`#t${i} :t${i}`);
  });
  const newAliases = aliasesAdded(change);
  if (newAliases.length > 0) {
    names["#al"] = "aliases";
    values[":al"] = new Set(newAliases);
    add.push("#al :al");
  }
  const expectedCount = Number(before?.claimCount ?? 0) + change.claimDelta;
  if (expectedCount > 0) {
    const speaker = String(before?.speaker ?? change.speaker ?? change.speakerId);
    const aliases = [...new Set([...aliasesOf(before ?? {}), ...newAliases])].sort().filter((a) => a !== speaker).slice(0, MAX_ALIASES);
    const lastClaimAt = [before?.lastClaimAt, change.latestClaimAt].filter((d): d is string => typeof d === "string" && d !== "").sort().at(-1);
    Object.assign(names, { "#name": "speaker", "#search": "search" });
    Object.assign(values, {
      ":name": speaker,
      ":gpk": listPartition(change.speakerId),
      ":gsk": speakerListSortKey(expectedCount, change.speakerId),
      ":search": [speaker, ...aliases].join("\n").toLowerCase(),
    });
    set.push("#name = if_not_exists(#name, :name)", "#gpk = :gpk", "#gsk = :gsk", "#search = :search");
    if (change.speakerType !== undefined) {
      names["#type"] = "speakerType";
      values[":type"] = change.speakerType;
      set.push("#type = :type");
    }
    if (lastClaimAt) {
      names["#last"] = "lastClaimAt";
      values[":last"] = lastClaimAt;
      set.push("#last = :last");
    }
  } else {
    // No claims left (as far as this writer can tell): out of the listing at once; tidySpeaker deletes it.
    remove.push("#gpk", "#gsk");
  }
  return {
    Update: {
      TableName: tableName,
      Key: speakerKey(change.speakerId),
      UpdateExpression: `SET ${set.join(", ")} ADD ${add.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export type TidyAction =
  | { kind: "delete" }
  | { kind: "update"; set: Record<string, unknown>; remove: string[] };

/** What the summary needs after its counts changed; undefined when it is already in order. */
export function tidySpeaker(item: SpeakerItem, latestClaimAt?: string): TidyAction | undefined {
  const claimCount = Number(item.claimCount ?? 0);
  if (claimCount <= 0) return { kind: "delete" };
  const speaker = String(item.speaker ?? item.speakerId ?? "");
  const aliasesNow = aliasesOf(item);
  const aliases = aliasesNow.filter((a) => a !== speaker).slice(0, MAX_ALIASES);
  const trimmed = aliases.length !== aliasesNow.length;
  const set: Record<string, unknown> = {};
  const remove = Object.entries(item)
    .filter(([k, v]) => k.startsWith(TOPIC_PREFIX) && Number(v) <= 0)
    .map(([k]) => k);
  const sortKey = speakerListSortKey(claimCount, String(item.speakerId));
  if (item.GSI3SK !== sortKey) set.GSI3SK = sortKey;
  if (item.GSI3PK !== listPartition(String(item.speakerId))) set.GSI3PK = listPartition(String(item.speakerId));
  if (trimmed) {
    if (aliases.length > 0) set.aliases = new Set(aliases);
    else remove.push("aliases");
  }
  const search = [speaker, ...aliases].join("\n").toLowerCase();
  if (item.search !== search) set.search = search;
  if (latestClaimAt && !(typeof item.lastClaimAt === "string" && item.lastClaimAt >= latestClaimAt)) set.lastClaimAt = latestClaimAt;
  return Object.keys(set).length || remove.length ? { kind: "update", set, remove } : undefined;
}

function aliasesOf(item: Record<string, unknown>): string[] {
  const a = item.aliases;
  return a instanceof Set ? [...a].map(String).sort() : Array.isArray(a) ? a.map(String) : [];
}

export function toSpeakerSummary(item: Record<string, unknown>): SpeakerSummary {
  const topics: Record<string, number> = {};
  for (const [k, v] of Object.entries(item)) if (k.startsWith(TOPIC_PREFIX) && Number(v) > 0) topics[k.slice(TOPIC_PREFIX.length)] = Number(v);
  const speaker = String(item.speaker ?? item.speakerId ?? "");
  return {
    speakerId: String(item.speakerId ?? ""),
    speaker,
    speakerType: (item.speakerType as SpeakerSummary["speakerType"]) ?? "unknown",
    claimCount: Number(item.claimCount ?? 0),
    topics,
    aliases: aliasesOf(item).filter((a) => a !== speaker),
    ...(typeof item.lastClaimAt === "string" && { lastClaimAt: item.lastClaimAt }),
  };
}
