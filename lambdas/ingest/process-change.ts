/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
 * replace the article's (one GetObject: its headers give the size before the body is read); a removed object deletes them. Input no retry can fix is recorded on the
 * article with its reason; anything else is thrown, for the platform to retry.
 */
import type { ObjectReader } from "../aws/s3-object-reader.ts";
import { prepareArticle, type PrepareOptions, type PreparedArticle } from "./prepare-article.ts";
import { isArticleInputError } from "../core/errors.ts";
import type { ClaimWriter, ObjectVersion, WriteOutcome } from "../store/types.ts";
import type { ObjectChange } from "./events.ts";

export interface ProcessDeps {
  objects: ObjectReader;
  store: ClaimWriter;
  maxArticleBytes: number;
  now?: () => Date;
  /**
   * Decoding, extraction and provenance (prepare-article.ts); on this thread by default (a Lambda
   * invocation has the process to itself). The local stack passes a worker pool so its event loop
   * stays free while a large article is extracted.
   */
  prepare?: (bytes: Uint8Array, opts: PrepareOptions) => PreparedArticle | Promise<PreparedArticle>;
}

export type ChangeResult =
  | { outcome: "processed"; claims: number; write: WriteOutcome }
  | { outcome: "deleted"; write: WriteOutcome }
  | { outcome: "failed"; reason: string; message: string; write: WriteOutcome }
  /** The object was gone before it could be read: its ObjectRemoved event does the rest. */
  | { outcome: "gone" };

export async function processChange(change: ObjectChange, deps: ProcessDeps): Promise<ChangeResult> {
  const version: ObjectVersion = {
    key: change.key,
    sequencer: change.sequencer,
    ...(change.etag !== undefined && { etag: change.etag }),
    ...(change.size !== undefined && { size: change.size }),
  };
  if (change.kind === "removed") return { outcome: "deleted", write: await deps.store.deleteArticle(version) };

  const fail = async (reason: string, message: string): Promise<ChangeResult> => ({
    outcome: "failed",
    reason,
    message,
    write: await deps.store.recordFailure(version, reason, message),
  });
  const tooLarge = (size: number) => fail("too-large", `the object is ${size} bytes; the limit is ${deps.maxArticleBytes} (MAX_ARTICLE_BYTES)`);

  if (change.size !== undefined && change.size > deps.maxArticleBytes) return tooLarge(change.size);

  deps.store.prefetch?.(change.key);
  const object = await deps.objects.read(change.bucket, change.key, deps.maxArticleBytes);
  if (!object.found) return object.reason === "missing" ? { outcome: "gone" } : tooLarge(object.bytes);

  const now = deps.now?.() ?? new Date();
  let prepared: PreparedArticle;
  try {
    prepared = await (deps.prepare ?? prepareArticle)(object.bytes, {
      key: change.key,
      ...(object.contentType && { contentType: object.contentType }),
      lastModified: object.lastModified ?? now,
      extractedAt: now,
    });
  } catch (e) {
    if (isArticleInputError(e)) return fail(e.reason, e.message);
    throw e;
  }
  return { outcome: "processed", claims: prepared.claims.length, write: await deps.store.replaceArticle(version, prepared.meta, prepared.claims) };
}
