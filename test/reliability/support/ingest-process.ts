/**
 * The ingest function in a process of its own, fed by the local queue with a journal, so a test can
 * kill it mid-batch and start it again: the journal redelivers whatever was in flight, as SQS does
 * after a visibility timeout. Clients come from the same factories as the Lambda entry.
 *
 * Environment: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, AWS credentials and region,
 * CLAIMS_TABLE, QUEUE_JOURNAL (file), SEND_EVENTS (optional JSON file of S3 events to enqueue first),
 * EXIT_AFTER_BATCH_WRITES (optional N: the process exits abruptly right after its Nth BatchWriteItem,
 * that is, after writing an article's claims and before committing them).
 */
import { readFileSync } from "node:fs";
import { createDynamoClaimStore } from "../../../lambdas/store/dynamo-store.ts";
import { dynamoClientFromEnv, objectReaderFromEnv } from "../../../lambdas/aws/clients.ts";
import { readIngestConfig } from "../../../lambdas/ingest/config.ts";
import { createIngestHandler } from "../../../lambdas/ingest/ingest-handler.ts";
import { LocalQueue } from "../../../local/queue.ts";

const config = readIngestConfig();
const dynamo = dynamoClientFromEnv("ingest");
const exitAfter = Number(process.env.EXIT_AFTER_BATCH_WRITES ?? 0);
if (exitAfter > 0) {
  let writes = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === "BatchWriteItemCommand" && ++writes === exitAfter) process.exit(137);
      return out;
    },
    { step: "initialize", name: "exit-mid-write" },
  );
}
const handler = createIngestHandler({
  objects: objectReaderFromEnv("ingest"),
  store: createDynamoClaimStore({ client: dynamo, tableName: config.tableName }),
  maxArticleBytes: config.maxArticleBytes,
  logger: { info: () => undefined, warn: () => undefined, error: (message, fields) => console.error(message, JSON.stringify(fields)) },
});
const queue = new LocalQueue({ consumer: (event) => handler(event), journalFile: process.env.QUEUE_JOURNAL!, visibilityTimeoutMs: 600_000, batchWindowMs: 10 });
if (process.env.SEND_EVENTS) for (const event of JSON.parse(readFileSync(process.env.SEND_EVENTS, "utf8")) as unknown[]) queue.send(JSON.stringify(event));
console.log(`ready: ${queue.stats.pending} message(s) to deliver`);
queue.start();
await queue.idle();
await queue.stop();
console.log(`done: ${queue.stats.dead} dead letter(s)`);
process.exit(0);
