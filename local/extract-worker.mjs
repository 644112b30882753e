// A worker thread of the local extraction pool (local/extract-pool.ts). Plain JavaScript so that it
// starts under any loader: it registers tsx itself, then loads the TypeScript ingest preparation.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { prepareArticle } = await import("../lambdas/ingest/prepare-article.ts");

parentPort.on("message", ({ id, bytes, opts }) => {
  try {
    parentPort.postMessage({ id, result: prepareArticle(bytes, opts) });
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message, reason: e.reason } : { name: "Error", message: String(e) };
    parentPort.postMessage({ id, error });
  }
});
parentPort.postMessage({ ready: true });
