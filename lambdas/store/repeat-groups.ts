/**
 * Repeated claims at ingest: before an article version is written, each of its claims that can be
 * repeated (repeat-filing.ts) is matched against the claims its speaker said before, and one that says
 * the same thing (sameStatement) joins their group (docs/repeated-claims.md).
 *
 *   const claims = await createRepeatGrouper(ctx).assign(articleKey, linkedClaims);
 *
 * Lookup, in reads only: for each speaker of the article, its newest WINDOW_PER_SHARD group items per
 * speaker shard (the groups carry each claim's probes, so no index entry per claim is written); the
 * claims there that reach a new claim's probes are read (one BatchGetItem, with the new claims' own
 * ids: a version that had them keeps their groups) and confirmed on their wording.
 *
 * Writes, only for grouped claims: a grouped claim's item carries the keys of INDEX.repeats
 * (`GRP#<speakerId>` / `<groupId>#<publishedAt>`), written with the item itself; the first time a
 * claim is matched, the earlier claim's item gets the same keys (one UpdateItem, conditional on its
 * version, so a claim removed meanwhile is not brought back into the index). The group id is the
 * earliest matched claim's id and stays when that claim goes. Entries live and die with their claim
 * items: a version that removes a claim removes its entry, whoever wrote it.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { sameStatement, signatureOf, type ClaimSignature } from "../core/signature/index.ts";
import type { BackoffOptions } from "./backoff.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import type { CapacityMeter } from "./capacity.ts";
import { forEachLimited } from "./concurrency.ts";
import { allShards, claimIdOfKey, claimKey, groupSortKey, parseRepeatSortKey, repeatPartition, repeatSortKey, speakerClaimsPartition } from "./keys.ts";
import { decodeFiling, reaches, signatureOfClaim, withoutGroup } from "./repeat-filing.ts";
import { GROUP_FILING_ATTRIBUTE, GROUP_IDS_ATTRIBUTE, INDEX, REPEAT_PARTITION_ATTRIBUTE, REPEAT_SORT_ATTRIBUTE, SHARDS } from "./schema.ts";
import type { StoredClaim } from "./types.ts";

/**
 * Group items read per speaker shard, newest first: the window is the speaker's 4 × 50 = 200 newest
 * articles up to the article's date. On the labelled PolNeAR pairs (924 articles over eleven months,
 * Trump in 334 of them) 85 of 88 same-statement pairs lie within 200 of the speaker's articles of each
 * other, 77 within 60; a window is ≈ 1.5 read units per shard (group items are 200–600 bytes).
 */
export const WINDOW_PER_SHARD = 50;
/** The window also covers articles dated up to this much after the article's date (feeds deliver out of order). */
export const WINDOW_AHEAD_MS = 7 * 86_400_000;
const UPDATE_CONCURRENCY = 8;
/** Members of another group relabelled when a claim proves two groups one (concurrent ingest), at most. */
const MAX_MERGED_MEMBERS = 200;

export interface GrouperContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
}

export interface RepeatGrouper {
  /** The claims, those that repeat an earlier claim of their speaker with `groupId` set. */
  assign(articleKey: string, claims: readonly StoredClaim[]): Promise<StoredClaim[]>;
}

/** A stored claim as the lookup reads it. */
interface Candidate {
  id: string;
  speakerId: string;
  articleKey: string;
  publishedAt: string;
  sequencer: string;
  groupId?: string;
  signature?: ClaimSignature;
}

const CANDIDATE_ATTRIBUTES = ["id", "si", "ak", "ct", "pa", "sq", REPEAT_SORT_ATTRIBUTE] as const;

