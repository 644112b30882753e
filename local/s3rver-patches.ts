import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, readdirSync, rmdirSync } from "node:fs";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { keyToPathParts, MAX_KEY_BYTES, pathPartsToKey, prefixFolderParts } from "./s3-key-paths.ts";

/**
 * s3rver 3.7 behaviours corrected in this process only (idempotent):
 *
 * 1. DeleteObjects (the multi-object delete of SDK batch deletes) emits no `event`, so its objects'
 *    claims would linger. The controller is wrapped to emit ObjectRemoved:Delete per key it actually
 *    deleted, built by s3rver's own event model so listeners see the usual shape.
 * 2. Concurrent deletes in one folder race to remove the emptied folder; the loser throws ENOENT after
 *    its object is already gone, the client retries, finds nothing, and no event is ever sent (seen
 *    with `aws s3 rm --recursive`). A folder that is already gone or refilled is not an error.
 * 3. Keys real S3 accepts crashed the server or escaped the bucket's folder (see s3-key-paths.ts): keys
 *    are laid out on disk safely, a key over 1,024 bytes gets S3's KeyTooLongError (400), and an
 *    upload is written to a temporary file and renamed into place, so a failed or aborted upload
 *    leaves the previous version (or nothing), never a half-written object, and a write error is a
 *    500 for that request instead of an uncaught stream error that ends the process. A key with an
 *    empty segment (`a//b`, `/x`), which s3rver's router does not match at all, reaches its handlers.
 */
const PATCHED = Symbol.for("claim-tracker.s3rver-patches");

interface KoaCtx {
  store: { deleteObject(bucket: string, key: string): Promise<void> };
  params: { bucket: string };
  headers: Record<string, string>;
  ip: string;
  app: { emit(name: string, payload: unknown): boolean };
}

export function patchS3rver(): void {
  const require = createRequire(import.meta.url);
  const controller = require("s3rver/lib/controllers/object.js") as Record<string | symbol, unknown>;
  if (controller[PATCHED]) return;
  controller[PATCHED] = true;

  patchStore(require);
  patchEmptySegments(require);

  const S3EventModel = require("s3rver/lib/models/event.js") as new (data: unknown, req: unknown) => unknown;
  const deleteMultipleObjects = controller.deleteMultipleObjects as (ctx: KoaCtx) => Promise<void>;
  controller.deleteMultipleObjects = async (ctx: KoaCtx) => {
    const store = ctx.store;
    const deleted: string[] = [];
    ctx.store = Object.create(store, {
      deleteObject: {
        value: async (bucket: string, key: string) => {
          await store.deleteObject(bucket, key);
          deleted.push(key);
        },
      },
    });
    try {
      await deleteMultipleObjects(ctx);
    } finally {
      ctx.store = store;
    }
    for (const key of deleted) {
      ctx.app.emit("event", new S3EventModel({ bucket: ctx.params.bucket, eventType: "Delete", S3Item: { key } }, { reqHeaders: ctx.headers, sourceIp: ctx.ip }));
    }
  };
}

/** The parts of s3rver's FilesystemStore that the patches below use or replace. */
interface FilesystemStore {
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getBucket(bucket: string): Promise<unknown>;
}

interface PutObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

interface ListOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

const OBJECT_SUFFIX = "._S3rver_object";
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const ignoreMissing = (e: NodeJS.ErrnoException) => {
  if (e.code !== "ENOENT") throw e;
};

