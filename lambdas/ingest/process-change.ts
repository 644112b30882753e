/**
 * One object change, end to end: a created object is size-checked, fetched, analysed and its claims
 * replace the article's; a removed object deletes them. Input no retry can fix is recorded on the
 * article with its reason; anything else is thrown, for the platform to retry.
 */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, type S3Client } from "@aws-sdk/client-s3";
import { analyzeArticle } from "../core/pipeline.ts";
import { isArticleInputError } from "../core/errors.ts";
import type { ClaimWriter, ObjectVersion, WriteOutcome } from "../store/types.ts";
import type { ObjectChange } from "./events.ts";
import { toStoredClaims, publishedAtOf } from "./stored-claims.ts";

export interface ProcessDeps {
  s3: Pick<S3Client, "send">;
  store: ClaimWriter;
  maxArticleBytes: number;
  now?: () => Date;
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

  const size = change.size ?? (await headSize(deps.s3, change));
  if (size === undefined) return { outcome: "gone" };
  if (size > deps.maxArticleBytes) return tooLarge(size);

  const object = await getObject(deps.s3, change);
  if (!object) return { outcome: "gone" };
  // The event's size may be stale (the key was overwritten since): check what was actually read.
  if (object.bytes.length > deps.maxArticleBytes) return tooLarge(object.bytes.length);

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

const isMissing = (e: unknown) => e instanceof NoSuchKey || e instanceof NotFound || (e as { name?: string })?.name === "NoSuchKey" || (e as { name?: string })?.name === "NotFound";

async function headSize(s3: ProcessDeps["s3"], change: ObjectChange): Promise<number | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: change.bucket, Key: change.key }));
    return head.ContentLength ?? 0;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

async function getObject(s3: ProcessDeps["s3"], change: ObjectChange) {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: change.bucket, Key: change.key }));
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    return { bytes, contentType: out.ContentType, lastModified: out.LastModified };
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}
