/**
 * The write side: replaces, deletes or fails an article version so that the claims, the article's
 * META item and its index groups always converge to exactly the latest version, whatever order events
 * arrive in, however often they are delivered, and wherever a write is interrupted.
 *
 * An article's writes touch only its own items: its claims, its META, and its index groups (one item
 * per speaker and one per topic of the article, each listing the article's claim ids of that speaker
 * or topic, in the speaker's or topic's partition; keys.ts). The speaker summaries and topic counters
 * are not written here: the aggregator folds the groups' changes, read from the table's stream, into
 * them (aggregate.ts). So however popular a speaker is, no article contends for a global item.
 *
 * One version is applied in steps, each safe to repeat:
 *  1. Read META. Finish anything an interrupted earlier write left behind (garbage). A sequencer at or
 *     below META's is a duplicate or stale: nothing is written.
 *  2. Record an intent (`in_<seq>`: the new claim ids and groups) on META and take the key's
 *     claim-writing lease, then batch-write the claim items and the groups, each tagged with its
 *     version's sequencer (`sq`). A group key depends only on the article, the speaker or topic and
 *     the date, so a new version overwrites the groups it shares with the old one.
 *  3. Commit, conditional on META's version number, the intent and the lease: META gets the new
 *     sequencer, status, claim ids and groups, the claim ids and groups the old version had and the new
 *     one lacks (`gc_<oldSeq>`, `gg_<oldSeq>`), and loses the intent and the lease. One UpdateItem:
 *     no transaction (a transactional write bills twice).
 *  4. Delete the garbage claims and groups (each only if still tagged with the old sequencer, so an
 *     item a newer version rewrote survives), then drop the garbage lists.
 * A crash before 3 leaves an intent whose retry rewrites the same items; a crash after 3 leaves
 * garbage that the retry (a duplicate by then) or any later write of the key finishes deleting.
 * Readers may see the groups of a version a moment before its commit, as they may see its claims.
 */
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { ArticleMeta, ArticleRecord, ArticleStatus, ObjectVersion, StoredClaim, WriteOutcome } from "./types.ts";
import { groupItems, groupKeys, groupSetOf, staleGroups, type GroupSet } from "./article-groups.ts";
import { batchWriteAll } from "./batch-write.ts";
import { limitClaims } from "./claim-limit.ts";
import { backoffDelay, sleep, type BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import { toClaimItem } from "./claim-item.ts";
import { forEachLimited } from "./concurrency.ts";
import { articleKey, claimKey, type TableKey } from "./keys.ts";
import { parseStoredSequencer, storedSequencer } from "./sequencer.ts";

const DELETE_CONCURRENCY = 8;
/** Attempts at a commit that concurrent writers keep cancelling (each after a jittered pause). */
const MAX_COMMIT_ATTEMPTS = 12;

export interface WriterContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
  now: () => string;
  maxClaimsPerArticle: number;
  /** An intent older than this whose version lost is swept by later writers (longer than any Lambda run). */
  intentTimeoutMs: number;
  /** See LEASE. */
  leaseMs: number;
}

export type MetaItem = Record<string, unknown> & {
  key?: string;
  seq?: string;
  status?: ArticleStatus;
  ver?: number;
  claimIds?: string[];
  /** The committed version's groups. */
  grp?: GroupSet;
  updatedAt?: string;
};

interface NextVersion {
  status: ArticleStatus;
  extractorVersion?: string;
  meta?: ArticleMeta;
  etag?: string;
  claims: StoredClaim[];
  errorReason?: string;
  errorMessage?: string;
  /**
   * The committed version written again with changed claims (a speaker correction): its sequencer
   * must still be META's, and the claims must have the committed version's ids.
   */
  reapply?: { claimsOverLimit?: number };
}

const INTENT = "in_";
/**
 * The claim-writing lease: one version at a time writes claim items for a key (its sequencer in
 * `lk`, taken with the intent, released by the commit). Without it two versions sharing claim ids
 * could each overwrite the other's items between their commits. A lease older than `leaseMs` (well
 * past the ingest function's timeout) belongs to a crashed writer and may be taken over; the
 * crashed writer's own redelivery (same sequencer) takes its lease back at once.
 */
