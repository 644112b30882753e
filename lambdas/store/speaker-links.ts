/**
 * One person, one speaker across articles: what the store does to a claim's speaker at ingest, as pure
 * functions over a snapshot of what the table knows (the snapshot is read by speaker-directory.ts).
 *
 * In order, for each claim:
 *  1. An operator's merge of the extractor's speaker id (`claims speakers merge`) wins.
 *  2. Otherwise a person the article names only by surname (`speakerPartial`: "Mr Blair" → "blair")
 *     is linked to the one known global person whose id ends with that surname ("tony-blair"); with
 *     none or several such people it stays in its article (`blair--<hash>`), never guessed.
 *  3. Merges of the id reached so far apply (an article-scoped id can be merged too).
 *  4. An operator's split (`claims speakers split <id> --article <key>`) of any id the claim passed
 *     through keeps it in its article under the extractor's name; a merge of that id still applies,
 *     which is how a wrong link is moved to the right person.
 * A changed claim records the extractor's speaker (`speakerLink`), so a later correction can be applied
 * to the stored claim again (unlinkClaim, then linkClaims) and a re-ingest gives the same result.
 */
import { articleScopedId, isArticleScopedId } from "../core/ids.ts";
import type { SpeakerType } from "../core/model.ts";
import type { SpeakerLinkStep, StoredClaim } from "./types.ts";

/** A speaker as the table knows it. */
export interface KnownSpeaker {
  speakerId: string;
  speaker: string;
  speakerType: SpeakerType;
}

/** A merge: claims resolved to the alias's id go to `into` (name and type as they were at merge time). */
export type AliasTarget = KnownSpeaker;

export interface LinkContext {
  articleKey: string;
  /** Merges by the id they redirect. */
  aliases: ReadonlyMap<string, AliasTarget>;
  /** Ids split off in this article. */
  split: ReadonlySet<string>;
  /** Known global people (with claims) by surname token: the candidates for partial names. */
  people: ReadonlyMap<string, readonly KnownSpeaker[]>;
}

/** A merge chain longer than this is treated as a cycle and cut. */
export const MAX_ALIAS_HOPS = 8;
/** More matching people than this for one surname: ambiguous without reading their summaries. */
export const MAX_SURNAME_CANDIDATES = 8;

/** The id's slug without an article scope: "blair--1a2b3c4d" → "blair". */
export const baseSlug = (speakerId: string) => speakerId.split("--")[0]!;

/** The word a name is indexed under: the last word of its slug ("tony-blair" → "blair"). */
export function surnameToken(speakerId: string): string {
  const slug = baseSlug(speakerId);
  return slug.slice(slug.lastIndexOf("-") + 1);
}

/** A global person named by at least two words: what partial names may link to. */
export function isIndexablePerson(c: Pick<StoredClaim, "speakerId" | "speakerType" | "speakerPartial">): boolean {
  return c.speakerType === "person" && !c.speakerPartial && !isArticleScopedId(c.speakerId) && c.speakerId.includes("-");
}

/** A surname-only name the store may link across articles (not one the extractor scoped to its article). */
export const isLinkablePartial = (c: Pick<StoredClaim, "speakerId" | "speakerScope" | "speakerPartial">) =>
  c.speakerPartial === true && c.speakerScope !== "article" && !isArticleScopedId(c.speakerId);

/** True when `candidateId`'s name ends with the partial name's words ("tony-blair" ends with "blair"). */
export const endsWithName = (candidateId: string, partialSlug: string) => candidateId.endsWith(`-${partialSlug}`);

/** Follows merges from `id`; undefined when it has none. A cycle or an overlong chain stops where it is. */
export function followAliases(id: string, aliases: ReadonlyMap<string, AliasTarget>): AliasTarget | undefined {
  let target: AliasTarget | undefined;
  const seen = new Set([id]);
  for (let next = aliases.get(id); next && !seen.has(next.speakerId) && seen.size <= MAX_ALIAS_HOPS; next = aliases.get(next.speakerId)) {
    target = next;
    seen.add(next.speakerId);
  }
  return target;
}

/**
 * The one person a partial name refers to, after merges (two ids merged into one are one person), or
 * undefined when none or several match.
 */
