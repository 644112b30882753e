import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as lambdaEvents from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type BindableTable, ClaimsFunction } from "./claims-function.ts";
import {
  DLQ_RETENTION,
  INGEST_BATCH_SIZE,
  INGEST_MAX_BATCHING_WINDOW,
  INGEST_MEMORY_MB,
  INGEST_TIMEOUT,
  type LogLevel,
  MAX_RECEIVE_COUNT,
  QUEUE_DEFAULTS,
  QUEUE_RETENTION,
  VISIBILITY_TIMEOUT_FACTOR,
} from "./defaults.ts";

export interface IngestPipelineProps {
  readonly articlesBucket: s3.IBucket;
  readonly claimsTable: BindableTable;
  /** Upper bound of concurrent ingest invocations the queue may drive (2..1000). */
  readonly maxConcurrency: number;
  readonly maxArticleBytes: number;
  readonly logRetention: logs.RetentionDays;
  readonly logLevel: LogLevel;
  readonly production: boolean;
}

/** Articles bucket events -> SQS (+DLQ) -> ingest function, which reads the bucket and writes the table. */
export class IngestPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly ingest: ClaimsFunction;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      ...QUEUE_DEFAULTS,
      retentionPeriod: DLQ_RETENTION,
      // Parked articles outlive a production stack's deletion, like its data.
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, "Queue", {
      ...QUEUE_DEFAULTS,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    // Removals matter as much as creations: a deleted article's claims must go (versioned bucket: delete markers).
    const destination = new s3n.SqsDestination(this.queue);
    props.articlesBucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination);
    props.articlesBucket.addEventNotification(s3.EventType.OBJECT_REMOVED, destination);

    this.ingest = new ClaimsFunction(this, "Ingest", {
      entry: "lambdas/ingest/handler.ts",
      description: "Extracts attributed claims from uploaded articles into the claims table",
      timeout: INGEST_TIMEOUT,
      memorySize: INGEST_MEMORY_MB,
      serviceName: "claims-ingest",
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      production: props.production,
      environment: { MAX_ARTICLE_BYTES: String(props.maxArticleBytes) },
    })
      .bindBucketRead(props.articlesBucket)
      .bindTable(props.claimsTable, "RW");

    this.ingest.function.addEventSource(
      new lambdaEvents.SqsEventSource(this.queue, {
        batchSize: INGEST_BATCH_SIZE,
        maxBatchingWindow: INGEST_MAX_BATCHING_WINDOW,
        // One poison article must not send its nine batch-mates back to the queue.
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
  }
}
