import { createRequire } from "node:module";

/**
 * Two s3rver 3.7 behaviours that would make the local stack lose object events, corrected in this
 * process only (idempotent):
 *
 * 1. DeleteObjects (the multi-object delete of SDK batch deletes) emits no `event`, so its objects'
 *    claims would linger. The controller is wrapped to emit ObjectRemoved:Delete per key it actually
 *    deleted, built by s3rver's own event model so listeners see the usual shape.
 * 2. Concurrent deletes in one folder race to remove the emptied folder; the loser throws ENOENT after
 *    its object is already gone, the client retries, finds nothing, and no event is ever sent (seen
 *    with `aws s3 rm --recursive`). A folder that is already gone or refilled is not an error.
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

  const FilesystemStore = require("s3rver/lib/stores/filesystem.js") as { prototype: KoaCtx["store"] };
  const deleteObject = FilesystemStore.prototype.deleteObject;
  FilesystemStore.prototype.deleteObject = async function (this: KoaCtx["store"], bucket: string, key: string) {
    try {
      await deleteObject.call(this, bucket, key);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTEMPTY") throw e;
    }
  };

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
