/**
 * Write load per key at 1,000 articles/s, measured without AWS: a realistic article mix (PolNeAR and
 * BBC texts from ../shared/eval, read at run time; generated articles on a fresh clone) goes through
 * the real ingest handler into DynamoDB Local, then the real aggregate handler folds the table's
 * stream as Lambda would deliver it at that rate: the group records (the mapping's filter) routed to
 * STREAM_SHARDS_AT_TARGET stream shards by partition key (a partition's records all go to one shard,
 * in order), each shard's records in batches of what it receives in one batching window. Every item
 * change is then read back from the stream and charged to its keys as DynamoDB does: the base item by
 * the larger of its old and new size, each index entry put, deleted or rewritten by its projected size.
 * Units per article times 1,000 is the projected rate of each partition key (table and indexes) and
 * item; billed units come from ConsumedCapacity (no write of the store is transactional).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ObjectPresence, ObjectReader } from "../lambdas/aws/s3-object-reader.ts";
import { createIngestHandler } from "../lambdas/ingest/ingest-handler.ts";
import { createAggregateHandler } from "../lambdas/aggregate/aggregate-handler.ts";
import { createAggregator, isAggregatedRecord } from "../lambdas/store/aggregator.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
import { shardOf } from "../lambdas/store/keys.ts";
import { CLAIMS_TABLE_SCHEMA } from "../lambdas/store/schema.ts";
import { AGGREGATE_BATCH_SIZE, AGGREGATE_BATCHING_WINDOW } from "../lib/defaults.ts";
import { reportWrites } from "../local/progress.ts";
import { startDynamoDbLocal } from "../local/services/dynamodb-local.ts";
import { ensureClaimsTable } from "../local/services/table.ts";
import { s3Notification, sqsBatch } from "../test/support/events.ts";
import { generateArticles } from "../test/support/generate-articles.ts";
import { meterConsumedCapacity } from "./capacity-meter.ts";
import { INGEST_BATCH } from "./functions.ts";
import { REPO_ROOT } from "./paths.ts";

export const TARGET_ARTICLES_PER_SECOND = 1000;
/**
 * Stream shards of the table at that rate: DynamoDB splits a table into partitions of at most 1,000
 * write units a second, and its stream has a shard per partition; ~25 WRU per article → at least 25
 * shards; 40 leaves room for splits by size and is what the figures assume.
 */
export const STREAM_SHARDS_AT_TARGET = 40;

interface Article {
  key: string;
  text: string;
}

/** PolNeAR (train and dev) and BBC News texts interleaved, `count` in all; generated ones without the corpora. */
export function articleMix(count: number): { source: string; articles: Article[] } {
  const eval_ = resolve(REPO_ROOT, "../shared/eval");
  const files = ["polnear/polnear-dev.jsonl", "polnear/polnear-train.jsonl", "topics/bbc-news-dev.jsonl"].map((f) => resolve(eval_, f));
  if (!files.every(existsSync)) return { source: "generated", articles: generateArticles({ count, seed: 13, sentences: [8, 48] }).map(({ key, text }) => ({ key, text })) };
  const read = (f: string) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string });
  const polnear = [...read(files[0]!), ...read(files[1]!)];
  const bbc = read(files[2]!);
  const articles: Article[] = [];
  for (let i = 0; articles.length < count && (i < polnear.length || i < bbc.length); i++) {
    for (const a of [polnear[i], bbc[i]]) if (a && articles.length < count) articles.push({ key: `mix/${a.id}.txt`, text: a.text });
  }
  return { source: "polnear+bbc", articles };
}

export interface HotKeyResult {
  source: string;
  articles: number;
  claims: number;
  /** Group records one stream shard's batch holds at the target rate (one batching window). */
  aggregateBatchRecords: number;
  /** Aggregator batches and the summary and counter writes they made. */
  aggregateBatches: number;
  aggregateWrites: number;
  /** Write units per article by the kind of item (base table) or index they went to, from the stream. */
  unitsPerArticleByKind: Record<string, number>;
  billedWriteUnitsPerArticle: number;
  billedWriteUnitsPerClaim: number;
  readUnitsPerArticle: number;
  handlerCpuMsPerArticle: number;
  dynamoCallsPerArticle: number;
  /** Peak projected write units per second on one partition key (table or index) at 1,000 articles/s. */
  hotKeyWcuPerSecAt1k: number;
  /** Peak projected writes per second to one item at 1,000 articles/s. */
  hotItemWritesPerSecAt1k: number;
  topPartitionKeys: { key: string; wcuPerSecAt1k: number }[];
  topItems: { key: string; writesPerSecAt1k: number }[];
}

