/**
 * What the table knows about speaker identity across articles, read and kept for speaker-links.ts:
 *
 *   SPEAKER#<id> / ALIAS             an operator's merge of <id> into another speaker
 *   ARTICLE#<key> / SPEAKER-OVERRIDES an operator's splits in one article (`split`: a string set of ids)
 *   SURNAME#<word> / SURNAME          global people whose name ends with <word> (`ids`: a string set of
 *                                     `<id>\t<name>`)
 *
 * No scans: an article's link reads, in one BatchGetItem, the merges of its speakers, its overrides and
 * the surname items it needs; only when it has a partial name, a split or a merge does a second read
 * follow (the candidates' summaries, merges of fallback ids and of merge targets). The surname index
 * is kept here too: each global person named in full is added to its surname's item once (ADD to a
 * set: idempotent, and remembered in memory so a warm function does not read it again). Entries are
 * never removed; a candidate whose summary is at zero claims is simply not a candidate.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { batchGetAll, keyString } from "./batch-get.ts";
import type { ReaderContext } from "./claim-reader.ts";
import { articleOverridesKey, speakerAliasKey, speakerKey, surnameKey, type TableKey } from "./keys.ts";
import {
  endsWithName,
  fallbackIds,
  idsToResolve,
  isIndexablePerson,
  linkClaims,
  MAX_ALIAS_HOPS,
  MAX_SURNAME_CANDIDATES,
  partialSlugs,
  partialSurnames,
  surnameToken,
  type AliasTarget,
  type KnownSpeaker,
  type LinkContext,
} from "./speaker-links.ts";
import type { StoredClaim } from "./types.ts";
import { stringsOf, surnameEntries, surnameEntry } from "./surname-entries.ts";
import type { SpeakerType } from "../core/model.ts";

/** Ids kept per surname item; a surname shared by more people is ambiguous anyway. */
export const MAX_SURNAME_IDS = 100;
/** Registrations remembered per function instance. */
const MAX_REMEMBERED = 50_000;

export type DirectoryContext = Omit<ReaderContext, "topics">;

export interface SpeakerDirectory {
  /** The article's claims with their speakers linked across articles; registers its people by surname. */
  link(articleKey: string, claims: readonly StoredClaim[]): Promise<StoredClaim[]>;
  getAlias(speakerId: string): Promise<AliasTarget | undefined>;
  putAlias(speakerId: string, into: AliasTarget): Promise<void>;
  deleteAlias(speakerId: string): Promise<boolean>;
  getSplits(articleKey: string): Promise<Set<string>>;
  /** Adds (true) or removes (false) a split of `speakerId` in the article. */
  setSplit(articleKey: string, speakerId: string, split: boolean): Promise<void>;
}

