/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
 * replace the article's (one GetObject: its headers give the size before the body is read); a removed
 * object deletes them. Input no retry can fix is recorded on the article with its reason; anything
 * else is thrown, for the platform to retry.
 *
 * An event is checked against the object before it acts, so a late, replayed or forged event cannot
 * make the claims disagree with the bucket: a create ingests the object as it is now (whatever the
 * event says about it), and a remove deletes the claims only when the object is really gone (HEAD).
 */
import type { ObjectPresence, ObjectReader } from "../aws/s3-object-reader.ts";
import { analyzeArticle } from "../core/pipeline.ts";
import { isArticleInputError } from "../core/errors.ts";
import type { ClaimWriter, ObjectVersion, WriteOutcome } from "../store/types.ts";
import type { ObjectChange } from "./events.ts";
import { toStoredClaims, publishedAtOf } from "./stored-claims.ts";

export interface ProcessDeps {
  objects: ObjectReader & ObjectPresence;
  store: ClaimWriter;
  maxArticleBytes: number;
  now?: () => Date;
}

export type ChangeResult =
  | { outcome: "processed"; claims: number; write: WriteOutcome }
  | { outcome: "deleted"; write: WriteOutcome }
  | { outcome: "failed"; reason: string; message: string; write: WriteOutcome }
  /** The object was gone before it could be read: its ObjectRemoved event does the rest. */
  | { outcome: "gone" }
  /**
   * object-exists: a remove event for an object that exists (a newer version's event follows, or
   * the event was forged); folder-marker: the empty `folder/` object consoles create, not an article.
   */
  | { outcome: "ignored"; reason: "object-exists" | "folder-marker" };

export async function processChange(change: ObjectChange, deps: ProcessDeps): Promise<ChangeResult> {
  const version: ObjectVersion = {
    key: change.key,
    sequencer: change.sequencer,
    ...(change.etag !== undefined && { etag: change.etag }),
    ...(change.size !== undefined && { size: change.size }),
  };
  if (change.kind === "removed") {
    if (await deps.objects.objectExists(change.bucket, change.key)) return { outcome: "ignored", reason: "object-exists" };
    return { outcome: "deleted", write: await deps.store.deleteArticle(version) };
  }

  const fail = async (reason: string, message: string): Promise<ChangeResult> => ({
    outcome: "failed",
    reason,
    message,
    write: await deps.store.recordFailure(version, reason, message),
  });
  const tooLarge = (size: number) => fail("too-large", `the object is ${size} bytes; the limit is ${deps.maxArticleBytes} (MAX_ARTICLE_BYTES)`);

  if (change.size !== undefined && change.size > deps.maxArticleBytes) return tooLarge(change.size);
  const folderMarker = change.key.endsWith("/");
  if (folderMarker && change.size === 0) return { outcome: "ignored", reason: "folder-marker" };

  deps.store.prefetch?.(change.key);
  const object = await deps.objects.read(change.bucket, change.key, deps.maxArticleBytes);
  if (!object.found) return object.reason === "missing" ? { outcome: "gone" } : tooLarge(object.bytes);
  if (folderMarker && object.bytes.length === 0) return { outcome: "ignored", reason: "folder-marker" };

  let analyzed;
  try {
    analyzed = analyzeArticle(object.bytes, { key: change.key, ...(object.contentType && { contentType: object.contentType }) });
  } catch (e) {
    if (isArticleInputError(e)) return fail(e.reason, e.message);
    throw e;
  }
  const now = deps.now?.() ?? new Date();
  const lastModified = object.lastModified ?? now;
  const claims = toStoredClaims(analyzed.article, analyzed.claims, { articleKey: change.key, lastModified, extractedAt: now });
  const meta = {
    publishedAt: publishedAtOf(analyzed.article, lastModified),
    ...(analyzed.article.title !== undefined && { title: analyzed.article.title }),
    ...(analyzed.article.url !== undefined && { url: analyzed.article.url }),
  };
  return { outcome: "processed", claims: claims.length, write: await deps.store.replaceArticle(version, meta, claims) };
}