export function createRepeatGrouper(ctx: GrouperContext): RepeatGrouper {
  const { client, tableName } = ctx;

  /** The claim ids of a speaker's window, with their stored probes (other articles only). */
  async function windowOf(speakerId: string, newest: string, ownDigest: string): Promise<{ id: string; probes: number[] }[]> {
    const ms = Date.parse(newest);
    // A claim without a valid date is refused by the writer; its lookup need not be bounded.
    const upper = Number.isNaN(ms) ? "~" : new Date(ms + WINDOW_AHEAD_MS).toISOString();
    const pages = await Promise.all(
      allShards(SHARDS.speakerClaims).map(async (shard) => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :pk AND #sk <= :hi",
            ExpressionAttributeNames: { "#pk": "PK", "#sk": "SK", "#ids": GROUP_IDS_ATTRIBUTE, "#fk": GROUP_FILING_ATTRIBUTE },
            ExpressionAttributeValues: { ":pk": speakerClaimsPartition(speakerId, shard), ":hi": `${upper}~` },
            ProjectionExpression: "#sk, #ids, #fk",
            ScanIndexForward: false,
            Limit: WINDOW_PER_SHARD,
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        ctx.meter.record(out.ConsumedCapacity, "read");
        return out.Items ?? [];
      }),
    );
    return pages.flat().flatMap((item) => {
      // The article's own earlier version is not another report of its claims.
      if (String(item.SK).endsWith(ownDigest)) return [];
      const ids = Array.isArray(item[GROUP_IDS_ATTRIBUTE]) ? (item[GROUP_IDS_ATTRIBUTE] as unknown[]).map(String) : [];
      const filing = decodeFiling(item[GROUP_FILING_ATTRIBUTE] as Uint8Array | undefined, ids.length);
      return ids.flatMap((id, i) => (filing[i] ? [{ id, probes: filing[i]! }] : []));
    });
  }

  async function readClaims(ids: readonly string[]): Promise<Map<string, Candidate>> {
    const items = await batchGetAll(client, tableName, ids.map(claimKey), { backoff: ctx.backoff, meter: ctx.meter, attributes: CANDIDATE_ATTRIBUTES });
    const found = new Map<string, Candidate>();
    for (const id of ids) {
      const item = items.get(keyString(claimKey(id)));
      if (!item) continue;
      const speakerId = String(item.si ?? "");
      const sk = item[REPEAT_SORT_ATTRIBUTE];
      const signature = signatureOf(speakerId, String(item.ct ?? ""));
      found.set(id, {
        id,
        speakerId,
        articleKey: String(item.ak ?? ""),
        publishedAt: String(item.pa ?? ""),
        sequencer: String(item.sq ?? ""),
        ...(typeof sk === "string" && { groupId: parseRepeatSortKey(sk).groupId }),
        ...(signature && { signature }),
      });
    }
    return found;
  }

  async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">): Promise<void> {
    try {
      const out = await client.send(new UpdateCommand({ TableName: tableName, ReturnConsumedCapacity: "TOTAL", ...input }));
      ctx.meter.record(out.ConsumedCapacity);
    } catch (e) {
      // The claim's version changed or another article gave it a group meanwhile: nothing to do.
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** Puts an earlier claim, seen alone so far, into a group: conditional on the version the lookup read. */
  const enrol = (c: Candidate, groupId: string) =>
    update({
      Key: claimKey(c.id),
      UpdateExpression: "SET #gp = :gp, #gs = :gs",
      ConditionExpression: "#sq = :sq AND (attribute_not_exists(#gs) OR #gs = :gs)",
      ExpressionAttributeNames: { "#gp": REPEAT_PARTITION_ATTRIBUTE, "#gs": REPEAT_SORT_ATTRIBUTE, "#sq": "sq" },
      ExpressionAttributeValues: { ":gp": repeatPartition(c.speakerId), ":gs": repeatSortKey(groupId, c.publishedAt), ":sq": c.sequencer },
    });

  /**
   * Two groups found to be one (their first reports were ingested at the same moment, each before
   * the other was written): the other group's members move to `groupId`, each only if still in `from`.
   */
  async function merge(speakerId: string, from: string, groupId: string): Promise<void> {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.repeats,
        KeyConditionExpression: "#gp = :gp AND begins_with(#gs, :from)",
        ExpressionAttributeNames: { "#gp": REPEAT_PARTITION_ATTRIBUTE, "#gs": REPEAT_SORT_ATTRIBUTE },
        ExpressionAttributeValues: { ":gp": repeatPartition(speakerId), ":from": `${from}#` },
        Limit: MAX_MERGED_MEMBERS,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    ctx.meter.record(out.ConsumedCapacity, "read");
    await forEachLimited(out.Items ?? [], UPDATE_CONCURRENCY, async (entry) => {
      const id = claimIdOfKey(String(entry.PK));
      if (id === undefined) return;
      const old = String(entry[REPEAT_SORT_ATTRIBUTE]);
      await update({
        Key: claimKey(id),
        UpdateExpression: "SET #gs = :gs",
        ConditionExpression: "#gs = :old",
        ExpressionAttributeNames: { "#gs": REPEAT_SORT_ATTRIBUTE },
        ExpressionAttributeValues: { ":gs": `${groupId}#${parseRepeatSortKey(old).publishedAt}`, ":old": old },
      });
    });
  }

  return {
    async assign(articleKey, claims) {
      const signed = claims.map((c) => signatureOfClaim(c));
      if (signed.every((s) => s === undefined)) return [...claims];
      const newest = claims.reduce((d, c) => (c.publishedAt > d ? c.publishedAt : d), claims[0]!.publishedAt);
      const ownDigest = groupSortKey("", articleKey);
      const speakers = [...new Set(signed.flatMap((s) => (s ? [s.speakerId] : [])))];
      const windows = new Map(await Promise.all(speakers.map(async (s) => [s, await windowOf(s, newest, ownDigest)] as const)));

      const candidatesOf = claims.map((c, i) => {
        const sig = signed[i];
        return sig ? [...new Set(windows.get(sig.speakerId)!.filter((w) => w.id !== c.id && reaches(w.probes, sig.probes)).map((w) => w.id))] : [];
      });
      const ownIds = claims.filter((_, i) => signed[i]).map((c) => c.id);
      const stored = await readClaims([...new Set([...ownIds, ...candidatesOf.flat()])]);

      const enrolments = new Map<string, { claim: Candidate; groupId: string }>();
      const merges = new Map<string, { speakerId: string; from: string; groupId: string }>();
      const out = claims.map((c, i): StoredClaim => {
        const sig = signed[i];
        if (!sig) return withoutGroup(c);
        // A version that already had this claim keeps its group (a re-upload, a re-extraction), even
        // when the claims it was matched with are out of this version's window by now.
        const own = stored.get(c.id);
        if (own?.groupId !== undefined && own.speakerId === c.speakerId) return { ...c, groupId: own.groupId };
        const matches = candidatesOf[i]!.flatMap((id) => {
          const m = stored.get(id);
          return m && m.articleKey !== articleKey && m.signature && sameStatement(sig, m.signature) ? [m] : [];
        });
        if (matches.length === 0) return withoutGroup(c);
        matches.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
        const groupId = matches[0]!.groupId ?? matches[0]!.id;
        for (const m of matches) {
          if (m.groupId === undefined) enrolments.set(m.id, { claim: m, groupId: enrolments.get(m.id)?.groupId ?? groupId });
          else if (m.groupId !== groupId) merges.set(`${m.speakerId}\u0000${m.groupId}`, { speakerId: m.speakerId, from: m.groupId, groupId });
        }
        return { ...c, groupId };
      });

      // Before the version's own claims are written: a crash in between leaves at worst a group of one.
      await forEachLimited([...enrolments.values()], UPDATE_CONCURRENCY, ({ claim, groupId }) => enrol(claim, groupId));
      for (const m of merges.values()) await merge(m.speakerId, m.from, m.groupId);
      return out;
    },
  };
}
