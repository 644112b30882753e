/**
 * What one article costs to ingest: the real ingest handler, in this process, reads articles already
 * in the local stack's bucket and writes them into a fresh table through a DynamoDB client whose every
 * response's ConsumedCapacity is summed; then the real aggregate handler folds the table's stream into
 * the speaker summaries and topic counters through the same client, so their writes are counted too.
 * SQS batches have the deployed batch size; the handler's wall time per article gives the Lambda
 * duration.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { createIngestHandler } from "../lambdas/ingest/ingest-handler.ts";
import type { ObjectPresence, ObjectReader } from "../lambdas/aws/s3-object-reader.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
import { reportWrites } from "../local/progress.ts";
import { encodeS3EventKey, localObjectReader, S3RVER_CREDENTIALS } from "../local/services/s3-server.ts";
import { ensureClaimsTable } from "../local/services/table.ts";
import { startTableAggregator } from "../local/stream-aggregator.ts";
import { s3Notification, sqsBatch } from "../test/support/events.ts";
import { meterConsumedCapacity, type CapacityTotals } from "./capacity-meter.ts";
import { INGEST_BATCH } from "./functions.ts";

export interface WriteCostResult {
  articles: number;
  claims: number;
  capacity: CapacityTotals;
  /** Billed write units of the ingest handler alone, per article; the rest are the aggregator's. */
  ingestWriteUnitsPerArticle: number;
  /** The store's own meter over the ingest handler's calls: a cross-check of the middleware's sum. */
  storeMeterWriteUnits: number;
  /** As DynamoDB Local reports them (transactional writes counted once). */
  writeUnitsPerArticle: number;
  writeUnitsPerClaim: number;
  /** As DynamoDB proper bills them: the transactional units once more. */
  billedWriteUnitsPerArticle: number;
  billedWriteUnitsPerClaim: number;
  readUnitsPerArticle: number;
  /** Handler wall time per article on this machine, batches of the deployed size. */
  handlerMsPerArticle: number;
  /** CPU time of this process over the same runs: the part that does not depend on DynamoDB Local or machine load. */
  handlerCpuMsPerArticle: number;
  /** DynamoDB and S3 requests per article: each is a network round trip inside the Lambda's duration. */
  dynamoCallsPerArticle: number;
  s3CallsPerArticle: number;
  s3Calls: Record<string, number>;
  batchSize: number;
}

export async function measureWriteCost(env: Record<string, string>, keys: readonly string[]): Promise<WriteCostResult> {
  const region = env.AWS_REGION ?? "us-east-1";
  const dynamo = new DynamoDBClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB!, region, credentials: { ...S3RVER_CREDENTIALS } });
  const reader = localObjectReader(env.AWS_ENDPOINT_URL_S3!, region);
  try {
    const table = `bench-cost-${randomBytes(4).toString("hex")}`;
    await ensureClaimsTable(dynamo, table);
    const capacity = meterConsumedCapacity(dynamo);
    // Every S3 request ingest makes goes through this reader: GetObject, and HeadObject for a remove.
    const s3Calls = { GetObject: 0, HeadObject: 0 };
    const objects: ObjectReader & ObjectPresence = {
      read: (...args) => (s3Calls.GetObject++, reader.read(...args)),
      objectExists: (...args) => (s3Calls.HeadObject++, reader.objectExists(...args)),
    };
    const store = createDynamoClaimStore({ client: dynamo, tableName: table });
    const { store: counting, totals } = reportWrites(store, () => undefined);
    const errors: string[] = [];
    const quiet = () => undefined;
    const handle = createIngestHandler({
      objects,
      store: counting,
      maxArticleBytes: Number.MAX_SAFE_INTEGER,
      logger: { info: quiet, warn: quiet, error: (message, fields) => void errors.push(`${message} ${JSON.stringify(fields)}`) },
    });

    const bucket = env.CLAIMS_BUCKET!;
    let handlerMs = 0;
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < keys.length; i += INGEST_BATCH) {
      const batch = keys.slice(i, i + INGEST_BATCH).map((key, j) => s3Notification("created", bucket, encodeS3EventKey(key), (i + j + 1).toString(16).padStart(16, "0")));
      const started = performance.now();
      const response = await handle(sqsBatch(batch));
      handlerMs += performance.now() - started;
      if (response.batchItemFailures.length) throw new Error(`ingest failed while measuring write cost: ${errors.join("; ")}`);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const ingestWriteUnits = capacity.writeUnits + capacity.transactWriteUnits;
    const aggregator = await startTableAggregator({ client: dynamo, tableName: table });
    try {
      await aggregator.drain();
    } finally {
      await aggregator.stop();
    }
    const claims = totals.claims;
    if (totals.processed !== keys.length) throw new Error(`${keys.length - totals.processed} of ${keys.length} articles were not processed while measuring write cost`);
    if (claims === 0) throw new Error("no claims were stored: write units per claim cannot be measured");
    const billed = capacity.writeUnits + capacity.transactWriteUnits;
    return {
      articles: keys.length,
      claims,
      capacity,
      storeMeterWriteUnits: store.meter.writeUnits,
      ingestWriteUnitsPerArticle: ingestWriteUnits / keys.length,
      writeUnitsPerArticle: capacity.writeUnits / keys.length,
      writeUnitsPerClaim: capacity.writeUnits / claims,
      billedWriteUnitsPerArticle: billed / keys.length,
      billedWriteUnitsPerClaim: billed / claims,
      readUnitsPerArticle: capacity.readUnits / keys.length,
      handlerMsPerArticle: handlerMs / keys.length,
      handlerCpuMsPerArticle: (cpu.user + cpu.system) / 1000 / keys.length,
      dynamoCallsPerArticle: Object.values(capacity.calls).reduce((a, b) => a + b, 0) / keys.length,
      s3CallsPerArticle: Object.values(s3Calls).reduce((a, b) => a + b, 0) / keys.length,
      s3Calls,
      batchSize: INGEST_BATCH,
    };
  } finally {
    dynamo.destroy();
    reader.destroy();
  }
}