export function createSpeakerDirectory(ctx: DirectoryContext): SpeakerDirectory {
  const { client, tableName } = ctx;
  const registered = new Set<string>();

  const read = (keys: readonly TableKey[]) => (keys.length ? batchGetAll(client, tableName, keys, { backoff: ctx.backoff, meter: ctx.meter }) : Promise.resolve(new Map<string, Record<string, unknown>>()));
  const found = (items: Map<string, Record<string, unknown>>, key: TableKey) => items.get(keyString(key));

  /** Adds the merges of `ids` (and of their targets, hop by hop) to `aliases`. */
  async function loadAliases(ids: Iterable<string>, aliases: Map<string, AliasTarget>, looked: Set<string>, first?: Map<string, Record<string, unknown>>) {
    let wanted = [...new Set(ids)].filter((id) => !looked.has(id));
    for (let hop = 0; wanted.length > 0 && hop <= MAX_ALIAS_HOPS; hop++) {
      const items = hop === 0 && first ? first : await read(wanted.map(speakerAliasKey));
      for (const id of wanted) {
        looked.add(id);
        const target = toAlias(found(items, speakerAliasKey(id)));
        if (target) aliases.set(id, target);
      }
      wanted = wanted.flatMap((id) => (aliases.has(id) && !looked.has(aliases.get(id)!.speakerId) ? [aliases.get(id)!.speakerId] : []));
    }
  }

  async function loadContext(articleKey: string, claims: readonly StoredClaim[], people: readonly KnownSpeaker[]): Promise<{ ctx: LinkContext; surnames: Map<string, Map<string, string>> }> {
    const ids = idsToResolve(claims, articleKey);
    const partial = partialSurnames(claims);
    const registering = [...new Set(people.filter((p) => !registered.has(registration(p.speakerId))).map((p) => surnameToken(p.speakerId)))];
    const tokens = [...new Set([...partial, ...registering])];
    const first = await read([...ids.map(speakerAliasKey), ...tokens.map(surnameKey), articleOverridesKey(articleKey)]);

    const aliases = new Map<string, AliasTarget>();
    const looked = new Set<string>();
    await loadAliases(ids, aliases, looked, first);
    const split = new Set(stringsOf(found(first, articleOverridesKey(articleKey))?.split));
    const surnames = new Map(tokens.map((t) => [t, surnameEntries(found(first, surnameKey(t))?.ids)]));

    // Candidates for each partial name: indexed people whose id ends with it, and the article's own.
    const ownIds = new Set(people.map((p) => p.speakerId));
    const candidateIds = new Set<string>();
    for (const slug of partialSlugs(claims)) {
      const matching = [...(surnames.get(surnameToken(slug))?.keys() ?? [])].filter((id) => endsWithName(id, slug) && !ownIds.has(id));
      if (matching.length <= MAX_SURNAME_CANDIDATES) matching.forEach((id) => candidateIds.add(id));
    }
    const [summaries] = await Promise.all([
      read([...candidateIds].map(speakerKey)),
      loadAliases([...candidateIds, ...fallbackIds(claims, articleKey, split.size > 0)], aliases, looked),
    ]);
    const known = [...people];
    for (const id of candidateIds) {
      // A summary says who the speaker is now; one at zero claims (a tombstone) is no candidate, unless
      // merged away. No summary yet: the aggregator has not caught up, and the index has the name.
      const summary = found(summaries, speakerKey(id));
      const registered = { speakerId: id, speaker: surnames.get(surnameToken(id))?.get(id) ?? id, speakerType: "person" as const };
      if (summary && Number(summary.claimCount) > 0) known.push({ speakerId: id, speaker: String(summary.speaker ?? id), speakerType: summary.speakerType as SpeakerType });
      else if (!summary || aliases.has(id)) known.push(registered);
    }
    const byToken = new Map<string, KnownSpeaker[]>();
    for (const k of known) byToken.set(surnameToken(k.speakerId), [...(byToken.get(surnameToken(k.speakerId)) ?? []), k]);
    return { ctx: { articleKey, aliases, split, people: byToken }, surnames };
  }

  /** Adds each global person named in full to its surname item, unless it is known to be there. */
  async function register(people: readonly KnownSpeaker[], surnames: Map<string, Map<string, string>>): Promise<void> {
    const fresh = people.filter((p) => !registered.has(registration(p.speakerId)));
    await Promise.all(fresh.map(async (p) => {
      const token = surnameToken(p.speakerId);
      const key = registration(p.speakerId);
      const listed = surnames.get(token);
      if (!listed?.has(p.speakerId) && (listed?.size ?? 0) < MAX_SURNAME_IDS) {
        try {
          const out = await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: surnameKey(token),
              UpdateExpression: "ADD #ids :id",
              ConditionExpression: "attribute_not_exists(#ids) OR size(#ids) < :max",
              ExpressionAttributeNames: { "#ids": "ids" },
              ExpressionAttributeValues: { ":id": new Set([surnameEntry(p.speakerId, p.speaker)]), ":max": MAX_SURNAME_IDS },
              ReturnConsumedCapacity: "TOTAL",
            }),
          );
          ctx.meter.record(out.ConsumedCapacity);
        } catch (e) {
          // A full item: the surname is too common to link by anyway.
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        }
      }
      if (registered.size >= MAX_REMEMBERED) registered.clear();
      registered.add(key);
    }));
  }

  return {
    async link(articleKey, claims) {
      if (claims.length === 0) return [];
      const people = distinctPeople(claims);
      const { ctx: linkContext, surnames } = await loadContext(articleKey, claims, people);
      const linked = linkClaims(claims, linkContext);
      await register(distinctPeople(linked), surnames);
      return linked;
    },

    async getAlias(speakerId) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: speakerAliasKey(speakerId), ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }));
      ctx.meter.record(out.ConsumedCapacity, "read");
      return toAlias(out.Item);
    },

    async putAlias(speakerId, into) {
      const out = await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...speakerAliasKey(speakerId), into: into.speakerId, speaker: into.speaker, speakerType: into.speakerType, at: new Date().toISOString() },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      ctx.meter.record(out.ConsumedCapacity);
    },

    async deleteAlias(speakerId) {
      const out = await client.send(new DeleteCommand({ TableName: tableName, Key: speakerAliasKey(speakerId), ReturnValues: "ALL_OLD", ReturnConsumedCapacity: "TOTAL" }));
      ctx.meter.record(out.ConsumedCapacity);
      return out.Attributes !== undefined;
    },

    async getSplits(articleKey) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: articleOverridesKey(articleKey), ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }));
      ctx.meter.record(out.ConsumedCapacity, "read");
      return new Set(stringsOf(out.Item?.split));
    },

    async setSplit(articleKey, speakerId, split) {
      const out = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: articleOverridesKey(articleKey),
          UpdateExpression: `${split ? "ADD" : "DELETE"} #split :id`,
          ExpressionAttributeNames: { "#split": "split" },
          ExpressionAttributeValues: { ":id": new Set([speakerId]) },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      ctx.meter.record(out.ConsumedCapacity);
    },
  };
}

const registration = (speakerId: string) => `${surnameToken(speakerId)}\u0000${speakerId}`;

/** The article's global people named in full, once each. */
function distinctPeople(claims: readonly StoredClaim[]): KnownSpeaker[] {
  const people = new Map<string, KnownSpeaker>();
  for (const c of claims) if (isIndexablePerson(c)) people.set(c.speakerId, { speakerId: c.speakerId, speaker: c.speaker, speakerType: c.speakerType });
  return [...people.values()];
}

function toAlias(item: Record<string, unknown> | undefined): AliasTarget | undefined {
  if (!item || typeof item.into !== "string") return undefined;
  return { speakerId: item.into, speaker: String(item.speaker ?? item.into), speakerType: (item.speakerType as SpeakerType) ?? "unknown" };
}

