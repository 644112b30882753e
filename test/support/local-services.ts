/**
 * Shared test helpers: real DynamoDB Local and a real local S3 server on free ports, SDK v3 clients
 * pointed at them, and fresh tables. Start once per test file (beforeAll) and give each test its own
 * table or bucket, so suites stay fast and independent.
 *
 *   let env: LocalServices;
 *   beforeAll(async () => { env = await startLocalServices({ buckets: ["articles"] }); });
 *   afterAll(() => env?.stop());
 *   const table = await env.createTable();          // unique name, keys and GSIs from the store schema
 *   const ddb = env.dynamoClient; const s3 = env.s3Client;
 *   const objects = env.objects;                    // the functions' object reader, on the same server
 *   env.s3.onObjectEvent((event) => ...);          // S3-shaped notifications (see local/services/s3-server.ts)
 *
 * Options: `dynamo` / `s3` (default true each) to start only what a suite needs, `buckets`.
 */
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startDynamoDbLocal, type DynamoDbLocal } from "../../local/services/dynamodb-local.ts";
import { localObjectReader, localS3ClientConfig, startS3Server, type S3Server } from "../../local/services/s3-server.ts";
import type { S3ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";
import { ensureClaimsTable } from "../../local/services/table.ts";
import { startTableAggregator, type StreamAggregator } from "../../local/stream-aggregator.ts";
import type { ClaimReader } from "../../lambdas/store/types.ts";

export interface LocalServicesOptions {
  dynamo?: boolean;
  s3?: boolean;
  buckets?: string[];
}

export interface LocalServices {
  /** Present when started with `dynamo` (the default). */
  readonly dynamo?: DynamoDbLocal;
  readonly s3?: S3Server;
  readonly dynamoClient: DynamoDBClient;
  readonly s3Client: S3Client;
  /** The object reader the Lambda functions use (GetObject only), pointed at the local S3 server. */
  readonly objects: S3ObjectReader;
  /** Creates a table with the claims schema under a fresh name and returns the name. */
  createTable(prefix?: string): Promise<string>;
  /**
   * Runs the aggregator (the real aggregate handler over the table's stream, local/stream-aggregator.ts)
   * until everything written to the table so far is in its speaker summaries and topic counts.
   */
  settleAggregates(tableName: string): Promise<void>;
  /** Creates a bucket under a fresh name (lower case, S3-valid) and returns the name. */
  createBucket(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Time limits for suites that use these services: DynamoDB Local is a JVM and the machines running
 * the tests are shared, so a step that takes 50 ms alone can take seconds under load.
 */
export const SERVICE_START_MS = 180_000;
export const SLOW_TEST_MS = 120_000;

/** A name no other test in this run uses: `prefix-<random hex>`. */
export function uniqueName(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

/** Credentials DynamoDB Local accepts (any) and a fixed region, so signing never depends on the shell. */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client(localS3ClientConfig(endpoint));
}

export async function startLocalServices(opts: LocalServicesOptions = {}): Promise<LocalServices> {
  const [dynamo, s3] = await Promise.all([
    opts.dynamo === false ? undefined : startDynamoDbLocal(),
    opts.s3 === false ? undefined : startS3Server({ buckets: opts.buckets ?? [] }),
  ]);
  const unavailable = (what: string) => new Proxy({}, { get: () => { throw new Error(`${what} was not started`); } });
  const dynamoClient = dynamo ? localDynamoClient(dynamo.endpoint) : (unavailable("DynamoDB Local") as DynamoDBClient);
  const s3Client = s3 ? localS3Client(s3.endpoint) : (unavailable("the S3 server") as S3Client);
  const objects = s3 ? localObjectReader(s3.endpoint) : (unavailable("the S3 server") as S3ObjectReader);
  const aggregators = new Map<string, Promise<StreamAggregator>>();
  return {
    dynamo,
    s3,
    dynamoClient,
    s3Client,
    objects,
    async createTable(prefix = "claims") {
      const name = uniqueName(prefix);
      await ensureClaimsTable(dynamoClient, name);
      return name;
    },
    async settleAggregates(tableName) {
      let aggregator = aggregators.get(tableName);
      if (!aggregator) aggregators.set(tableName, (aggregator = startTableAggregator({ client: dynamoClient, tableName })));
      await (await aggregator).drain();
    },
    async createBucket(prefix = "bucket") {
      const name = uniqueName(prefix).toLowerCase();
      await s3Client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async stop() {
      await Promise.all([...aggregators.values()].map(async (a) => (await a.catch(() => undefined))?.stop()));
      if (dynamo) dynamoClient.destroy();
      if (s3) {
        s3Client.destroy();
        objects.destroy();
      }
      await Promise.all([dynamo?.stop(), s3?.stop()]);
    },
  };
}

/**
 * The store with its summary reads (speakers, topics) made after the aggregator has caught up with the
 * table's stream: what a reader sees a few seconds after a write, without waiting for a clock.
 */
export function withSettledSummaries<S extends Pick<ClaimReader, "getSpeaker" | "listSpeakers" | "listTopics">>(store: S, settle: () => Promise<void>): S {
  const settled = <A extends unknown[], R>(read: (...args: A) => Promise<R>) => async (...args: A) => (await settle(), read(...args));
  return { ...store, getSpeaker: settled(store.getSpeaker), listSpeakers: settled(store.listSpeakers), listTopics: settled(store.listTopics) };
}
