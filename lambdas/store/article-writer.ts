/**
 * The write side: replaces, deletes or fails an article version so that the claims, the article's
 * META item and its topic groups always converge to exactly the latest version, whatever order events
 * arrive in, however often they are delivered, and wherever a write is interrupted. The speaker
 * summaries and topic counters are not written here: META records the version's contribution to them
 * (`counts`), and the aggregator folds the change of META, read from the table's stream, into them
 * (aggregate.ts). So an article's writes touch only its own items and its index entries, never a
 * global item, however popular its speakers are.
 *
 * One version is applied in steps, each safe to repeat:
 *  1. Read META. Finish anything an interrupted earlier write left behind (garbage). A sequencer at or
 *     below META's is a duplicate or stale: nothing is written.
 *  2. Record an intent (`in_<seq>`: the new claim ids) on META and take the key's claim-writing lease,
 *     then batch-write the claim items, each tagged with its version's sequencer (`sq`).
 *  3. Commit, conditional on META's version number: META gets the new sequencer, status, claim ids and
 *     per-speaker/per-topic contribution, the ids the old version had and the new one lacks
 *     (`gc_<oldSeq>`), and loses the intent; the article's topic groups (the topic index) are replaced
 *     in the same transaction. Either all of that happens or none of it.
 *  4. Delete the garbage claims (each only if still tagged with the old sequencer, so a claim a
 *     newer version rewrote survives), then drop `gc_<oldSeq>`.
 * A crash before 3 leaves an intent whose retry rewrites the same items; a crash after 3 leaves
 * garbage that the retry (a duplicate by then) or any later write of the key finishes deleting.
 */
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { ArticleMeta, ArticleRecord, ArticleStatus, ObjectVersion, StoredClaim, WriteOutcome } from "./types.ts";
import { countClaims, NO_COUNTS, type ArticleCounts } from "./article-counts.ts";
import { batchWriteAll } from "./batch-write.ts";
import { backoffDelay, sleep, type BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import { toClaimItem } from "./claim-item.ts";
import { forEachLimited } from "./concurrency.ts";
import { articleKey, claimKey, topicGroupKey, topicGroupShard, topicGroupsPartition, topicGroupSortKey } from "./keys.ts";
import { GROUP_IDS_ATTRIBUTE, GROUP_SCORES_ATTRIBUTE } from "./schema.ts";
import { roundScore } from "./checkworthiness-item.ts";
import { parseStoredSequencer, storedSequencer } from "./sequencer.ts";

export const MAX_TRANSACTION_ITEMS = 100;
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
  counts?: ArticleCounts;
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

  /** Deletes claim items, each only while it still carries `sequencer` (a newer version may own it now). */
  async function deleteClaimsOf(sequencer: string, ids: readonly string[]): Promise<void> {
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const out = await client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: claimKey(id),
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
    for (const [attr, ids] of garbage) await deleteClaimsOf(attr.slice(GARBAGE.length), ids as string[]);
    const committed = current.seq ?? "";
    const abandoned = Object.entries(current).filter(([attr, value]) => {
      if (!attr.startsWith(INTENT)) return false;
      const seq = attr.slice(INTENT.length);
      const old = Date.now() - Date.parse((value as { at?: string }).at ?? "") > ctx.intentTimeoutMs;
      return seq <= committed && (old || seq === ownSequencer);
    });
    // Versions of one key share the ids of claims they have in common, and a losing version's batch
    // write can land after the winner's: such an item carries the loser's sequencer but belongs to the
    // committed version. It is handed over, not deleted; only the loser's own ids go.
    const owned = new Set(current.claimIds ?? []);
    for (const [attr, intent] of abandoned) {
      const ids = (intent as { ids?: string[] }).ids ?? [];
      const seq = attr.slice(INTENT.length);
      await deleteClaimsOf(seq, ids.filter((id) => !owned.has(id)));
      if (current.seq !== undefined) await handOverClaims(seq, current.seq, ids.filter((id) => owned.has(id)));
    }

    const releases = abandoned.some(([attr]) => current[LEASE] === attr.slice(INTENT.length)) ? [LEASE, LEASE_AT] : [];
    const done = [...garbage.map(([a]) => a), ...abandoned.map(([a]) => a), ...releases];
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

  /** True when the transaction committed; false when a condition or a concurrent write cancelled it. */
  async function transact(items: unknown[]): Promise<boolean> {
    try {
      const out = await client.send(
        new TransactWriteCommand({ TransactItems: items as never, ReturnConsumedCapacity: "TOTAL" }),
      );
      ctx.meter.record(out.ConsumedCapacity);
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false;
      throw e;
    }
  }

  async function retryPause(attempt: number, what: string): Promise<void> {
    if (attempt >= Math.max(ctx.backoff.maxAttempts, MAX_COMMIT_ATTEMPTS)) throw new Error(`gave up writing ${what} after ${attempt} conflicting attempts`);
    await (ctx.backoff.sleep ?? sleep)(backoffDelay(attempt, ctx.backoff));
  }

  async function apply(version: ObjectVersion, next: NextVersion): Promise<WriteOutcome> {
    const key = version.key;
    const seq = storedSequencer(version.sequencer, version.revision);
    const all = dedupeById(next.claims.map(withIsoDate)).sort((a, b) => a.contentStart - b.contentStart || a.contentEnd - b.contentEnd);
    const claims = all.slice(0, ctx.maxClaimsPerArticle);
    const ids = claims.map((c) => c.id);

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
          ExpressionAttributeValues: { ":intent": { ids, at: ctx.now() }, ":key": key, ":seq": seq, ":now": now, ":expired": now - ctx.leaseMs },
        });
        if (!registered) {
          // Either a newer version committed (the next look says stale) or another version holds the lease.
          const again = await readMeta(key);
          if (!(again?.seq !== undefined && again.seq >= seq)) await retryPause(attempt, `article ${key} (another version of it is being written)`);
          continue;
        }
        await batchWriteAll(client, tableName, claims.map((c) => ({ PutRequest: { Item: toClaimItem(c, seq) } })), { backoff: ctx.backoff, meter: ctx.meter });
        written = true;
      }

      const after = countClaims(claims);
      const groupOps = topicGroupOps(key, meta?.counts ?? NO_COUNTS, claims);
      const oldIds = new Set(meta?.claimIds ?? []);
      for (const id of ids) oldIds.delete(id);

      const overLimit = next.reapply?.claimsOverLimit ?? all.length - claims.length;
      const metaOp = commitMetaOp(key, seq, meta, next, ids, after, oldIds.size > 0 ? [...oldIds] : [], overLimit);
      // META alone needs no transaction (a transactional write bills twice).
      const committed = groupOps.length > 0 ? await transact([metaOp, ...groupOps]) : await update(metaOp.Update);
      if (!committed) {
        await retryPause(attempt, `article ${key}`);
        continue;
      }
      // A second look at META finds work only if this commit left the old version's claims or META held
      // another version's intent, which the commit may have made abandoned.
      const otherIntents = Object.keys(meta ?? {}).some((attr) => attr.startsWith(INTENT) && attr !== INTENT + seq);
      if (oldIds.size > 0 || otherIntents) await finishInterrupted(key, await readMeta(key));
      return { applied: true };
    }
  }

  /**
   * The article's topic groups: one item per topic listing its claim ids in text order, dated by the
   * newest claim; topics the article no longer has lose theirs. Written in the commit transaction, so
   * the topic index always shows exactly the committed version.
   */
  function topicGroupOps(key: string, before: ArticleCounts, claims: readonly StoredClaim[]): unknown[] {
    const groups = new Map<string, { ids: string[]; scores: number[]; publishedAt: string }>();
    for (const c of claims) {
      const g = groups.get(c.topic) ?? { ids: [], scores: [], publishedAt: c.publishedAt };
      g.ids.push(c.id);
      // -1: not scored (a claim from before scoring), so that no minimum matches it, as on the speaker index.
      g.scores.push(c.checkworthiness === undefined ? -1 : roundScore(c.checkworthiness));
      if (c.publishedAt > g.publishedAt) g.publishedAt = c.publishedAt;
      groups.set(c.topic, g);
    }
    const puts = [...groups].map(([topic, g]) => ({
      Put: {
        TableName: tableName,
        Item: {
          ...topicGroupKey(key, topic),
          GSI2PK: topicGroupsPartition(topic, topicGroupShard(key)),
          GSI2SK: topicGroupSortKey(g.publishedAt, key),
          [GROUP_IDS_ATTRIBUTE]: g.ids,
          [GROUP_SCORES_ATTRIBUTE]: g.scores,
        },
      },
    }));
    const deletes = Object.keys(before.topics)
      .filter((topic) => !groups.has(topic))
      .map((topic) => ({ Delete: { TableName: tableName, Key: topicGroupKey(key, topic) } }));
    return [...puts, ...deletes];
  }

  function commitMetaOp(
    key: string,
    seq: string,
    meta: MetaItem | undefined,
    next: NextVersion,
    ids: string[],
    counts: ArticleCounts,
    garbage: string[],
    overLimit: number,
  ) {
    const set: Record<string, unknown> = {
      key,
      seq,
      status: next.status,
      ver: (meta?.ver ?? 0) + 1,
      claimIds: ids,
      claimCount: ids.length,
      counts,
      updatedAt: ctx.now(),
      ...(next.etag !== undefined && { etag: next.etag }),
      ...(next.extractorVersion !== undefined && { ev: next.extractorVersion }),
      ...(next.meta?.title !== undefined && { title: next.meta.title }),
      ...(next.meta?.url !== undefined && { url: next.meta.url }),
      ...(next.meta?.publishedAt !== undefined && { publishedAt: next.meta.publishedAt }),
      ...(next.errorReason !== undefined && { errorReason: next.errorReason }),
      ...(next.errorMessage !== undefined && { errorMessage: next.errorMessage.slice(0, 500) }),
      ...(overLimit > 0 && { claimsOverLimit: overLimit }),
      ...(garbage.length > 0 && meta?.seq && { [GARBAGE + meta.seq]: garbage }),
    };
    // `pend` (summary changes an older version of this code deferred) goes too: the aggregator owns summaries now.
    const optional = ["etag", "ev", "title", "url", "publishedAt", "errorReason", "errorMessage", "claimsOverLimit", "pend"];
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
      Update: {
        TableName: tableName,
        Key: articleKey(key),
        UpdateExpression: `SET ${setParts.join(", ")}${removeParts.length ? ` REMOVE ${removeParts.join(", ")}` : ""}`,
        ConditionExpression: ids.length > 0 ? `(${condition}) AND attribute_exists(#intent) AND #lease = :leaseSeq` : condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
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