export function matchPartialName(partialSlug: string, candidates: readonly KnownSpeaker[], aliases: ReadonlyMap<string, AliasTarget>): KnownSpeaker | undefined {
  const people = new Map<string, KnownSpeaker>();
  for (const c of candidates) {
    if (!endsWithName(c.speakerId, partialSlug)) continue;
    const person = followAliases(c.speakerId, aliases) ?? c;
    if (person.speakerType === "person" && !isArticleScopedId(person.speakerId)) people.set(person.speakerId, person);
  }
  return people.size === 1 ? [...people.values()][0] : undefined;
}

/** The claim as the extractor made it: a relinked claim's recorded speaker back in place. */
export function unlinkClaim(c: StoredClaim): StoredClaim {
  if (!c.speakerLink) return c;
  const { speakerLink: l, ...rest } = c;
  return { ...rest, speakerId: l.speakerId, speaker: l.speaker, speakerType: l.speakerType, speakerScope: l.speakerScope };
}

/** The speaker the extractor gave, with an article scope made explicit in the id. */
function extractorSpeaker(c: StoredClaim, articleKey: string): KnownSpeaker {
  const scoped = c.speakerScope === "article" && !isArticleScopedId(c.speakerId);
  return { speakerId: scoped ? articleScopedId(c.speakerId, articleKey) : c.speakerId, speaker: c.speaker, speakerType: c.speakerType };
}

export function linkClaim(c: StoredClaim, ctx: LinkContext): StoredClaim {
  const own = extractorSpeaker(c, ctx.articleKey);
  const by: SpeakerLinkStep[] = [];
  const passed = [own.speakerId];
  let who = own;
  const merge = () => {
    const target = followAliases(who.speakerId, ctx.aliases);
    if (!target) return false;
    who = target;
    by.push("merge");
    passed.push(target.speakerId);
    return true;
  };

  if (!merge() && isLinkablePartial(c)) {
    const person = matchPartialName(baseSlug(own.speakerId), ctx.people.get(surnameToken(own.speakerId)) ?? [], ctx.aliases);
    who = person ?? { ...own, speakerId: articleScopedId(baseSlug(own.speakerId), ctx.articleKey) };
    by.push(person ? "surname" : "article");
    passed.push(who.speakerId);
    merge();
  }
  if (passed.some((id) => ctx.split.has(id))) {
    who = { ...own, speakerId: articleScopedId(baseSlug(own.speakerId), ctx.articleKey) };
    by.push("split");
    merge();
  }

  const scope = isArticleScopedId(who.speakerId) ? "article" : "global";
  if (by.length === 0) return own.speakerId === c.speakerId ? c : { ...c, speakerId: own.speakerId, speakerScope: scope };
  return {
    ...c,
    speakerId: who.speakerId,
    speaker: who.speaker,
    speakerType: who.speakerType,
    speakerScope: scope,
    speakerLink: { by, speakerId: c.speakerId, speaker: c.speaker, speakerType: c.speakerType, speakerScope: c.speakerScope },
  };
}

export function linkClaims(claims: readonly StoredClaim[], ctx: LinkContext): StoredClaim[] {
  return claims.map((c) => linkClaim(c, ctx));
}

/** The ids whose merges the link of these claims may need, before any merge is known. */
export function idsToResolve(claims: readonly StoredClaim[], articleKey: string): string[] {
  return [...new Set(claims.map((c) => extractorSpeaker(c, articleKey).speakerId))];
}

/** The article's linkable partial names, as slugs ("blair"). */
export function partialSlugs(claims: readonly StoredClaim[]): string[] {
  return [...new Set(claims.filter(isLinkablePartial).map((c) => baseSlug(c.speakerId)))];
}

/** Surname tokens of the article's partial names: whose candidates the link needs. */
export function partialSurnames(claims: readonly StoredClaim[]): string[] {
  return [...new Set(claims.filter(isLinkablePartial).map((c) => surnameToken(c.speakerId)))];
}

/** The article-scoped ids a partial name or a split may fall back to (their merges may be needed too). */
export function fallbackIds(claims: readonly StoredClaim[], articleKey: string, anySplit: boolean): string[] {
  return [...new Set(claims.filter((c) => anySplit || isLinkablePartial(c)).map((c) => articleScopedId(baseSlug(extractorSpeaker(c, articleKey).speakerId), articleKey)))];
}

/** Whether two versions of a claim have the same speaker (a relink that changes nothing writes nothing). */
export const sameSpeaker = (a: StoredClaim, b: StoredClaim) =>
  a.speakerId === b.speakerId && a.speaker === b.speaker && a.speakerType === b.speakerType && a.speakerScope === b.speakerScope && JSON.stringify(a.speakerLink) === JSON.stringify(b.speakerLink);