function patchStore(require: NodeRequire): void {
  const store = (require("s3rver/lib/stores/filesystem.js") as { prototype: FilesystemStore & Record<string, unknown> }).prototype;
  const S3Error = require("s3rver/lib/models/error.js") as new (code: string, message: string, detail?: Record<string, unknown>) => Error;
  const S3Object = require("s3rver/lib/models/object.js") as { new (bucket: string, key: string, content: null, metadata: Record<string, unknown>): unknown; ALLOWED_METADATA: string[] };

  const getBucket = store.getBucket;
  store.getBucket = function (this: FilesystemStore, bucket: string) {
    // The name becomes a folder name: `..` or a slash in it would reach outside the data folder.
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes("..")) return Promise.resolve(null);
    return getBucket.call(this, bucket);
  };

  store.getResourcePath = function (this: FilesystemStore, bucket: string, key = "", resource: string) {
    const size = Buffer.byteLength(key);
    if (size > MAX_KEY_BYTES) throw new S3Error("KeyTooLongError", "Your key is too long", { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
    const parts = keyToPathParts(key);
    const stem = parts.pop()!;
    return join(this.getBucketPath(bucket), ...parts, `${stem}._S3rver_${resource}`);
  };

  store.putObject = async function (this: FilesystemStore, object: PutObject) {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    const folder = dirname(objectPath);
    await mkdir(folder, { recursive: true });
    const id = randomBytes(6).toString("hex");
    const temp = { object: join(folder, `.put-${id}`), md5: join(folder, `.put-${id}.md5`), metadata: join(folder, `.put-${id}.json`) };
    try {
      const hash = createHash("md5");
      let size = 0;
      const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temp.object),
      );
      const md5 = hash.digest("hex");
      const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([k]) => S3Object.ALLOWED_METADATA.includes(k) || k.startsWith("x-amz-meta-")));
      await Promise.all([writeFile(temp.md5, md5), writeFile(temp.metadata, JSON.stringify(metadata, null, 2))]);
      // The object file last: until it is renamed into place, readers see the previous version.
      await rename(temp.metadata, this.getResourcePath(object.bucket, object.key, "metadata.json"));
      await rename(temp.md5, `${objectPath}.md5`);
      await rename(temp.object, objectPath);
      return { size, md5 };
    } catch (e) {
      await Promise.all(Object.values(temp).map((file) => unlink(file).catch(() => undefined)));
      throw e;
    }
  };

  store.deleteObject = async function (this: FilesystemStore, bucket: string, key: string) {
    const objectPath = this.getResourcePath(bucket, key, "object");
    await Promise.all([objectPath, `${objectPath}.md5`, this.getResourcePath(bucket, key, "metadata.json")].map((file) => unlink(file).catch(ignoreMissing)));
    // Folders the key emptied go too, never the bucket's own. A folder that concurrent deletes already
    // removed, or an upload refilled, simply ends the walk up.
    const bucketPath = this.getBucketPath(bucket);
    for (let folder = dirname(objectPath); folder.startsWith(bucketPath + sep); folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  };

  store.listObjects = async function (this: FilesystemStore, bucket: string, options: ListOptions) {
    const { delimiter = "", startAfter = "", prefix = "", maxKeys = Infinity } = options;
    const folderParts = prefixFolderParts(prefix);
    const candidates = [...objectFiles(join(this.getBucketPath(bucket), ...folderParts), folderParts)]
      .map(pathPartsToKey)
      .filter((key) => key.startsWith(prefix) && byUtf8(key, startAfter) > 0)
      .sort(byUtf8);
    const commonPrefixes = new Set<string>();
    const keys: string[] = [];
    let isTruncated = false;
    for (const key of candidates) {
      const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (at >= 0) commonPrefixes.add(key.slice(0, at + delimiter.length));
      else if (keys.length < maxKeys) keys.push(key);
      else {
        isTruncated = true;
        break;
      }
    }
    const metadata = await Promise.all(keys.map((key) => this.getMetadata(bucket, key).catch((e: NodeJS.ErrnoException) => ignoreMissing(e))));
    return {
      objects: keys.flatMap((key, i) => (metadata[i] ? [new S3Object(bucket, key, null, metadata[i])] : [])),
      commonPrefixes: [...commonPrefixes].sort(byUtf8),
      isTruncated,
    };
  };
}

/** Path parts (folders, then the file name's stem) of every object file under `folder`. */
function* objectFiles(folder: string, parts: string[]): Generator<string[]> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    ignoreMissing(e as NodeJS.ErrnoException);
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) yield* objectFiles(join(folder, entry.name), [...parts, entry.name]);
    else if (entry.name.endsWith(OBJECT_SUFFIX)) yield [...parts, entry.name.slice(0, -OBJECT_SUFFIX.length)];
  }
}

interface RouterCtx {
  path: string;
  routerPath?: string;
  params: Record<string, string>;
  state: { emptySegmentKey?: string };
}
type Middleware = (ctx: RouterCtx, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * s3rver routes objects with `/:bucket/:key*`, whose segments cannot be empty. Such a request is
 * matched as if each empty segment held a character, and the key parameter is then set to the real key.
 */
function patchEmptySegments(require: NodeRequire): void {
  const router = require("s3rver/lib/routes.js") as { routes(): Middleware; param(name: string, fn: (value: string, ctx: RouterCtx, next: () => Promise<unknown>) => unknown): unknown };
  const routes = router.routes.bind(router);
  router.routes = () => {
    const dispatch = routes();
    return (ctx, next) => {
      const match = /^\/([^/]+)\/(.*)$/.exec(ctx.path);
      const segments = match?.[2]!.split("/") ?? [];
      if (match && segments.slice(0, -1).includes("")) {
        ctx.state.emptySegmentKey = safeDecode(match[2]!);
        ctx.routerPath = `/${match[1]}/${segments.map((s, i) => (s === "" && i < segments.length - 1 ? "_" : s)).join("/")}`;
      }
      return dispatch(ctx, next);
    };
  };
  router.param("key", (_value, ctx, next) => {
    if (ctx.state.emptySegmentKey !== undefined) ctx.params.key = ctx.state.emptySegmentKey;
    return next();
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
