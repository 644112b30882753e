/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
 * replace the article's (one GetObject: its headers give the size before the body is read). A removal
 * deletes them only if the key has no object any more (one HeadObject): in a versioned bucket, removing
 * a delete marker (undelete) or an older version also sends ObjectRemoved, with an object still there,
 * and that object is ingested. Input no retry can fix is recorded on the article with its reason;
 * anything else is thrown, for the platform to retry.
 */
import type { ObjectReader } from "../aws/s3-object-reader.ts";
import { objectExists } from "../aws/object-exists.ts";
import { analyzeArticle } from "../core/pipeline.ts";
import { isArticleInputError } from "../core/errors.ts";
import type { ClaimWriter, ObjectVersion, WriteOutcome } from "../store/types.ts";
import type { ObjectChange } from "./events.ts";
import { toStoredClaims, publishedAtOf } from "./stored-claims.ts";

export interface ProcessDeps {
  objects: ObjectReader;
  store: ClaimWriter;
  maxArticleBytes: number;
  now?: () => Date;
}

export type ChangeResult =
  /** `restored`: a removal event found an object still under the key (undelete, an older version removed). */
  | { outcome: "processed"; claims: number; write: WriteOutcome; extractionMs: number; restored?: true }
  | { outcome: "deleted"; write: WriteOutcome }
  /** `extractionMs`: when the analysis itself rejected the input. */
  | { outcome: "failed"; reason: string; message: string; write: WriteOutcome; extractionMs?: number }
  /** The object was gone before it could be read: its ObjectRemoved event does the rest. */
  | { outcome: "gone" };

export async function processChange(change: ObjectChange, deps: ProcessDeps): Promise<ChangeResult> {
  const version: ObjectVersion = {
    key: change.key,
    sequencer: change.sequencer,
    ...(change.etag !== undefined && { etag: change.etag }),
    ...(change.size !== undefined && { size: change.size }),
  };
  const remove = async (): Promise<ChangeResult> => ({ outcome: "deleted", write: await deps.store.deleteArticle(version) });
  const removal = change.kind === "removed";
  if (removal && !(await objectExists(deps.objects, change.bucket, change.key))) return remove();

  const fail = async (reason: string, message: string, extractionMs?: number): Promise<ChangeResult> => ({
    outcome: "failed",
    reason,
    message,
    write: await deps.store.recordFailure(version, reason, message),
    ...(extractionMs !== undefined && { extractionMs }),
  });
  const tooLarge = (size: number) => fail("too-large", `the object is ${size} bytes; the limit is ${deps.maxArticleBytes} (MAX_ARTICLE_BYTES)`);

  if (change.size !== undefined && change.size > deps.maxArticleBytes) return tooLarge(change.size);

  deps.store.prefetch?.(change.key);
  const object = await deps.objects.read(change.bucket, change.key, deps.maxArticleBytes);
  // Gone between the HEAD and the GET of a removal: the removal stands. A create whose object is gone
  // leaves the rest to the removal event that follows.
  if (!object.found) return object.reason !== "missing" ? tooLarge(object.bytes) : removal ? remove() : { outcome: "gone" };

  let analyzed;
  const started = performance.now();
  try {
    analyzed = analyzeArticle(object.bytes, { key: change.key, ...(object.contentType && { contentType: object.contentType }) });
  } catch (e) {
    if (isArticleInputError(e)) return fail(e.reason, e.message, performance.now() - started);
    throw e;
  }
  const extractionMs = performance.now() - started;
  const now = deps.now?.() ?? new Date();
  const lastModified = object.lastModified ?? now;
  const claims = toStoredClaims(analyzed.article, analyzed.claims, { articleKey: change.key, lastModified, extractedAt: now });
  const meta = {
    publishedAt: publishedAtOf(analyzed.article, lastModified),
    ...(analyzed.article.title !== undefined && { title: analyzed.article.title }),
    ...(analyzed.article.url !== undefined && { url: analyzed.article.url }),
  };
  return { outcome: "processed", claims: claims.length, write: await deps.store.replaceArticle(version, meta, claims), extractionMs, ...(removal && { restored: true as const }) };
}
