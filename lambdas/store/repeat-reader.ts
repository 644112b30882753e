/**
 * The read side of repeated claims (repeat-groups.ts writes them): a group's members from one Query of
 * INDEX.repeats, `GRP#<speakerId>` / `begins_with <groupId>#` (keys only, oldest first); a speaker's
 * most repeated statements from one Query of the speaker's whole partition there, which holds only its
 * grouped claims.
 *
 * Annotating a list of claims (`firstSeen`, `seenCount`) reads no member list: per group, its oldest
 * entry (Limit 1) and its size (Select COUNT). An article whose claims sit in large groups once read
 * up to 1,000 entries for each of them, and one such article kept the API past its 4 s deadline.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { claimIdOfKey, parseRepeatSortKey, repeatPartition } from "./keys.ts";
import { INDEX, REPEAT_PARTITION_ATTRIBUTE, REPEAT_SORT_ATTRIBUTE } from "./schema.ts";
import type { RelatedClaims, RepeatedStatement, StoredClaim } from "./types.ts";

/**
 * Entries read for one group at most. A line repeated more often still counts this many, from its
 * first report on; no news statement seen so far comes near it.
 */
export const MAX_GROUP_ENTRIES = 1_000;
/** Entries of a speaker's partition read for its most repeated statements: one Query page (≤ 1 MB, ~8,000 entries) at most. */
const MAX_SPEAKER_ENTRIES = 5_000;

export interface RepeatReaderContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  meter: CapacityMeter;
  /** Full claims by id, in the ids' order (claims gone meanwhile left out). */
  claimsById(ids: readonly string[]): Promise<StoredClaim[]>;
}

interface Entry {
  claimId: string;
  groupId: string;
  publishedAt: string;
}

