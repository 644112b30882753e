import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dynamoClient as createDynamoClient, objectReaderLimits } from "../lambdas/aws/clients.ts";
import { createS3ObjectReader } from "../lambdas/aws/s3-object-reader.ts";
import { API_DEADLINE_MS, createApiHandler } from "../lambdas/api/app.ts";
import { apiCacheOptions, readApiCacheSeconds } from "../lambdas/api/config.ts";
import { parseAllowedOrigins } from "../lambdas/api/cors.ts";
import { createS3ArticleTextSource } from "../lambdas/api/s3-article-text.ts";
import { defaultTopicClassifier } from "../lambdas/core/topics/index.ts";
import { createIngestHandler } from "../lambdas/ingest/ingest-handler.ts";
import { bytesToRead, decodeS3Key } from "../lambdas/ingest/events.ts";
import { createExtractPool } from "./extract-pool.ts";
import { analyzeArticle, EXTRACTOR_VERSION } from "../lambdas/core/pipeline.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
import type { LocalStackConfig } from "./config.ts";
import { newLocalSecret, replayRefusal } from "./control.ts";
import { ensureDashboardBuilt, type DashboardBuildOutcome } from "./dashboard-build.ts";
import { createLocalHttpServer, readBody } from "./http-server.ts";
import { printableKey, reportWrites, type IngestTotals } from "./progress.ts";
import { LocalQueue, type LocalQueueOptions } from "./queue.ts";
import { startDynamoDbLocal, type DynamoDbLocal } from "./services/dynamodb-local.ts";
import { localObjectReader, S3RVER_CREDENTIALS, startS3Server, type S3Server } from "./services/s3-server.ts";
import { ensureClaimsTable } from "./services/table.ts";
import { startTableAggregator, type StreamAggregator } from "./stream-aggregator.ts";

const WARM_UP_ARTICLE = "\u201cWe will open the new library in March,\u201d Mayor Ellen Park said on Tuesday, according to the city.";
const WARM_UP_KEY = "warm-up/never-stored.txt";
/**
 * The read API's response cache here (CLAIMS_API_CACHE_SECONDS overrides, 0 turns it off): shorter
 * than in AWS, so an article uploaded by hand shows within a few seconds of being processed.
 */
const LOCAL_API_CACHE_SECONDS = 1;
/** Messages reading more than this go to the queue's "large" lane. */
const LARGE_ARTICLE_BYTES = 512 * 1024;

/**
 * The local queue's lanes: messages that will read a large article travel in a lane of their own, one
 * batch at a time, so small articles (and objects refused by size alone) never wait behind them.
 */
export function ingestLanes(maxArticleBytes: number): Pick<LocalQueueOptions, "lane" | "laneConcurrency"> {
  return { lane: (body) => (bytesToRead(body, maxArticleBytes) > LARGE_ARTICLE_BYTES ? "large" : "small"), laneConcurrency: { large: 1 } };
}
/** How often the local aggregator reads the table's stream: speaker and topic pages lag by about this. */
const AGGREGATE_POLL_MS = 250;

