import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambdaEvents from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
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
  /** X-Ray active tracing of the function (ClaimsFunctionProps.tracing). */
  readonly tracing: boolean;
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
    const destination = new QueueOfBucketOwner(this.queue);
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
      tracing: props.tracing,
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

/**
 * The queue as a destination of the bucket's notifications, like s3-notifications' SqsDestination,
 * whose queue policy names only the bucket (aws:SourceArn). Bucket names are global and can be taken
 * over once deleted, so the policy also names the account the bucket must belong to (aws:SourceAccount).
 */
class QueueOfBucketOwner implements s3.IBucketNotificationDestination {
  private policyAdded = false;

  constructor(private readonly queue: sqs.Queue) {}

  bind(_scope: Construct, bucket: s3.IBucket): s3.BucketNotificationDestinationConfig {
    if (!this.policyAdded) {
      this.queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal("s3.amazonaws.com")],
          actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
          resources: [this.queue.queueArn],
          conditions: { ArnLike: { "aws:SourceArn": bucket.bucketArn }, StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
        }),
      );
      this.policyAdded = true;
    }
    // S3 checks the configuration against the queue policy: the queue (and its policy) must come first.
    return { arn: this.queue.queueArn, type: s3.BucketNotificationDestinationType.QUEUE, dependencies: [this.queue] };
  }
}