export async function measureHotKeys(count: number): Promise<HotKeyResult> {
  const mix = articleMix(count);
  const ddb = await startDynamoDbLocal();
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: "us-east-1", credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: ddb.endpoint, region: "us-east-1", credentials });
  try {
    const table = "bench-hot-keys";
    await ensureClaimsTable(client, table);
    const capacity = meterConsumedCapacity(client);
    const bytes = new Map(mix.articles.map((a) => [a.key, Buffer.from(a.text)]));
    const objects: ObjectReader & ObjectPresence = {
      read: async (_b, key) => ({ found: true, bytes: bytes.get(key)!, contentType: "text/plain" }),
      objectExists: async (_b, key) => bytes.has(key),
    };
    const { store, totals } = reportWrites(createDynamoClaimStore({ client, tableName: table }), () => undefined);
    const errors: string[] = [];
    const handle = createIngestHandler({ objects, store, maxArticleBytes: Number.MAX_SAFE_INTEGER, logger: { info: () => undefined, warn: () => undefined, error: (m, f) => void errors.push(`${m} ${JSON.stringify(f)}`) } });
    const cpu = process.cpuUsage();
    for (let i = 0; i < mix.articles.length; i += INGEST_BATCH) {
      const batch = mix.articles.slice(i, i + INGEST_BATCH).map((a, j) => s3Notification("created", "bench", encodeURIComponent(a.key), (i + j + 1).toString(16).padStart(16, "0")));
      if ((await handle(sqsBatch(batch))).batchItemFailures.length) throw new Error(`ingest failed: ${errors.join("; ")}`);
    }
    // What Lambda hands the function: the group records (the mapping's filter), per stream shard, in
    // batches of one batching window's worth at the target rate.
    const records = (await readStream(client, streams, table)).filter((r) => isAggregatedRecord(r as never));
    const batchRecords = Math.min(AGGREGATE_BATCH_SIZE, Math.max(1, Math.round(((records.length / mix.articles.length) * TARGET_ARTICLES_PER_SECOND * AGGREGATE_BATCHING_WINDOW.toSeconds()) / STREAM_SHARDS_AT_TARGET)));
    const shards = Array.from({ length: STREAM_SHARDS_AT_TARGET }, (): _Record[] => []);
    for (const r of records) shards[shardOf((r.dynamodb!.Keys!.PK as { S: string }).S, STREAM_SHARDS_AT_TARGET)]!.push(r);
    const aggregator = createAggregator({ client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName: table });
    let aggregateBatches = 0;
    let aggregateWrites = 0;
    const aggregate = createAggregateHandler({ aggregator, logger: { info: () => undefined }, onOutcome: (o) => void (aggregateWrites += o.written) });
    for (const [n, shard] of shards.entries()) {
      for (let i = 0; i < shard.length; i += batchRecords) {
        await aggregate({ Records: shard.slice(i, i + batchRecords) as never, shardId: `shardId-bench-${n}` });
        aggregateBatches++;
      }
    }
    const used = process.cpuUsage(cpu);

    const load = await chargeStream(client, streams, table);
    const n = mix.articles.length;
    const perSecond = (units: number) => (units / n) * TARGET_ARTICLES_PER_SECOND;
    const partitions = [...load.partitionUnits].map(([key, units]) => ({ key, wcuPerSecAt1k: perSecond(units) })).sort((a, b) => b.wcuPerSecAt1k - a.wcuPerSecAt1k);
    const items = [...load.itemWrites].map(([key, writes]) => ({ key, writesPerSecAt1k: perSecond(writes) })).sort((a, b) => b.writesPerSecAt1k - a.writesPerSecAt1k);
    const billed = capacity.writeUnits + capacity.transactWriteUnits;
    return {
      source: mix.source,
      articles: n,
      claims: totals.claims,
      aggregateBatchRecords: batchRecords,
      aggregateBatches,
      aggregateWrites,
      unitsPerArticleByKind: Object.fromEntries([...load.kindUnits].sort((a, b) => b[1] - a[1]).map(([k, u]) => [k, u / n])),
      billedWriteUnitsPerArticle: billed / n,
      billedWriteUnitsPerClaim: billed / totals.claims,
      readUnitsPerArticle: capacity.readUnits / n,
      handlerCpuMsPerArticle: (used.user + used.system) / 1000 / n,
      dynamoCallsPerArticle: Object.values(capacity.calls).reduce((a, b) => a + b, 0) / n,
      hotKeyWcuPerSecAt1k: partitions[0]?.wcuPerSecAt1k ?? 0,
      hotItemWritesPerSecAt1k: items[0]?.writesPerSecAt1k ?? 0,
      topPartitionKeys: partitions.slice(0, 8),
      topItems: items.slice(0, 8),
    };
  } finally {
    client.destroy();
    streams.destroy();
    await ddb.stop();
  }
}

const KB = 1024;
const units = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/** Every record of the table's stream, shard by shard, oldest first. */
async function readStream(client: DynamoDBClient, streams: DynamoDBStreamsClient, table: string): Promise<_Record[]> {
  const arn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
  const records: _Record[] = [];
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
  for (const shard of shards) {
    let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    while (iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(out.Records ?? []));
      if ((out.Records ?? []).length === 0) break;
      iterator = out.NextShardIterator;
    }
  }
  return records;
}

