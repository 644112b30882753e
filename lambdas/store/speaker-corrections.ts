/**
 * Operators' corrections of speaker identity (`claims speakers merge|unmerge|split|unsplit`). Each is
 * recorded as an item that ingest applies to every later version of an article (speaker-directory.ts),
 * then applied at once to the stored claims it concerns: their articles are relinked, i.e. the stored
 * claims are put back as the extractor made them (unlinkClaim), linked again with the corrections, and
 * the committed version is written again with the claims whose speaker changed (reapplyArticle: counts
 * and summaries move by the difference, exactly once). So a correction takes effect now and survives
 * any re-ingestion or reindex of the articles.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { isArticleScopedId } from "../core/ids.ts";
import { createArticleWriter, type MetaItem } from "./article-writer.ts";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import { CapacityMeter } from "./capacity.ts";
import { createClaimReader } from "./claim-reader.ts";
import { fromClaimItem } from "./claim-item.ts";
import { DEFAULT_MAX_CLAIMS_PER_ARTICLE } from "./dynamo-store.ts";
import { claimKey } from "./keys.ts";
import { createSpeakerDirectory } from "./speaker-directory.ts";
import { followAliases, sameSpeaker, unlinkClaim, type AliasTarget } from "./speaker-links.ts";
import type { StoredClaim } from "./types.ts";

/** A correction that cannot be made as asked; the message says why. */
export class CorrectionError extends Error {
  override readonly name = "CorrectionError";
}

export interface RelinkResult {
  articles: number;
  /** Claims whose speaker changed. */
  claims: number;
  /** Articles a newer version replaced while being relinked (ingest applied the correction to it). */
  superseded: number;
}

export interface SpeakerCorrections {
  merge(fromId: string, intoId: string): Promise<RelinkResult & { into: AliasTarget }>;
  unmerge(fromId: string): Promise<RelinkResult & { into: AliasTarget }>;
  split(speakerId: string, articleKey: string): Promise<RelinkResult>;
  unsplit(speakerId: string, articleKey: string): Promise<RelinkResult>;
  relinkArticle(articleKey: string): Promise<RelinkResult>;
}

export interface CorrectionsOptions {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff?: BackoffOptions;
  meter?: CapacityMeter;
  /** Called after each article is relinked (progress). */
  onArticle?: (articleKey: string) => void;
}

const RELINK_ATTEMPTS = 5;
const PAGE = 100;

