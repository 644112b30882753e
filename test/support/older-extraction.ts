/**
 * What an older extractor would have stored for an article: some claims the current one finds are
 * missing, one has an unresolved "he" as its speaker, and one claim the current extractor does not
 * make at all. Written through the real store, so that `claims reindex` has a mixed store to repair.
 */
import { analyzeArticle } from "../../lambdas/core/pipeline.ts";
import { articleScopedId, claimId } from "../../lambdas/core/ids.ts";
import type { Claim } from "../../lambdas/core/model.ts";
import { publishedAtOf, toStoredClaims } from "../../lambdas/ingest/stored-claims.ts";
import type { ArticleMeta, ClaimWriter, ObjectVersion, StoredClaim } from "../../lambdas/store/types.ts";

export const OLDER_EXTRACTOR = "0.9.0+0123456789ab";

export function olderExtraction(key: string, bytes: Uint8Array): { meta: ArticleMeta; claims: StoredClaim[]; dropped: string[]; invented: string } {
  const { article, claims } = analyzeArticle(bytes, { key });
  if (claims.length < 2) throw new Error(`fixture: ${key} needs at least two claims, has ${claims.length}`);
  const [first, ...rest] = claims as [Claim, ...Claim[]];
  const unresolved: Claim = { ...first, speaker: "he", speakerId: articleScopedId("he", key), speakerType: "unknown", speakerScope: "article" };
  const firstWord = /\S+/.exec(article.text)!;
  const invented: Claim = {
    ...first,
    id: claimId(key, firstWord.index, firstWord.index + firstWord[0].length, firstWord[0]),
    content: firstWord[0],
    contentStart: firstWord.index,
    contentEnd: firstWord.index + firstWord[0].length,
  };
  const kept = [unresolved, ...rest.slice(0, -1), invented];
  const at = new Date("2024-01-01T00:00:00Z");
  return {
    meta: { publishedAt: publishedAtOf(article, at), ...(article.title !== undefined && { title: article.title }) },
    claims: toStoredClaims(article, kept, { articleKey: key, lastModified: at, extractedAt: at }).map((c) => ({ ...c, extractorVersion: OLDER_EXTRACTOR })),
    dropped: [rest.at(-1)!.id],
    invented: invented.id,
  };
}

/**
 * Stores the older extraction as the given version. Without `extractorVersion` in the version the
 * article records none, as articles stored before versions were recorded.
 */
export async function storeOlderExtraction(store: ClaimWriter, version: ObjectVersion, bytes: Uint8Array) {
  const older = olderExtraction(version.key, bytes);
  const outcome = await store.replaceArticle(version, older.meta, older.claims);
  if (!outcome.applied) throw new Error(`fixture: the older extraction of ${version.key} was not applied (${outcome.reason})`);
  return older;
}