export interface LocalStack {
  /** What .claims-local.env holds. */
  env: Record<string, string>;
  queue: LocalQueue;
  /** Folds the table's stream into speaker summaries and topic counts, as the aggregate function does in AWS. */
  aggregates: StreamAggregator;
  totals: IngestTotals;
  dynamo: DynamoDbLocal;
  s3: S3Server;
  /** Resolves when a service dies on its own (the stack is no longer whole). */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

/**
 * The tracker on one machine: DynamoDB Local and s3rver with persistent data, object events through
 * a local SQS-like queue into the real ingest handler, and one HTTP server for the real API handler
 * and the dashboard.
 */
export async function startLocalStack(config: LocalStackConfig, log: (line: string) => void): Promise<LocalStack> {
  const dashboard = config.buildDashboard ? ensureDashboardBuilt(config.rootDir, log) : Promise.resolve<DashboardBuildOutcome>("fresh");
  const services = Promise.allSettled([
    startDynamoDbLocal({ port: config.dynamoPort, dbPath: join(config.dataDir, "dynamodb"), onNotice: (line) => log(line) }),
    startS3Server({ port: config.s3Port, directory: join(config.dataDir, "s3"), buckets: [config.bucket] }),
  ] as const);
  // The extractor builds its lexicons and taxonomy on first use: do that while the JVM boots, not
  // when the user's first article arrives.
  analyzeArticle(new TextEncoder().encode(WARM_UP_ARTICLE), { key: "warm-up.txt" });
  const [dynamoStart, s3Start] = await services;
  if (dynamoStart.status === "rejected" || s3Start.status === "rejected") {
    // Stop whichever did start, so a failed start leaves nothing running.
    await Promise.all([dynamoStart, s3Start].map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)));
    const reason = dynamoStart.status === "rejected" ? dynamoStart.reason : (s3Start as PromiseRejectedResult).reason;
    throw new Error(`could not start the local services: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
  const dynamo = dynamoStart.value;
  const s3 = s3Start.value;
  // Stopped in steps: what feeds and runs ingest first (the queue waits for its batches in flight),
  // then what reads their writes, then the services all of them use.
  const stopsFirst: (() => Promise<void>)[] = [];
  const stopsMiddle: (() => Promise<void>)[] = [];
  const stopsLast: (() => Promise<void>)[] = [() => s3.stop(), () => dynamo.stop()];
  let stopping = false;
  const runAll = (stops: (() => Promise<void>)[]) => Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined)));
  const stopAll = async () => {
    stopping = true;
    for (const step of [stopsFirst, stopsMiddle, stopsLast]) await runAll(step);
  };
  try {
    // s3rver accepts only its own key pair; DynamoDB Local accepts any, so both clients use it. The
    // API and ingest get the same timeouts and retries as their functions in AWS.
    const clientSettings = { endpoint: dynamo.endpoint, region: config.region, credentials: { ...S3RVER_CREDENTIALS } };
    const dynamoClient = createDynamoClient("ingest", clientSettings);
    const apiDynamoClient = createDynamoClient("api", clientSettings);
    const objects = localObjectReader(s3.endpoint, config.region);
    const apiObjects = createS3ObjectReader({ endpoint: s3.endpoint, region: config.region, credentials: { ...S3RVER_CREDENTIALS }, ...objectReaderLimits("api") });
    await ensureClaimsTable(dynamoClient, config.table);
    const store = createDynamoClaimStore({ client: dynamoClient, tableName: config.table, topics: defaultTopicClassifier.topics });
    const apiCache = apiCacheOptions(readApiCacheSeconds(process.env, LOCAL_API_CACHE_SECONDS));
    const reader = createDynamoClaimStore({ client: apiDynamoClient, tableName: config.table, topics: defaultTopicClassifier.topics, ...(apiCache && { summaryMemoMs: apiCache.ttlMs }) });
    // First requests to a fresh JVM are slow; a few reads now spare the first API call and article.
    await Promise.all([reader.listSpeakers({ limit: 1 }), store.getArticle(WARM_UP_KEY), reader.listTopics()]);
    const { store: reportingStore, totals, ignored } = reportWrites(store, log);
    // Extraction in worker threads: a 5 MB article must not stall the API and the queue (extract-pool.ts).
    const extractPool = createExtractPool();
    // After the queue (stopsFirst), which waits for the batches still using the workers.
    stopsMiddle.push(() => extractPool.close());
    await extractPool.prepare(new TextEncoder().encode(WARM_UP_ARTICLE), { key: "warm-up.txt", lastModified: new Date(), extractedAt: new Date() });
    const aggregates = await startTableAggregator({
      client: dynamoClient,
      tableName: config.table,
      pollIntervalMs: AGGREGATE_POLL_MS,
      checkpointFile: join(config.dataDir, "stream-checkpoints.json"),
      onError: (e) => log(`  ! aggregating speaker and topic counts failed (${e instanceof Error ? e.message : String(e)}); the batch is read again`),
    });
    stopsMiddle.push(() => aggregates.stop());

    const ingest = createIngestHandler({
      objects,
      store: reportingStore,
      prepare: extractPool.prepare,
      maxArticleBytes: config.maxArticleBytes,
      // Outcomes are printed by reportWrites; only failures that will be retried, and events skipped
      // before any write, need a line here.
      logger: {
        info: (message, fields) => {
          if (fields.outcome === "ignored") ignored(String(fields.articleKey), String(fields.reason));
          if (config.verbose) log(`  ${message}: ${JSON.stringify(fields)}`);
        },
        warn: (message, fields) => config.verbose && log(`  ${message}: ${JSON.stringify(fields)}`),
        error: (message, fields) => log(`  ! ${message}: ${JSON.stringify(fields)}`),
      },
    });
    const queue = new LocalQueue({
      consumer: (event) => ingest(event),
      journalFile: join(config.dataDir, "queue.jsonl"),
      ...config.queue,
      queueArn: `arn:aws:sqs:${config.region}:000000000000:${config.bucket}-ingest`,
      ...ingestLanes(config.maxArticleBytes),
      onBatch: ({ size, failed, error }) => {
        if (error !== undefined) log(`  ! a batch of ${size} failed as a whole (${error instanceof Error ? error.message : String(error)}); it is retried after ${config.queue.visibilityTimeoutMs / 1000} s`);
        else if (failed) log(`  ! ${failed} of ${size} message${size === 1 ? "" : "s"} will be retried after ${config.queue.visibilityTimeoutMs / 1000} s`);
      },
      onDeadLetter: (m) => log(`  ✗ a message reached the dead-letter list after ${m.receiveCount} receives (${describeMessage(m.body)}); POST /_local/dead-letters/redrive to retry`),
    });
    s3.onObjectEvent((event) => queue.send(JSON.stringify(event)));
    queue.start();
    stopsFirst.push(() => queue.stop());
    if (queue.stats.pending || queue.stats.dead) log(`queue: ${queue.stats.pending} message(s) carried over from the last run, ${queue.stats.dead} dead letter(s)`);

    const api = createApiHandler({
      reader,
      // The dashboard's article view shows the text its claims index into, read from the local bucket.
      articleText: createS3ArticleTextSource({ objects: apiObjects, bucket: config.bucket, maxArticleBytes: config.maxArticleBytes }),
      tokenSecret: config.tokenSecret,
      deadlineMs: API_DEADLINE_MS,
      allowedOrigins: parseAllowedOrigins(config.allowedOrigins),
      topics: defaultTopicClassifier.topics,
      logger: { error: (message, ...extra) => log(`  api error: ${message} ${JSON.stringify(extra)}`) },
      ...(apiCache && { cache: apiCache }),
    });
    const json = (res: ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const localSecret = newLocalSecret();
    const localRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
      // extractorVersion: what this stack runs; `claims reindex` re-extracts stored articles to it.
      "GET /_local/status": (_req, res) => json(res, 200, { queue: queue.stats, ingest: totals, aggregates: aggregates.stats, extractorVersion: EXTRACTOR_VERSION }),
      "GET /_local/dead-letters": (_req, res) => json(res, 200, { items: queue.deadLetters().map((m) => ({ id: m.id, receiveCount: m.receiveCount, deadAt: new Date(m.deadAt ?? 0).toISOString(), body: m.body })) }),
      "POST /_local/dead-letters/redrive": (_req, res) => json(res, 200, { redriven: queue.redrive() }),
      // Sends a message as S3 would (an S3 event notification as the body): lets tests and users replay
      // duplicate or out-of-order events through the real queue and handler.
      "POST /_local/queue/messages": async (req, res) => {
        const bytes = await readBody(req, 256 * 1024);
        const body = bytes?.toString("utf8");
        if (body === undefined) return json(res, 413, { error: "PayloadTooLarge", message: "a message body is at most 256 KB, as in SQS" });
        const refusal = replayRefusal(body, { bucket: config.bucket, latestSequencer: (key) => s3.latestSequencer(key) });
        if (refusal) return json(res, 400, { error: "BadRequest", message: refusal });
        json(res, 202, { messageId: queue.send(body) });
      },
    };
    const built = await dashboard;
    if (built === "failed") log("the dashboard build failed (see above); serving what dashboard/dist holds, if anything");
    if (built === "no-script") log("no build:dashboard script yet; the dashboard is served only if dashboard/dist exists");
    const server = createLocalHttpServer({
      api,
      apiBase: config.apiBase,
      dashboardDir: config.dashboardDir,
      control: { routes: localRoutes, secret: localSecret },
      onError: (e) => log(`  http error: ${String(e)}`),
    });
    await new Promise<void>((ok, fail) => {
      server.once("error", (e) => fail(new Error(`could not listen on ${config.host}:${config.port}: ${e.message}`)));
      server.listen(config.port, config.host, ok);
    });
    stopsFirst.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const origin = `http://${config.host}:${port}`;

    const failed = new Promise<Error>((report) => {
      dynamo.process.once("exit", (code, signal) => {
        if (!stopping) report(new Error(`DynamoDB Local exited unexpectedly (code ${code}, signal ${signal})`));
      });
    });
    return {
      env: {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_REGION: config.region,
        CLAIMS_BUCKET: config.bucket,
        CLAIMS_TABLE: config.table,
        CLAIMS_API_URL: `${origin}${config.apiBase}`,
        CLAIMS_DASHBOARD_URL: `${origin}/`,
        // For the control endpoints (/_local/*), sent as the x-claims-local-secret header.
        CLAIMS_LOCAL_SECRET: localSecret,
      },
      queue,
      aggregates,
      totals,
      dynamo,
      s3,
      failed,
      async stop() {
        await stopAll();
        dynamoClient.destroy();
        apiDynamoClient.destroy();
        objects.destroy();
        apiObjects.destroy();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function describeMessage(body: string): string {
  try {
    const records = (JSON.parse(body) as { Records?: { eventName?: string; s3?: { object?: { key?: string } } }[] }).Records ?? [];
    return records.map((r) => `${r.eventName} ${printableKey(decodeS3Key(r.s3?.object?.key ?? ""))}`).join(", ");
  } catch {
    return "unreadable message";
  }
}
