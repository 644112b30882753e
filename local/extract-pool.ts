/**
 * Article extraction off the local stack's main thread. In AWS each Lambda invocation has its own
 * process, so a 5 MB article blocks nothing else; on one machine the API, the queue and S3 share the
 * event loop with ingest, and a multi-second extraction would stall them all. The pool runs
 * `prepareArticle` (decode, extract, limit, provenance) in worker threads, smallest article first, so
 * a large one neither blocks the API nor makes small ones wait behind it while a worker is free.
 *
 *   const pool = createExtractPool({ workers: 1 });
 *   const { meta, claims } = await pool.prepare(bytes, { key, lastModified, extractedAt });   // throws ArticleInputError as inline
 *   await pool.close();
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ArticleInputError, INPUT_ERROR_REASONS, type InputErrorReason } from "../lambdas/core/errors.ts";
import type { PreparedArticle, PrepareOptions } from "../lambdas/ingest/prepare-article.ts";

export interface ExtractPool {
  prepare(bytes: Uint8Array, opts: PrepareOptions): Promise<PreparedArticle>;
  close(): Promise<void>;
}

interface Task {
  id: number;
  bytes: Uint8Array;
  opts: PrepareOptions;
  resolve(result: PreparedArticle): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  task?: Task;
}

type Reply = { ready: true } | { id: number; result: PreparedArticle } | { id: number; error: { name: string; message: string; reason?: string } };

/** One core is left to the main thread (API, queue, S3) and DynamoDB Local. */
export const defaultWorkers = () => Math.min(4, Math.max(1, availableParallelism() - 1));

export function createExtractPool(opts: { workers?: number } = {}): ExtractPool {
  const waiting: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(new URL("./extract-worker.mjs", import.meta.url));
    worker.unref();
    let started!: () => void;
    const slot: Slot = { worker, ready: new Promise((ok) => (started = ok)) };
    worker.on("message", (reply: Reply) => {
      if ("ready" in reply) return started();
      const task = slot.task;
      slot.task = undefined;
      if (task && task.id === reply.id) {
        if ("result" in reply) task.resolve(reply.result);
        else task.reject(toError(reply.error));
      }
      dispatch();
    });
    // A worker that dies (out of memory on a hostile input) fails its task as transient; a new one takes its place.
    const died = (error: Error) => {
      const i = slots.indexOf(slot);
      if (i < 0) return;
      slots.splice(i, 1);
      slot.task?.reject(error);
      slot.task = undefined;
      started();
      if (!closed) {
        slots.push(spawn());
        dispatch();
      }
    };
    worker.on("error", died);
    worker.on("exit", (code) => died(new Error(`the extraction worker exited (code ${code})`)));
    return slot;
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.task || waiting.length === 0) continue;
      const task = waiting.shift()!;
      slot.task = task;
      void slot.ready.then(() => {
        if (slot.task === task) slot.worker.postMessage({ id: task.id, bytes: task.bytes, opts: task.opts });
      });
    }
  }

  for (let i = 0; i < (opts.workers ?? defaultWorkers()); i++) slots.push(spawn());

  return {
    prepare(bytes, prepareOptions) {
      if (closed) return Promise.reject(new Error("the extraction pool is closed"));
      return new Promise<PreparedArticle>((resolve, reject) => {
        const task: Task = { id: nextId++, bytes, opts: prepareOptions, resolve, reject };
        // Smallest first: a small article never waits for a large one that arrived before it.
        const at = waiting.findIndex((t) => t.bytes.byteLength > bytes.byteLength);
        waiting.splice(at < 0 ? waiting.length : at, 0, task);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new Error("the extraction pool is closed"));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

/** Errors cross the thread as plain data: an input error keeps its class, so it is recorded, not retried. */
function toError(e: { name: string; message: string; reason?: string }): Error {
  if (e.name === "ArticleInputError" && INPUT_ERROR_REASONS.includes(e.reason as InputErrorReason)) return new ArticleInputError(e.reason as InputErrorReason, e.message);
  return Object.assign(new Error(e.message), { name: e.name });
}