export function createSpeakerCorrections(opts: CorrectionsOptions): SpeakerCorrections {
  const { client, tableName } = opts;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const meter = opts.meter ?? new CapacityMeter();
  const now = () => new Date().toISOString();
  const writer = createArticleWriter({
    client,
    tableName,
    backoff,
    meter,
    now,
    maxClaimsPerArticle: DEFAULT_MAX_CLAIMS_PER_ARTICLE,
    intentTimeoutMs: 20 * 60_000,
    leaseMs: 5 * 60_000,
  });
  const reader = createClaimReader({ client, tableName, backoff, meter, topics: [] });
  const directory = createSpeakerDirectory({ client, tableName, backoff, meter });

  async function storedClaims(meta: MetaItem): Promise<StoredClaim[]> {
    const ids = meta.claimIds ?? [];
    const items = await batchGetAll(client, tableName, ids.map(claimKey), { consistent: true, backoff, meter });
    return ids.flatMap((id) => {
      const item = items.get(keyString(claimKey(id)));
      return item ? [fromClaimItem(item)] : [];
    });
  }

  async function relinkArticle(articleKey: string): Promise<RelinkResult> {
    for (let attempt = 1; attempt <= RELINK_ATTEMPTS; attempt++) {
      const meta = await writer.readMeta(articleKey);
      if (meta?.status !== "processed" || !meta.claimIds?.length) return { articles: 0, claims: 0, superseded: 0 };
      const stored = await storedClaims(meta);
      const linked = await directory.link(articleKey, stored.map(unlinkClaim));
      const changed = linked.filter((c, i) => !sameSpeaker(c, stored[i]!)).length;
      if (changed === 0) return { articles: 1, claims: 0, superseded: 0 };
      const outcome = await writer.reapplyArticle(meta, linked);
      if (outcome.applied) return { articles: 1, claims: changed, superseded: 0 };
      // A newer version committed in between: it was linked at ingest, with this correction in place.
      const now = await writer.readMeta(articleKey);
      if (now?.seq !== meta.seq) return { articles: 1, claims: 0, superseded: 1 };
    }
    throw new Error(`article ${articleKey}: could not be relinked after ${RELINK_ATTEMPTS} attempts`);
  }

  async function relinkAll(keys: Iterable<string>): Promise<RelinkResult> {
    const total: RelinkResult = { articles: 0, claims: 0, superseded: 0 };
    for (const key of keys) {
      const r = await relinkArticle(key);
      total.articles += r.articles;
      total.claims += r.claims;
      total.superseded += r.superseded;
      opts.onArticle?.(key);
    }
    return total;
  }

  /** The articles that hold claims of this speaker, optionally only claims matching `which`. */
  async function articlesOf(speakerId: string, which: (c: StoredClaim) => boolean = () => true): Promise<Set<string>> {
    const keys = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await reader.listSpeakerClaims(speakerId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
      for (const c of page.items) if (which(c)) keys.add(c.articleKey);
      cursor = page.cursor;
    } while (cursor);
    return keys;
  }

  /** The speaker a merge into `id` ends at, as the table knows it now. */
  async function resolveTarget(id: string): Promise<{ target: AliasTarget; chain: string[] }> {
    const aliases = new Map<string, AliasTarget>();
    const chain = [id];
    for (let next = await directory.getAlias(id); next && !chain.includes(next.speakerId); next = await directory.getAlias(next.speakerId)) {
      aliases.set(chain.at(-1)!, next);
      chain.push(next.speakerId);
    }
    const end = followAliases(id, aliases);
    if (end) return { target: end, chain };
    const summary = await reader.getSpeaker(id);
    if (!summary) throw new CorrectionError(`no speaker "${id}" (it has no claims)`);
    return { target: { speakerId: summary.speakerId, speaker: summary.speaker, speakerType: summary.speakerType }, chain };
  }

  return {
    relinkArticle,

    async merge(fromId, intoId) {
      if (fromId === intoId) throw new CorrectionError("a speaker cannot be merged into itself");
      if (isArticleScopedId(intoId)) throw new CorrectionError(`"${intoId}" is known only within one article: merge into a speaker known across articles`);
      const { target, chain } = await resolveTarget(intoId);
      if (chain.includes(fromId)) throw new CorrectionError(`"${intoId}" is already merged into "${fromId}": merging back would make a cycle`);
      // The alias points at `into` itself (a later merge of `into` carries it along) with the name and
      // type of the speaker the chain ends at. Recorded first: an article ingested from now on is
      // linked with it, and every article stored before is found below.
      await directory.putAlias(fromId, { ...target, speakerId: intoId });
      return { into: target, ...(await relinkAll(await articlesOf(fromId))) };
    },

    async unmerge(fromId) {
      const alias = await directory.getAlias(fromId);
      if (!alias) throw new CorrectionError(`"${fromId}" is not merged into another speaker`);
      const { target } = await resolveTarget(alias.speakerId).catch(() => ({ target: alias }));
      await directory.deleteAlias(fromId);
      return { into: target, ...(await relinkAll(await articlesOf(target.speakerId, (c) => c.speakerLink?.by.includes("merge") === true))) };
    },

    async split(speakerId, articleKey) {
      if (isArticleScopedId(speakerId)) throw new CorrectionError(`"${speakerId}" is already known only within its article`);
      const claims = await reader.listArticleClaims(articleKey);
      if (!claims.some((c) => c.speakerId === speakerId)) throw new CorrectionError(`article "${articleKey}" has no claims of speaker "${speakerId}"`);
      await directory.setSplit(articleKey, speakerId, true);
      return relinkAll([articleKey]);
    },

    async unsplit(speakerId, articleKey) {
      if (!(await directory.getSplits(articleKey)).has(speakerId)) throw new CorrectionError(`"${speakerId}" is not split in article "${articleKey}"`);
      await directory.setSplit(articleKey, speakerId, false);
      return relinkAll([articleKey]);
    },
  };
}
