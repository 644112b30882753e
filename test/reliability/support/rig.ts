/**
 * One isolated ingest pipeline on shared local services: its own bucket and table, the real ingest
 * handler over its own SDK clients (so faults added to them touch nobody else), the local queue with
 * its dead-letter list, and a record of what the test did to each key (the expected final state).
 *
 *   const rig = await ingestRig(env, { queue: { maxReceiveCount: 3 } });
 *   addFaults(rig.dynamo, [...]);                        // faults on the handler's clients only
 *   rig.objects.addFaults([...]);                        // and on its object reader
 *   const created = await rig.put("a.txt", "text");      // the S3 event, captured, not yet delivered
 *   rig.deliver([created, created]);                     // into the queue, in any order, any number of times
 *   await rig.queue.idle();
 *   await rig.expectExact();
 */
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Event } from "aws-lambda";
import { createDynamoClaimStore } from "../../../lambdas/store/dynamo-store.ts";
import { createIngestHandler } from "../../../lambdas/ingest/ingest-handler.ts";
import type { ProcessDeps } from "../../../lambdas/ingest/process-change.ts";
import { LocalQueue, type LocalQueueOptions } from "../../../local/queue.ts";
import { afterAll, beforeAll } from "vitest";
import { localDynamoClient, startLocalServices, type LocalServices } from "../../support/local-services.ts";
import { localObjectReader } from "../../../local/services/s3-server.ts";
import { faultableObjects } from "../../support/faults.ts";
import { memoryLogger } from "../../support/events.ts";
import { expectStoreToMatch, type StateCheck } from "./expected-state.ts";

export interface RigOptions {
  maxArticleBytes?: number;
  queue?: Partial<Pick<LocalQueueOptions, "maxReceiveCount" | "visibilityTimeoutMs" | "batchSize" | "concurrency" | "lane" | "laneConcurrency">>;
  /** Extraction as the handler runs it (default: inline, as in Lambda). */
  prepare?: ProcessDeps["prepare"];
}

export type IngestRig = Awaited<ReturnType<typeof ingestRig>>;

export async function ingestRig(env: LocalServices, opts: RigOptions = {}) {
  const [bucket, tableName] = await Promise.all([env.createBucket("rel"), env.createTable("rel")]);
  // The handler's own clients: faults are added to these; verification reads through env's clean ones.
  const dynamo: DynamoDBClient = localDynamoClient(env.dynamo!.endpoint);
  const objects = faultableObjects(localObjectReader(env.s3!.endpoint));
  const store = createDynamoClaimStore({ client: dynamo, tableName, backoff: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 20 } });
  const reader = createDynamoClaimStore({ client: env.dynamoClient, tableName });
  const logger = memoryLogger();
  const handler = createIngestHandler({ objects, store, maxArticleBytes: opts.maxArticleBytes ?? 5 * 1024 * 1024, logger, ...(opts.prepare && { prepare: opts.prepare }) });
  const queue = new LocalQueue({ consumer: (event) => handler(event), batchWindowMs: 5, visibilityTimeoutMs: 30, maxReceiveCount: 5, concurrency: 2, ...opts.queue });

  const events: S3Event[] = [];
  const off = env.s3!.onObjectEvent((e) => {
    if (e.Records[0]?.s3.bucket.name === bucket) events.push(e);
  });
  const expected = new Map<string, Uint8Array | undefined>();
  const nextEvent = async (): Promise<S3Event> => {
    for (let i = 0; i < 300 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const e = events.shift();
    if (!e) throw new Error("the S3 server sent no event");
    return e;
  };

  return {
    bucket,
    tableName,
    dynamo,
    objects,
    store,
    reader,
    handler,
    queue,
    logger,
    expected,
    /** Uploads and returns the ObjectCreated event S3 sent for it. */
    async put(key: string, body: string | Uint8Array): Promise<S3Event> {
      const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
      await env.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      expected.set(key, bytes);
      return nextEvent();
    },
    async remove(key: string): Promise<S3Event> {
      await env.s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      expected.set(key, undefined);
      return nextEvent();
    },
    /** One SQS message per event, as S3 sends them, in the order given; starts the queue. */
    deliver(batch: readonly S3Event[]): void {
      for (const e of batch) queue.send(JSON.stringify(e));
      queue.start();
    },
    expectExact(check: StateCheck = { deep: true }) {
      return expectStoreToMatch(reader, env.dynamoClient, tableName, expected, check);
    },
    async stop() {
      off();
      await queue.stop();
      dynamo.destroy();
      objects.destroy();
    },
  };
}

/**
 * For a suite whose tests each build rigs on one set of local services: starts the services before
 * the suite, stops every rig and the services after it, and returns the rig factory.
 */
export function rigsForSuite(): (opts?: RigOptions) => Promise<IngestRig> {
  let env: LocalServices | undefined;
  const rigs: IngestRig[] = [];
  beforeAll(async () => {
    env = await startLocalServices();
  });
  afterAll(async () => {
    await Promise.all(rigs.map((r) => r.stop()));
    await env?.stop();
  });
  return async (opts = {}) => {
    const r = await ingestRig(env!, opts);
    rigs.push(r);
    return r;
  };
}

/** A seeded shuffle, so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
