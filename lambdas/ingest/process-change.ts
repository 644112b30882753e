/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
 * replace the article's (one GetObject: its headers give the size before the body is read); a removed
 * object deletes them. Input no retry can fix is recorded on the article with its reason; anything
 * else is thrown, for the platform to retry.
 *
 * An event is checked against the object before it acts, so a late, replayed or forged event cannot
 * make the claims disagree with the bucket: a create ingests the object as it is now (whatever the
 * event says about it), and a remove deletes the claims only when the object is really gone (HEAD).
 * A remove that finds an object still under the key ingests it: in a versioned bucket, removing a
 * delete marker (undelete) or deleting an older version sends ObjectRemoved and no create event, and
 * the object left is the article.
 *
 * A reindex request (`claims reindex`) re-extracts the version the store holds, at that version's
 * sequencer and the next revision, unless the stored claims already come from the running extractor:
 * so a repeated or duplicated request changes nothing, and any real event of the key still wins.
 */
import type { ObjectPresence, ObjectReader } from "../aws/s3-object-reader.ts";
import { EXTRACTOR_VERSION } from "../core/pipeline.ts";
import { prepareArticle, type PrepareOptions, type PreparedArticle } from "./prepare-article.ts";
import { isArticleInputError } from "../core/errors.ts";
import type { ClaimWriter, ObjectVersion, WriteOutcome } from "../store/types.ts";
import type { ObjectChange } from "./events.ts";

export interface ProcessDeps {
  objects: ObjectReader & ObjectPresence;
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
  /** `restored`: a removal event found an object still under the key (undelete, an older version removed). */
  | { outcome: "processed"; claims: number; write: WriteOutcome; extractionMs: number; restored?: true }
  | { outcome: "deleted"; write: WriteOutcome }
  /** `extractionMs`: when the analysis itself rejected the input. */
  | { outcome: "failed"; reason: string; message: string; write: WriteOutcome; extractionMs?: number }
  /** The object was gone before it could be read: its ObjectRemoved event does the rest. */
  | { outcome: "gone" }
  /** folder-marker: the empty `folder/` object consoles create, not an article. */
  | { outcome: "ignored"; reason: "folder-marker" }
  /** A reindex request for an article whose stored claims already come from this extractor. */
  | { outcome: "current" };

export async function processChange(change: ObjectChange, deps: ProcessDeps): Promise<ChangeResult> {
  let version: ObjectVersion = {
    key: change.key,
    sequencer: change.sequencer,
    ...(change.etag !== undefined && { etag: change.etag }),
    ...(change.size !== undefined && { size: change.size }),
  };
  const remove = async (): Promise<ChangeResult> => ({ outcome: "deleted", write: await deps.store.deleteArticle(version) });
  const removal = change.kind === "removed";
  if (removal && !(await deps.objects.objectExists(change.bucket, change.key))) return remove();
  version.extractorVersion = EXTRACTOR_VERSION;
  if (change.reindex) {
    const next = await reextraction(change.key, deps);
    if (!next) return { outcome: "current" };
    version = { ...version, ...next };
  }

  const fail = async (reason: string, message: string, extractionMs?: number): Promise<ChangeResult> => ({
    outcome: "failed",
    reason,
    message,
    write: await deps.store.recordFailure(version, reason, message),
    ...(extractionMs !== undefined && { extractionMs }),
  });
  const tooLarge = (size: number) => fail("too-large", `the object is ${size} bytes; the limit is ${deps.maxArticleBytes} (MAX_ARTICLE_BYTES)`);

  if (change.size !== undefined && change.size > deps.maxArticleBytes) return tooLarge(change.size);
  const folderMarker = change.key.endsWith("/");
  if (folderMarker && change.size === 0) return { outcome: "ignored", reason: "folder-marker" };

  deps.store.prefetch?.(change.key);
  const object = await deps.objects.read(change.bucket, change.key, deps.maxArticleBytes);
  // Gone between the HEAD and the GET of a removal: the removal stands. A create whose object is gone
  // leaves the rest to the removal event that follows.
  if (!object.found) return object.reason !== "missing" ? tooLarge(object.bytes) : removal ? remove() : { outcome: "gone" };
  if (folderMarker && object.bytes.length === 0) return { outcome: "ignored", reason: "folder-marker" };

  const now = deps.now?.() ?? new Date();
  const started = performance.now();
  let prepared: PreparedArticle;
  try {
    prepared = await (deps.prepare ?? prepareArticle)(object.bytes, {
      key: change.key,
      ...(object.contentType && { contentType: object.contentType }),
      lastModified: object.lastModified ?? now,
      extractedAt: now,
    });
  } catch (e) {
    if (isArticleInputError(e)) return fail(e.reason, e.message, performance.now() - started);
    throw e;
  }
  const extractionMs = performance.now() - started;
  const write = await deps.store.replaceArticle(version, prepared.meta, prepared.claims);
  return { outcome: "processed", claims: prepared.claims.length, write, extractionMs, ...(removal && { restored: true as const }) };
}

/** The stored version's sequencer and next revision, or nothing when the stored claims are current. */
async function reextraction(key: string, deps: ProcessDeps): Promise<Pick<ObjectVersion, "sequencer" | "revision"> | undefined> {
  if (!deps.store.currentVersion) throw new Error("this claim store cannot tell its stored versions, so it cannot re-extract articles");
  const stored = await deps.store.currentVersion(key);
  if (stored && stored.status !== "deleted" && stored.extractorVersion === EXTRACTOR_VERSION) return undefined;
  // Never stored: "0" orders before every real event of the key, so a late one still applies.
  return { sequencer: stored?.sequencer ?? "0", revision: (stored?.revision ?? 0) + 1 };
}