const LEASE = "lk";
const LEASE_AT = "lkAt";
export const DEFAULT_LEASE_MS = 5 * 60_000;
const GARBAGE = "gc_";
/** Groups an older version had and the committed one lacks, by the older version's sequencer. */
const GROUP_GARBAGE = "gg_";
/** Prefetched META reads kept at most (an SQS batch is 10 messages). */
const MAX_PREFETCHED = 64;

export function createArticleWriter(ctx: WriterContext) {
  const { client, tableName } = ctx;

  async function readMeta(key: string): Promise<MetaItem | undefined> {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: articleKey(key), ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }));
    ctx.meter.record(out.ConsumedCapacity, "read");
    return out.Item as MetaItem | undefined;
  }

  /**
   * META reads started ahead of a write of their key. A prefetched META may be stale by the time it is
   * used, as any read may: every write that builds on it is conditional, and a failed condition makes
   * the write read META again. Bounded, since a hint may never be followed by a write.
   */
  const prefetched = new Map<string, Promise<MetaItem | undefined>>();
  function prefetch(key: string): void {
    if (prefetched.has(key)) return;
    if (prefetched.size >= MAX_PREFETCHED) prefetched.clear();
    const read = readMeta(key);
    read.catch(() => undefined); // a failed prefetch is read again by the write
    prefetched.set(key, read);
  }
  async function firstMeta(key: string): Promise<MetaItem | undefined> {
    const early = prefetched.get(key);
    prefetched.delete(key);
    if (early) {
      try {
        return await early;
      } catch {
        // read again below
      }
    }
    return readMeta(key);
  }

  async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">): Promise<boolean> {
    try {
      const out = await client.send(new UpdateCommand({ TableName: tableName, ReturnConsumedCapacity: "TOTAL", ...input }));
      ctx.meter.record(out.ConsumedCapacity);
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Deletes claim or group items, each only while it still carries `sequencer` (a newer version may own it now). */
  async function deleteTagged(sequencer: string, keys: readonly TableKey[]): Promise<void> {
    const queue = [...keys];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        try {
          const out = await client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: key,
              ConditionExpression: "#sq = :sq",
              ExpressionAttributeNames: { "#sq": "sq" },
              ExpressionAttributeValues: { ":sq": sequencer },
              ReturnConsumedCapacity: "TOTAL",
            }),
          );
          ctx.meter.record(out.ConsumedCapacity);
        } catch (e) {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, queue.length) }, worker));
  }

  /** Re-tags claim items still carrying `from` to `to`, each only while it carries `from`. */
  async function handOverClaims(from: string, to: string, ids: readonly string[]): Promise<void> {
    await forEachLimited(ids, DELETE_CONCURRENCY, async (id) => {
      await update({
        Key: claimKey(id),
        UpdateExpression: "SET #sq = :to",
        ConditionExpression: "#sq = :from",
        ExpressionAttributeNames: { "#sq": "sq" },
        ExpressionAttributeValues: { ":from": from, ":to": to },
      });
    });
  }

  /** Completes what an earlier write of the key left: garbage, abandoned intents. */
  async function finishInterrupted(key: string, meta: MetaItem | undefined, ownSequencer?: string): Promise<MetaItem | undefined> {
    if (!meta) return meta;
    const current = meta;
    const garbage = Object.entries(current).filter(([attr, value]) => attr.startsWith(GARBAGE) && Array.isArray(value));
    for (const [attr, ids] of garbage) await deleteTagged(attr.slice(GARBAGE.length), (ids as string[]).map(claimKey));
    const groupGarbage = Object.entries(current).filter(([attr]) => attr.startsWith(GROUP_GARBAGE));
    for (const [attr, groups] of groupGarbage) await deleteTagged(attr.slice(GROUP_GARBAGE.length), groupKeys(key, groups as GroupSet));
    const committed = current.seq ?? "";
    const abandoned = Object.entries(current).filter(([attr, value]) => {
      if (!attr.startsWith(INTENT)) return false;
      const seq = attr.slice(INTENT.length);
      const old = Date.now() - Date.parse((value as { at?: string }).at ?? "") > ctx.intentTimeoutMs;
      return seq <= committed && (old || seq === ownSequencer);
    });
    // Versions of one key share the ids of claims they have in common, and a losing version's batch
    // write can land after the winner's: such an item carries the loser's sequencer but belongs to the
    // committed version. It is handed over, not deleted; only the loser's own ids go. The loser's
    // groups go unless the committed version has the same group (the lease keeps the loser from
    // writing after the winner took over, so such a group holds the winner's ids).
    const owned = new Set(current.claimIds ?? []);
    for (const [attr, intent] of abandoned) {
      const { ids = [], g } = intent as { ids?: string[]; g?: GroupSet };
      const seq = attr.slice(INTENT.length);
      await deleteTagged(seq, ids.filter((id) => !owned.has(id)).map(claimKey));
      if (current.seq !== undefined) await handOverClaims(seq, current.seq, ids.filter((id) => owned.has(id)));
      const loserGroups = g && staleGroups(g, current.grp);
      if (loserGroups) await deleteTagged(seq, groupKeys(key, loserGroups));
    }

    const releases = abandoned.some(([attr]) => current[LEASE] === attr.slice(INTENT.length)) ? [LEASE, LEASE_AT] : [];
    const done = [...garbage.map(([a]) => a), ...groupGarbage.map(([a]) => a), ...abandoned.map(([a]) => a), ...releases];
    if (done.length === 0) return current;
    const names = Object.fromEntries(done.map((attr, i) => [`#d${i}`, attr]));
    // Conditional on the version read, so a commit in between is never undone.
    await update({
      Key: articleKey(key),
      UpdateExpression: `REMOVE ${Object.keys(names).join(", ")}`,
      ConditionExpression: current.ver === undefined ? "attribute_not_exists(#ver)" : "#ver = :ver",
      ExpressionAttributeNames: { ...names, "#ver": "ver" },
      ...(current.ver !== undefined && { ExpressionAttributeValues: { ":ver": current.ver } }),
    });
    return readMeta(key);
  }

  async function retryPause(attempt: number, what: string): Promise<void> {
    if (attempt >= Math.max(ctx.backoff.maxAttempts, MAX_COMMIT_ATTEMPTS)) throw new Error(`gave up writing ${what} after ${attempt} conflicting attempts`);
    await (ctx.backoff.sleep ?? sleep)(backoffDelay(attempt, ctx.backoff));
  }

  async function apply(version: ObjectVersion, next: NextVersion): Promise<WriteOutcome> {
    const key = version.key;
    const seq = storedSequencer(version.sequencer, version.revision);
    const { kept: claims, dropped } = limitClaims(dedupeById(next.claims.map(withIsoDate)), ctx.maxClaimsPerArticle);
    const ids = claims.map((c) => c.id);
    const groups = groupSetOf(claims);

    let written = false;
    for (let attempt = 1; ; attempt++) {
      // A reapply runs under the committed sequencer: its own intent must not look abandoned.
      const meta = await finishInterrupted(key, await (attempt === 1 ? firstMeta(key) : readMeta(key)), next.reapply ? undefined : seq);
      if (next.reapply ? meta?.seq !== seq : meta?.seq !== undefined && meta.seq >= seq) return { applied: false, reason: meta?.seq === seq ? "duplicate" : "stale" };

      if (claims.length > 0 && !(written && meta?.[INTENT + seq] && meta[LEASE] === seq)) {
        const now = Date.now();
        const registered = await update({
          Key: articleKey(key),
          UpdateExpression: "SET #in = :intent, #key = :key, #lk = :seq, #lkAt = :now",
          ConditionExpression: `(${next.reapply ? "#seq = :seq" : "attribute_not_exists(#seq) OR #seq < :seq"}) AND (attribute_not_exists(#lk) OR #lk = :seq OR #lkAt < :expired)`,
          ExpressionAttributeNames: { "#in": INTENT + seq, "#key": "key", "#seq": "seq", "#lk": LEASE, "#lkAt": LEASE_AT },
          ExpressionAttributeValues: { ":intent": { ids, at: ctx.now(), ...(groups && { g: groups }) }, ":key": key, ":seq": seq, ":now": now, ":expired": now - ctx.leaseMs },
        });
        if (!registered) {
          // Either a newer version committed (the next look says stale) or another version holds the lease.
          const again = await readMeta(key);
          if (!(again?.seq !== undefined && again.seq >= seq)) await retryPause(attempt, `article ${key} (another version of it is being written)`);
          continue;
        }
        const items = [...claims.map((c) => toClaimItem(c, seq)), ...groupItems(key, seq, claims)];
        await batchWriteAll(client, tableName, items.map((Item) => ({ PutRequest: { Item } })), { backoff: ctx.backoff, meter: ctx.meter });
        written = true;
      }

      const oldIds = new Set(meta?.claimIds ?? []);
      for (const id of ids) oldIds.delete(id);

      const oldGroups = meta?.grp && staleGroups(meta.grp, groups);
      // Dropped here, or already by the caller (prepare-article.ts); a reapply keeps the version's figure.
      const overLimit = next.reapply?.claimsOverLimit ?? dropped + (next.meta?.claimsOverLimit ?? 0);
      const committed = await update(commitMetaOp(key, seq, meta, next, ids, groups, { ids: [...oldIds], groups: oldGroups }, overLimit));
      if (!committed) {
        await retryPause(attempt, `article ${key}`);
        continue;
      }
      // A second look at META finds work only if this commit left the old version's claims or META held
      // another version's intent, which the commit may have made abandoned.
      const otherIntents = Object.keys(meta ?? {}).some((attr) => attr.startsWith(INTENT) && attr !== INTENT + seq);
      if (oldIds.size > 0 || oldGroups || otherIntents) await finishInterrupted(key, await readMeta(key));
      return { applied: true };
    }
  }

  function commitMetaOp(
    key: string,
    seq: string,
    meta: MetaItem | undefined,
    next: NextVersion,
    ids: string[],
    groups: GroupSet | undefined,
    garbage: { ids: string[]; groups: GroupSet | undefined },
    overLimit: number,
  ) {
    const set: Record<string, unknown> = {
      key,
      seq,
      status: next.status,
      ver: (meta?.ver ?? 0) + 1,
      claimIds: ids,
      claimCount: ids.length,
      ...(groups && { grp: groups }),
      updatedAt: ctx.now(),
      ...(next.etag !== undefined && { etag: next.etag }),
      ...(next.extractorVersion !== undefined && { ev: next.extractorVersion }),
      ...(next.meta?.title !== undefined && { title: next.meta.title }),
      ...(next.meta?.url !== undefined && { url: next.meta.url }),
      ...(next.meta?.publishedAt !== undefined && { publishedAt: next.meta.publishedAt }),
      ...(next.errorReason !== undefined && { errorReason: next.errorReason }),
      ...(next.errorMessage !== undefined && { errorMessage: next.errorMessage.slice(0, 500) }),
      ...(overLimit > 0 && { claimsOverLimit: overLimit }),
      ...(garbage.ids.length > 0 && meta?.seq && { [GARBAGE + meta.seq]: garbage.ids }),
      ...(garbage.groups && meta?.seq && { [GROUP_GARBAGE + meta.seq]: garbage.groups }),
    };
    const optional = ["etag", "ev", "title", "url", "publishedAt", "errorReason", "errorMessage", "claimsOverLimit", "grp"];
    const remove = [...optional.filter((a) => !(a in set)), ...(ids.length > 0 ? [INTENT + seq, LEASE, LEASE_AT] : [])];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const setParts = Object.entries(set).map(([attr, value], i) => {
      names[`#s${i}`] = attr;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removeParts = remove.map((attr, i) => {
      names[`#r${i}`] = attr;
      return `#r${i}`;
    });
    names["#ver"] = "ver";
    const condition = meta?.ver === undefined ? "attribute_not_exists(#ver)" : "#ver = :readVer";
    if (meta?.ver !== undefined) values[":readVer"] = meta.ver;
    if (ids.length > 0) {
      names["#intent"] = INTENT + seq;
      names["#lease"] = LEASE;
      values[":leaseSeq"] = seq;
    }
    return {
      Key: articleKey(key),
      UpdateExpression: `SET ${setParts.join(", ")}${removeParts.length ? ` REMOVE ${removeParts.join(", ")}` : ""}`,
      ConditionExpression: ids.length > 0 ? `(${condition}) AND attribute_exists(#intent) AND #lease = :leaseSeq` : condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** What a processed or failed version records besides its status: the object's etag, the extractor. */
  const origin = (version: ObjectVersion) => ({
    ...(version.etag !== undefined && { etag: version.etag }),
    ...(version.extractorVersion !== undefined && { extractorVersion: version.extractorVersion }),
  });

  return {
    readMeta,
    prefetch,
    currentVersion: async (key: string) => toArticleRecord(await readMeta(key)),
    replaceArticle: (version: ObjectVersion, meta: ArticleMeta, claims: StoredClaim[]) => apply(version, { status: "processed", meta, claims, ...origin(version) }),
    deleteArticle: (version: ObjectVersion) => apply(version, { status: "deleted", claims: [] }),
    /**
     * Writes the article's committed version again with these claims (same ids, speakers corrected):
     * claims and META's counts change by the difference, under the same protocol as a new version
     * (the aggregator then moves the summaries). "stale" when META no longer holds that version: the
     * newer one was linked at ingest.
     */
    reapplyArticle: (meta: MetaItem, claims: StoredClaim[]) => {
      const record = toArticleRecord(meta);
      if (!record || record.status !== "processed") return Promise.resolve<WriteOutcome>({ applied: false, reason: "stale" });
      const { title, url, publishedAt, etag, claimsOverLimit, revision, extractorVersion } = record;
      return apply(
        { key: record.key, sequencer: record.sequencer, ...(revision !== undefined && { revision }) },
        {
          status: "processed",
          // Processed versions always have publishedAt; the cast keeps an absent one absent.
          meta: { ...(publishedAt !== undefined && { publishedAt }), ...(title !== undefined && { title }), ...(url !== undefined && { url }) } as ArticleMeta,
          claims,
          ...(etag !== undefined && { etag }),
          ...(extractorVersion !== undefined && { extractorVersion }),
          reapply: { ...(claimsOverLimit !== undefined && { claimsOverLimit }) },
        },
      );
    },
    recordFailure: (version: ObjectVersion, reason: string, message: string) =>
      apply(version, { status: "failed", claims: [], errorReason: reason, errorMessage: message, ...origin(version) }),
  };
}

/** Stored dates sort as strings in the indexes, so they must all have one shape: toISOString's. */
function withIsoDate(c: StoredClaim): StoredClaim {
  const ms = Date.parse(c.publishedAt);
  if (Number.isNaN(ms)) throw new TypeError(`claim ${c.id}: publishedAt is not a date: ${JSON.stringify(c.publishedAt)}`);
  return { ...c, publishedAt: new Date(ms).toISOString() };
}


function dedupeById(claims: readonly StoredClaim[]): StoredClaim[] {
  return [...new Map(claims.map((c) => [c.id, c])).values()];
}

export function toArticleRecord(meta: MetaItem | undefined): ArticleRecord | undefined {
  if (!meta?.status || !meta.seq || !meta.key) return undefined;
  const str = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : undefined);
  const optional = (k: string) => (str(k) !== undefined ? { [k]: str(k) } : {});
  const { sequencer, revision } = parseStoredSequencer(meta.seq);
  return {
    key: meta.key,
    status: meta.status,
    sequencer,
    ...(revision > 0 && { revision }),
    ...(typeof meta.ev === "string" && { extractorVersion: meta.ev }),
    claimCount: Number(meta.claimCount ?? 0),
    updatedAt: meta.updatedAt ?? "",
    ...optional("etag"),
    ...optional("title"),
    ...optional("url"),
    ...optional("publishedAt"),
    ...optional("errorReason"),
    ...optional("errorMessage"),
    ...(typeof meta.claimsOverLimit === "number" && { claimsOverLimit: meta.claimsOverLimit }),
  };
}