/** The kind of item a key belongs to, for the breakdown of units. */
function kindOf(pk: string, sk: string): string {
  if (pk.startsWith("CLAIM#")) return "claim";
  if (pk.startsWith("ARTICLE#")) return sk === "META" ? "article META" : "article other";
  if (pk.startsWith("SPK#")) return "speaker group";
  if (pk.startsWith("TOP#")) return "topic group";
  if (pk.startsWith("SPEAKERS#")) return "speaker summary";
  if (pk.startsWith("TOPIC#")) return "topic counter";
  if (pk.startsWith("SURNAME#")) return "surname index";
  if (pk.startsWith("SEARCH#")) return "search index";
  if (pk.startsWith("FEED#")) return "feed entry";
  return "other";
}

/** Every change in the table's stream, charged to the partition keys (table and index) and items it wrote. */
async function chargeStream(client: DynamoDBClient, streams: DynamoDBStreamsClient, table: string) {
  const partitionUnits = new Map<string, number>();
  const itemWrites = new Map<string, number>();
  const kindUnits = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, u: number) => map.set(key, (map.get(key) ?? 0) + u);
  for (const r of await readStream(client, streams, table)) {
    const oldImage = r.dynamodb?.OldImage as unknown as Image | undefined;
    const newImage = r.dynamodb?.NewImage as unknown as Image | undefined;
    const keys = r.dynamodb!.Keys as unknown as Image;
    const pk = str(keys.PK)!;
    const sk = str(keys.SK)!;
    const base = units(Math.max(imageSize(oldImage), imageSize(newImage)));
    add(partitionUnits, `table ${pk}`, base);
    add(kindUnits, kindOf(pk, sk), base);
    add(itemWrites, `${pk} / ${sk}`, 1);
    for (const index of CLAIMS_TABLE_SCHEMA.globalSecondaryIndexes) {
      const before = oldImage && str(oldImage[index.partitionKey.name]);
      const after = newImage && str(newImage[index.partitionKey.name]);
      const sortBefore = index.sortKey && oldImage ? str(oldImage[index.sortKey.name]) : undefined;
      const sortAfter = index.sortKey && newImage ? str(newImage[index.sortKey.name]) : undefined;
      const projected = (image: Image) => units(projectedSize(image, index.projection, [pk, sk], [index.partitionKey.name, index.sortKey?.name]));
      const charge = (key: string, u: number) => {
        add(partitionUnits, `${index.indexName} ${key}`, u);
        add(kindUnits, `index ${index.indexName}`, u);
      };
      if (before && after && before === after && sortBefore === sortAfter) {
        if (JSON.stringify(pick(oldImage!, index.projection)) !== JSON.stringify(pick(newImage!, index.projection))) charge(after, projected(newImage!));
        continue;
      }
      if (before) charge(before, projected(oldImage!));
      if (after) charge(after, projected(newImage!));
    }
  }
  return { partitionUnits, itemWrites, kindUnits };
}

type Image = Record<string, Record<string, unknown>>;
const str = (v: Record<string, unknown> | undefined) => (v && typeof v.S === "string" ? v.S : undefined);

/** DynamoDB's item size: attribute names plus values (strings by UTF-8 bytes, numbers ~1 byte per 2 digits, containers with their overhead). */
function valueSize(v: Record<string, unknown>): number {
  if (typeof v.S === "string") return Buffer.byteLength(v.S);
  if (typeof v.N === "string") return Math.ceil(v.N.replace(/^[-0.]+/, "").replace(".", "").length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (Array.isArray(v.SS)) return (v.SS as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (Array.isArray(v.L)) return 3 + (v.L as Record<string, unknown>[]).reduce((n, x) => n + 1 + valueSize(x), 0);
  if (v.M && typeof v.M === "object") return 3 + Object.entries(v.M as Image).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  return 0;
}
const imageSize = (image?: Image) => (image ? Object.entries(image).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0) : 0);

function pick(image: Image, projection: "ALL" | "KEYS_ONLY" | readonly string[]): Image {
  if (projection === "ALL") return image;
  if (projection === "KEYS_ONLY") return {};
  return Object.fromEntries(projection.filter((a) => a in image).map((a) => [a, image[a]!]));
}

/** An index entry: the table's and the index's keys plus the projected attributes. */
function projectedSize(image: Image, projection: "ALL" | "KEYS_ONLY" | readonly string[], _tableKey: string[], indexKeys: (string | undefined)[]): number {
  const keys = Object.fromEntries(["PK", "SK", ...indexKeys].filter((k): k is string => !!k && k in image).map((k) => [k, image[k]!]));
  return imageSize({ ...keys, ...pick(image, projection) }) + 100;
}