export function createRepeatReader(ctx: RepeatReaderContext) {
  const { client, tableName } = ctx;

  async function entries(speakerId: string, groupId: string | undefined, max: number): Promise<Entry[]> {
    const found: Entry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await queryGroup(speakerId, groupId, { Limit: max - found.length, ...(start && { ExclusiveStartKey: start }) });
      for (const item of out.Items ?? []) {
        const claimId = claimIdOfKey(String(item.PK));
        if (claimId !== undefined) found.push({ claimId, ...parseRepeatSortKey(String(item[REPEAT_SORT_ATTRIBUTE])) });
      }
      start = out.LastEvaluatedKey;
    } while (start && found.length < max);
    return found;
  }

  /** One Query of the speaker's entries (keys only, oldest first), of one group's when `groupId` is given. */
  async function queryGroup(speakerId: string, groupId: string | undefined, params: { Limit?: number; Select?: "COUNT"; ExclusiveStartKey?: Record<string, unknown> }) {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.repeats,
        KeyConditionExpression: groupId === undefined ? "#gp = :gp" : "#gp = :gp AND begins_with(#gs, :g)",
        ExpressionAttributeNames: { "#gp": REPEAT_PARTITION_ATTRIBUTE, ...(groupId !== undefined && { "#gs": REPEAT_SORT_ATTRIBUTE }) },
        ExpressionAttributeValues: { ":gp": repeatPartition(speakerId), ...(groupId !== undefined && { ":g": `${groupId}#` }) },
        ...params,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    ctx.meter.record(out.ConsumedCapacity, "read");
    return out;
  }

  /**
   * What annotating needs of the group of `claims` (one speaker, one group): the date of its oldest
   * entry and how many entries it has (counted up to MAX_GROUP_ENTRIES).
   */
  async function groupStats(claims: readonly StoredClaim[]): Promise<{ oldest?: string; count: number }> {
    const { speakerId, groupId } = claims[0]! as StoredClaim & { groupId: string };
    const counting = async () => {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await queryGroup(speakerId, groupId, { Select: "COUNT", Limit: MAX_GROUP_ENTRIES - count, ...(start && { ExclusiveStartKey: start }) });
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start && count < MAX_GROUP_ENTRIES);
      return count;
    };
    const [oldest, count] = await Promise.all([queryGroup(speakerId, groupId, { Limit: 1 }), counting()]);
    const first = oldest.Items?.[0];
    return { ...(first && { oldest: parseRepeatSortKey(String(first[REPEAT_SORT_ATTRIBUTE])).publishedAt }), count };
  }

  /** A group's members, oldest first (ties by claim id, so pages are stable). */
  async function members(speakerId: string, groupId: string): Promise<Entry[]> {
    return (await entries(speakerId, groupId, MAX_GROUP_ENTRIES)).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.claimId.localeCompare(b.claimId));
  }

  return {
    /** The claims with `firstSeen` and `seenCount` set on grouped ones: two small Queries per distinct group. */
    async annotate(claims: StoredClaim[]): Promise<StoredClaim[]> {
      const groups = new Map<string, StoredClaim[]>();
      for (const c of claims) if (c.groupId !== undefined) groups.set(`${c.speakerId}\u0000${c.groupId}`, [...(groups.get(`${c.speakerId}\u0000${c.groupId}`) ?? []), c]);
      if (groups.size === 0) return claims;
      const stats = new Map(await Promise.all([...groups].map(async ([k, members]) => [k, await groupStats(members)] as const)));
      return claims.map((c) => {
        if (c.groupId === undefined) return c;
        const s = stats.get(`${c.speakerId}\u0000${c.groupId}`)!;
        // The index lags its items by a moment: a claim just written counts at least itself (and may
        // be counted a moment late in a group that already has members).
        const count = Math.max(s.count, 1);
        const first = s.oldest !== undefined && s.oldest < c.publishedAt ? s.oldest : c.publishedAt;
        return { ...c, firstSeen: first, seenCount: count };
      });
    },

    /** A page of the claim's group, oldest first; a claim in no group is its own group of one. */
    async related(claim: StoredClaim, query: { limit: number; cursor?: string }): Promise<RelatedClaims> {
      if (claim.groupId === undefined) {
        if (query.cursor !== undefined) decodeCursor(query.cursor, `related:${claim.id}`, 1);
        return { firstSeen: claim.publishedAt, seenCount: 1, items: [{ ...claim, firstSeen: claim.publishedAt, seenCount: 1 }] };
      }
      const all = await members(claim.speakerId, claim.groupId);
      const scope = `related:${claim.groupId}`;
      const after = query.cursor === undefined ? undefined : (decodeCursor(query.cursor, scope, 1)[0] as { at: string } | undefined)?.at;
      const position = (e: Entry) => `${e.publishedAt}\u0000${e.claimId}`;
      const rest = after === undefined ? all : all.filter((e) => position(e) > after);
      const page = rest.slice(0, query.limit);
      const items = await ctx.claimsById(page.map((e) => e.claimId));
      const counted = all.some((e) => e.claimId === claim.id) ? all : [...all, { claimId: claim.id, groupId: claim.groupId, publishedAt: claim.publishedAt }];
      const firstSeen = counted.reduce((d, e) => (e.publishedAt < d ? e.publishedAt : d), claim.publishedAt);
      return {
        groupId: claim.groupId,
        firstSeen,
        seenCount: counted.length,
        items: items.map((c) => ({ ...c, firstSeen, seenCount: counted.length })),
        ...(rest.length > page.length && { cursor: encodeCursor(scope, [{ at: position(page[page.length - 1]!), skip: 1 }]) }),
      };
    },

    /** The speaker's statements said most often (two times or more), most first, each with its first report. */
    async mostRepeated(speakerId: string, limit: number): Promise<RepeatedStatement[]> {
      const byGroup = new Map<string, Entry[]>();
      for (const e of await entries(speakerId, undefined, MAX_SPEAKER_ENTRIES)) (byGroup.get(e.groupId) ?? byGroup.set(e.groupId, []).get(e.groupId)!).push(e);
      const top = [...byGroup.values()]
        .filter((g) => g.length >= 2)
        .map((g) => g.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.claimId.localeCompare(b.claimId)))
        .sort((a, b) => b.length - a.length || b[b.length - 1]!.publishedAt.localeCompare(a[a.length - 1]!.publishedAt))
        .slice(0, limit);
      const claims = new Map((await ctx.claimsById(top.map((g) => g[0]!.claimId))).map((c) => [c.id, c]));
      return top.flatMap((g) => {
        const claim = claims.get(g[0]!.claimId);
        if (!claim) return [];
        const stats = { seenCount: g.length, firstSeen: g[0]!.publishedAt };
        return [{ groupId: g[0]!.groupId, ...stats, lastSeen: g[g.length - 1]!.publishedAt, claim: { ...claim, ...stats } }];
      });
    },
  };
}
