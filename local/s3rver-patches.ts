import { createRequire } from "node:module";

/**
 * s3rver emits an `event` for DeleteObject but not for DeleteObjects (the multi-object delete that
 * `aws s3 rm --recursive` and SDK batch deletes use), so their claims would linger. This wraps that
 * one controller to emit an ObjectRemoved:Delete event per key it actually deleted, built by
 * s3rver's own event model so listeners see the usual shape. Idempotent; affects this process only.
 */
const PATCHED = Symbol.for("claim-tracker.s3rver-multi-delete-events");

interface KoaCtx {
  store: { deleteObject(bucket: string, key: string): Promise<void> };
  params: { bucket: string };
  headers: Record<string, string>;
  ip: string;
  app: { emit(name: string, payload: unknown): boolean };
}

export function emitEventsForMultiObjectDelete(): void {
  const require = createRequire(import.meta.url);
  const controller = require("s3rver/lib/controllers/object.js") as Record<string | symbol, unknown>;
  if (controller[PATCHED]) return;
  const S3EventModel = require("s3rver/lib/models/event.js") as new (data: unknown, req: unknown) => unknown;
  const original = controller.deleteMultipleObjects as (ctx: KoaCtx) => Promise<void>;
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
      await original(ctx);
    } finally {
      ctx.store = store;
    }
    for (const key of deleted) {
      ctx.app.emit("event", new S3EventModel({ bucket: ctx.params.bucket, eventType: "Delete", S3Item: { key } }, { reqHeaders: ctx.headers, sourceIp: ctx.ip }));
    }
  };
  controller[PATCHED] = true;
}
