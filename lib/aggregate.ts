import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as lambdaEvents from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ClaimsFunction } from "./claims-function.ts";
import {
  AGGREGATE_BATCH_SIZE,
  AGGREGATE_BATCHING_WINDOW,
  AGGREGATE_MEMORY_MB,
  AGGREGATE_RETRY_ATTEMPTS,
  AGGREGATE_TIMEOUT,
  AGGREGATE_TUMBLING_WINDOW,
  DLQ_RETENTION,
  type LogLevel,
  QUEUE_DEFAULTS,
} from "./defaults.ts";
import type { ClaimsTable } from "./storage.ts";
import { ARTICLE_META_SORT_KEY, ARTICLE_PREFIX, CLAIM_PREFIX, SPEAKER_GROUP_PREFIX, TOPIC_GROUP_PREFIX } from "../lambdas/store/keys.ts";

/**
 * What reaches the function (lambdas/store/aggregator.ts, isAggregatedRecord): the records of speaker
 * and topic groups (summaries and counters), and what the change feed records (lambdas/store/feed.ts):
 * any write of an article's META, and claims modified or removed. A new claim's record is filtered out:
 * its article's META commit, which follows it, names it.
 */
export const AGGREGATE_FILTERS = [
  ...[SPEAKER_GROUP_PREFIX, TOPIC_GROUP_PREFIX].map((prefix) => ({ dynamodb: { Keys: { PK: { S: lambda.FilterRule.beginsWith(prefix) } } } })),
  { dynamodb: { Keys: { PK: { S: lambda.FilterRule.beginsWith(ARTICLE_PREFIX) }, SK: { S: lambda.FilterRule.isEqual(ARTICLE_META_SORT_KEY) } } } },
  { eventName: lambda.FilterRule.or("MODIFY", "REMOVE"), dynamodb: { Keys: { PK: { S: lambda.FilterRule.beginsWith(CLAIM_PREFIX) } } } },
];

export interface SummaryAggregatorProps {
  readonly claimsTable: ClaimsTable;
  readonly logRetention: logs.RetentionDays;
  readonly logLevel: LogLevel;
  /** X-Ray active tracing of the function (ClaimsFunctionProps.tracing). */
  readonly tracing: boolean;
  readonly production: boolean;
}

/**
 * The claims table's stream -> the aggregate function -> the change feed, speaker summaries and topic
 * counters (lambdas/aggregate). Only the records AGGREGATE_FILTERS passes reach the function: a new
 * claim, a search entry or a summary write costs no invocation. Batches that keep failing are bisected, then their stream positions are
 * parked in a queue of their own (the records stay in the stream for 24 hours; docs/deploy.md says how
 * to replay them).
 */
export class SummaryAggregator extends Construct {
  readonly function: ClaimsFunction;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: SummaryAggregatorProps) {
    super(scope, id);
    this.failures = new sqs.Queue(this, "Failures", {
      ...QUEUE_DEFAULTS,
      retentionPeriod: DLQ_RETENTION,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.failures).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the failure destination of the aggregate function's stream mapping: it holds only the stream " +
        "positions of batches that failed every retry, for an operator to replay; nothing consumes it, so nothing can fail into a DLQ.",
    });
    this.function = new ClaimsFunction(this, "Aggregate", {
      entry: "lambdas/aggregate/handler.ts",
      description: "Folds article changes from the claims table's stream into speaker summaries and topic counts",
      timeout: AGGREGATE_TIMEOUT,
      memorySize: AGGREGATE_MEMORY_MB,
      serviceName: "claims-aggregate",
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      tracing: props.tracing,
      production: props.production,
    }).bindTable(props.claimsTable, "RW");
    props.claimsTable.table.grantStreamRead(this.function.role);
    Validations.of(this.function.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "dynamodb:ListStreams (which the stream event source needs) has no resource-level permission; the stream's own " +
        "reads (DescribeStream, GetRecords, GetShardIterator) name the table's stream, and with tracing on, X-Ray's " +
        "PutTraceSegments/PutTelemetryRecords have none either.",
    });

    this.function.function.addEventSource(
      new lambdaEvents.DynamoEventSource(props.claimsTable.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: AGGREGATE_BATCH_SIZE,
        maxBatchingWindow: AGGREGATE_BATCHING_WINDOW,
        // Only so each event names its shard, whose watermarks make a redelivered batch count once.
        tumblingWindow: AGGREGATE_TUMBLING_WINDOW,
        // One batch per shard at a time: a shard's records must be folded in order.
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        retryAttempts: AGGREGATE_RETRY_ATTEMPTS,
        reportBatchItemFailures: false,
        onFailure: new lambdaEvents.SqsDlq(this.failures),
        filters: AGGREGATE_FILTERS.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      }),
    );
  }

  /** Seconds between a group write and its aggregation (the lag of speaker and topic pages). */
  metricIteratorAge() {
    return this.function.function.metric("IteratorAge", { statistic: "Maximum", period: Duration.minutes(1) });
  }
}
