/**
 * The secure defaults of every resource the stack creates, in one place so that a reviewer reads them
 * once and the infra tests assert them once.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";

/** Current Node.js LTS on Lambda; cdk-nag (AwsSolutions-L1) flags anything older in the family. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** Graviton: cheaper per GB-second than x86 and the code is pure JavaScript. */
export const FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

/**
 * Extraction costs about 1.5 s of CPU per MB of text (≈ 2.6 s at 1 GB's share of a vCPU), so a batch of
 * ten articles at MAX_ARTICLE_BYTES needs about 130 s: 180 s covers it with room for the writes. A
 * timed-out batch is retried whole. It must stay well below the store's claim-writing lease (5 min,
 * lambdas/store/article-writer.ts), which assumes no writer outlives it.
 */
export const INGEST_TIMEOUT = Duration.seconds(180);
/** Extraction is CPU-bound; Lambda CPU scales with memory, 1 GB keeps a 5 MB article well under the timeout. */
export const INGEST_MEMORY_MB = 1024;
/** API Gateway HTTP APIs give up after 30 s; a read that takes longer than 10 s is a bug worth an error. */
export const API_TIMEOUT = Duration.seconds(10);
export const API_MEMORY_MB = 512;

/**
 * AWS's guidance for SQS event sources: visibility timeout at least 6x the function timeout, so a message
 * is not handed to a second poller while the first is still retrying it within the batching window.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Deliveries before a message is parked in the DLQ: rides out throttling and brief table hiccups. */
export const MAX_RECEIVE_COUNT = 5;
export const INGEST_BATCH_SIZE = 10;
export const INGEST_MAX_BATCHING_WINDOW = Duration.seconds(5);
export const DLQ_RETENTION = Duration.days(14);
export const QUEUE_RETENTION = Duration.days(4);

export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** Levels both Lambda's JSON log filter and the handlers' LOG_LEVEL understand. */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Encrypted with SQS-managed keys (S3 can publish to it without a KMS key policy) and TLS-only. */
export const QUEUE_DEFAULTS = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
} as const satisfies sqs.QueueProps;

/** Every bucket: private, TLS-only, encrypted, owner-enforced objects. */
export function secureBucketProps(production: boolean): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    // Without it a non-production stack cannot be destroyed once the bucket holds anything.
    autoDeleteObjects: !production,
  };
}

/** On-demand (no capacity to plan for bursts of uploads), point-in-time recovery, encrypted at rest. */
export function claimsTableDefaults(production: boolean): Partial<dynamodb.TableProps> {
  return {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    deletionProtection: production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}

/** Default read-API throttling of the HTTP API's $default stage (requests per second / burst). */
export const DEFAULT_API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
/** Keeps a bulk upload from exhausting the account's Lambda concurrency or the table's on-demand ramp. */
export const DEFAULT_INGEST_MAX_CONCURRENCY = 5;
export const DEFAULT_NONCURRENT_VERSION_DAYS = 30;
export const DEFAULT_ACCESS_LOG_DAYS = 90;

/**
 * The aggregate function: a batch of up to 1,000 META changes of one stream shard folds into a few
 * hundred summary writes, about 1 s of work at 16 writes in flight; 60 s leaves room for throttling.
 */
export const AGGREGATE_TIMEOUT = Duration.seconds(60);
export const AGGREGATE_MEMORY_MB = 512;
export const AGGREGATE_BATCH_SIZE = 1000;
/**
 * How long a shard's records wait to be folded together: the lag of speaker and topic pages, and what
 * bounds the writes of a frequent speaker's summary to one per shard per second.
 */
export const AGGREGATE_BATCHING_WINDOW = Duration.seconds(1);
/** Carries no state (each batch is applied at once): its only use is the shard id in the event. */
export const AGGREGATE_TUMBLING_WINDOW = Duration.seconds(60);
/** Retries (with bisection) before a batch's stream position is parked; the stream keeps records 24 h. */
export const AGGREGATE_RETRY_ATTEMPTS = 10;
