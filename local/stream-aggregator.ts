/**
 * What Lambda's DynamoDB stream event source does in AWS, for the local stack and the tests: reads the
 * claims table's stream on DynamoDB Local shard by shard, in order, and hands each batch to the real
 * aggregate handler (lambdas/aggregate) with its shard id, as a tumbling-window event would. A batch
 * is checkpointed only after the handler succeeded; a failed batch is read again from the checkpoint,
 * as the stream redelivers it in AWS.
 *
 *   const aggregator = await startStreamAggregator({ client, streamsClient, tableName, handle });
 *   await aggregator.drain();   // everything written before the call is in the summaries
 *   await aggregator.stop();
 *
 * `checkpointFile` keeps the checkpoints across restarts (the local stack's data folder); without one a
 * new aggregator starts at the oldest record the stream keeps, which the summaries' watermarks make
 * harmless: records they have absorbed are skipped.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoClientConfig } from "../lambdas/aws/clients.ts";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type Shard } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createAggregateHandler, type AggregateEvent } from "../lambdas/aggregate/aggregate-handler.ts";
import { createAggregator, type AggregateOutcome } from "../lambdas/store/aggregator.ts";
import type { CapacityMeter } from "../lambdas/store/capacity.ts";

export interface StreamAggregatorOptions {
  client: DynamoDBClient;
  streamsClient: DynamoDBStreamsClient;
  tableName: string;
  handle: (event: AggregateEvent) => Promise<unknown>;
  /** Records per batch at most (the deployed mapping's batch size; DynamoDB's GetRecords takes 1,000). */
  batchSize?: number;
  /** How often the stream is polled in the background; 0: only drain() reads it. */
  pollIntervalMs?: number;
  checkpointFile?: string;
  onError?: (error: unknown) => void;
}

export interface StreamAggregator {
  /** Resolves once every record written before the call has been handed to the handler successfully. */
  drain(): Promise<void>;
  stop(): Promise<void>;
  readonly stats: { batches: number; records: number; failures: number };
}

interface ShardState {
  checkpoint?: string;
  iterator?: string;
  closed: boolean;
}

const MAX_DRAIN_ROUNDS = 10_000;

export async function startStreamAggregator(opts: StreamAggregatorOptions): Promise<StreamAggregator> {
  const table = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const latest = table.Table?.LatestStreamArn;
  if (!latest) throw new Error(`table ${opts.tableName} has no stream: the aggregator reads its changes from one`);
  const streamArn: string = latest;
  const batchSize = Math.min(opts.batchSize ?? 1000, 1000);
  const shards = new Map<string, ShardState>();
  const saved = readCheckpoints(opts.checkpointFile, streamArn);
  const stats = { batches: 0, records: 0, failures: 0 };

  async function refreshShards(): Promise<void> {
    let start: string | undefined;
    do {
      const out = await opts.streamsClient.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start && { ExclusiveStartShardId: start }) }));
      for (const shard of (out.StreamDescription?.Shards ?? []) as Shard[]) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        const checkpoint = saved[shard.ShardId];
        shards.set(shard.ShardId, { closed: false, ...(checkpoint && { checkpoint }) });
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** Reads and handles one batch of a shard; the number of records handed over. */
  async function pollShard(shardId: string, state: ShardState): Promise<number> {
    if (state.closed) return 0;
    if (!state.iterator) {
      const out = await opts.streamsClient.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(state.checkpoint ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: state.checkpoint } : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      );
      state.iterator = out.ShardIterator;
      if (!state.iterator) {
        state.closed = true;
        return 0;
      }
    }
    const out = await opts.streamsClient.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: batchSize }));
    const records = out.Records ?? [];
    if (records.length > 0) {
      try {
        await opts.handle({ Records: records as never, shardId, eventSourceARN: streamArn, state: {} });
      } catch (e) {
        // Read again from the checkpoint next time, as the stream redelivers a failed batch.
        state.iterator = undefined;
        stats.failures++;
        throw e;
      }
      state.checkpoint = records.at(-1)!.dynamodb!.SequenceNumber!;
      stats.batches++;
      stats.records += records.length;
    }
    state.iterator = out.NextShardIterator;
    if (!state.iterator) state.closed = true;
    return records.length;
  }

  /** One pass over every shard, each read until it has nothing more; serialised, so passes never overlap. */
  let running: Promise<number> = Promise.resolve(0);
  function pass(): Promise<number> {
    const next = running.then(async () => {
      await refreshShards();
      let handled = 0;
      for (const [shardId, state] of shards) {
        for (let n = await pollShard(shardId, state); n > 0; n = await pollShard(shardId, state)) handled += n;
      }
      writeCheckpoints(opts.checkpointFile, streamArn, shards);
      return handled;
    });
    running = next.catch(() => 0);
    return next;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped || !opts.pollIntervalMs) return;
    timer = setTimeout(() => {
      pass().then(schedule, (e: unknown) => {
        opts.onError?.(e);
        schedule();
      });
    }, opts.pollIntervalMs);
  };
  schedule();

  return {
    stats,
    async drain() {
      // A pass that started after the call and found nothing new means everything before it is in.
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) if ((await pass()) === 0) return;
      throw new Error("the stream never ran dry");
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function readCheckpoints(file: string | undefined, streamArn: string): Record<string, string> {
  if (!file || !existsSync(file)) return {};
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { streamArn?: string; shards?: Record<string, string> };
    // Another stream (the table was created anew): its checkpoints mean nothing here.
    return saved.streamArn === streamArn ? (saved.shards ?? {}) : {};
  } catch {
    return {};
  }
}

function writeCheckpoints(file: string | undefined, streamArn: string, shards: ReadonlyMap<string, ShardState>): void {
  if (!file) return;
  const entries = [...shards].flatMap(([id, s]) => (s.checkpoint ? [[id, s.checkpoint] as const] : []));
  writeFileSync(file, JSON.stringify({ streamArn, shards: Object.fromEntries(entries) }));
}

export interface TableAggregatorOptions {
  /** The client the store uses (DynamoDB Local); the streams client is made for the same endpoint. */
  client: DynamoDBClient;
  tableName: string;
  pollIntervalMs?: number;
  checkpointFile?: string;
  onError?: (error: unknown) => void;
  /** Each batch's outcome (the local console, the bench). */
  onBatch?: (outcome: AggregateOutcome & { durationMs: number }) => void;
  /** Meters the aggregator's own reads and writes. */
  meter?: CapacityMeter;
  /** Epoch milliseconds of the change feed's entries (tests move it; default Date.now). */
  clock?: () => number;
}

/** The real aggregate handler over a table's stream on DynamoDB Local: the one-machine aggregator. */
export async function startTableAggregator(opts: TableAggregatorOptions): Promise<StreamAggregator> {
  const config = opts.client.config;
  // The same timeouts and retries as the table client, so a frozen DynamoDB Local cannot hang a poll.
  const streamsClient = new DynamoDBStreamsClient(dynamoClientConfig("ingest", { endpoint: await endpointOf(opts.client), region: await config.region(), credentials: await config.credentials() }));
  const handler = createAggregateHandler({
    aggregator: createAggregator({ client: DynamoDBDocumentClient.from(opts.client, { marshallOptions: { removeUndefinedValues: true } }), tableName: opts.tableName, ...(opts.meter && { meter: opts.meter }), ...(opts.clock && { clock: opts.clock }) }),
    logger: { info: () => undefined },
    ...(opts.onBatch && { onOutcome: opts.onBatch }),
  });
  const aggregator = await startStreamAggregator({
    client: opts.client,
    streamsClient,
    tableName: opts.tableName,
    handle: handler,
    ...(opts.pollIntervalMs !== undefined && { pollIntervalMs: opts.pollIntervalMs }),
    ...(opts.checkpointFile && { checkpointFile: opts.checkpointFile }),
    ...(opts.onError && { onError: opts.onError }),
  });
  return {
    stats: aggregator.stats,
    drain: () => aggregator.drain(),
    async stop() {
      await aggregator.stop();
      streamsClient.destroy();
    },
  };
}

async function endpointOf(client: DynamoDBClient): Promise<string> {
  const endpoint = client.config.endpoint ? await client.config.endpoint() : undefined;
  if (!endpoint) throw new Error("the local aggregator needs a client with an explicit endpoint (DynamoDB Local)");
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ""}${endpoint.path === "/" ? "" : endpoint.path}`;
}
