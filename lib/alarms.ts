import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRICS_NAMESPACE } from "../lambdas/aws/metrics.ts";

export interface ClaimsAlarmsProps {
  readonly namePrefix: string;
  readonly deadLetterQueue: sqs.IQueue;
  /** The ingest queue: its oldest message's age shows ingest falling behind (maxConcurrency too low). */
  readonly queue: sqs.IQueue;
  /** Function label ("ingest", "api") -> function: each gets an errors and a throttles alarm. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The aggregate function's stream lag and the queue its failed batches are parked in. */
  readonly aggregator?: { readonly iteratorAge: cloudwatch.IMetric; readonly failures: sqs.IQueue };
  /** The read API: its 5xx answers and p99 latency as API Gateway sees them (function errors, timeouts and throttles included). */
  readonly httpApi?: apigw.IHttpApi;
  /** The claims table and its indexes: throttled requests and transaction conflicts. */
  readonly table?: { readonly table: dynamodb.ITable; readonly indexNames: readonly string[] };
  /** Existing SNS topic to notify on alarm and on recovery; without one the stack creates a topic. */
  readonly alarmTopicArn?: string;
  /** E-mail address subscribed to the topic the stack creates. */
  readonly alarmEmail?: string;
  readonly production: boolean;
}

/** Speaker and topic pages lag ingest by this much before anyone is told. */
const AGGREGATE_LAG_MS = 5 * 60 * 1000;

/** Bulk upload ingest falls this far behind before anyone is told. */
const BACKLOG_SECONDS = 30 * 60;

/** A parked message nobody has looked at for this long: the depth alarm was missed or ignored. */
const DLQ_AGE_SECONDS = 24 * 3600;

/** The read API's p99 latency (API Gateway's view) over three 5-minute windows in a row. */
export const API_P99_LATENCY_MS = 2000;

/** A metric the functions write themselves (EMF, lambdas/aws/metrics.ts). */
export function claimsMetric(service: string, metricName: string, props: { statistic?: string; period?: Duration; dimensions?: Record<string, string> } = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { Service: service, ...props.dimensions },
    statistic: props.statistic ?? "Sum",
    period: props.period ?? Duration.minutes(5),
  });
}

/** Read and write throttle events of the table and each of its indexes, summed. */
export function tableThrottles(table: dynamodb.ITable, indexNames: readonly string[], period: Duration): cloudwatch.IMetric {
  const metrics: Record<string, cloudwatch.IMetric> = {};
  for (const [i, index] of [undefined, ...indexNames].entries()) {
    for (const name of ["ReadThrottleEvents", "WriteThrottleEvents"]) {
      metrics[`${name === "ReadThrottleEvents" ? "r" : "w"}${i}`] = new cloudwatch.Metric({
        namespace: "AWS/DynamoDB",
        metricName: name,
        dimensionsMap: { TableName: table.tableName, ...(index !== undefined && { GlobalSecondaryIndexName: index }) },
        statistic: "Sum",
        period,
      });
    }
  }
  return new cloudwatch.MathExpression({ expression: Object.keys(metrics).join(" + "), usingMetrics: metrics, period, label: "throttle events (table and indexes)" });
}

/** The signals that something is lost, failing or falling behind: parked messages, errors, throttling, backlog. */
export class ClaimsAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Where every alarm and recovery goes. */
  readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: ClaimsAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);

    this.add("DeadLetters", {
      alarmName: `${props.namePrefix}-ingest-dead-letters`,
      alarmDescription:
        "Articles whose events failed ingest repeatedly are parked in the DLQ: inspect, fix, then redrive them.",
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
    });
    this.add("DeadLetterAge", {
      alarmName: `${props.namePrefix}-ingest-dead-letter-age`,
      alarmDescription:
        "An article's event has sat in the DLQ for over a day (it is deleted after 14): inspect, fix, then redrive it.",
      metric: props.deadLetterQueue.metricApproximateAgeOfOldestMessage({ period, statistic: "Maximum" }),
      threshold: DLQ_AGE_SECONDS,
    });
    this.add("FailedArticles", {
      alarmName: `${props.namePrefix}-ingest-failed-articles`,
      alarmDescription:
        "Articles were rejected (binary, empty, undecodable, malformed, too large): the reason is in the ArticlesFailed metric's Reason dimension, each article's in GET /articles/{key}/claims.",
      metric: claimsMetric("ingest", "ArticlesFailed", { period }),
    });
    this.add("IngestRetries", {
      alarmName: `${props.namePrefix}-ingest-retries`,
      alarmDescription:
        "Ingest messages failed transiently and went back to the queue (reported as batch item failures, which the function's Errors metric never counts): see the ingest log group.",
      metric: claimsMetric("ingest", "MessagesRetried", { period }),
      threshold: 10,
    });
    this.add("IngestBacklog", {
      alarmName: `${props.namePrefix}-ingest-backlog`,
      alarmDescription:
        "Articles have waited over 30 minutes to be ingested: raise ingestMaxConcurrency or look for throttling.",
      metric: props.queue.metricApproximateAgeOfOldestMessage({ period, statistic: "Maximum" }),
      threshold: BACKLOG_SECONDS,
    });
    for (const [label, fn] of Object.entries(props.functions)) {
      this.add(`${capitalize(label)}Errors`, {
        alarmName: `${props.namePrefix}-${label}-errors`,
        alarmDescription: `The ${label} function threw (transient failures are retried; see its log group).`,
        metric: fn.metricErrors({ period, statistic: "Sum" }),
      });
      this.add(`${capitalize(label)}Throttles`, {
        alarmName: `${props.namePrefix}-${label}-throttles`,
        alarmDescription: `The ${label} function was throttled: account concurrency is exhausted.`,
        metric: fn.metricThrottles({ period, statistic: "Sum" }),
      });
    }

    if (props.aggregator) {
      this.add("AggregateLag", {
        alarmName: `${props.namePrefix}-aggregate-lag`,
        alarmDescription:
          "Speaker and topic counts lag the articles by over 5 minutes: the aggregate function is failing or throttled (see its log group).",
        metric: props.aggregator.iteratorAge,
        threshold: AGGREGATE_LAG_MS,
      });
      this.add("AggregateFailures", {
        alarmName: `${props.namePrefix}-aggregate-failures`,
        alarmDescription:
          "A batch of article changes could not be folded into the speaker and topic counts after all retries: replay it from the stream (docs/deploy.md).",
        metric: props.aggregator.failures.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      });
    }

    if (props.httpApi) {
      this.add("Api5xx", {
        alarmName: `${props.namePrefix}-api-5xx`,
        alarmDescription:
          "The read API answered 5xx (handler exceptions, timeouts, function throttling): see the api log group and the Http5xx metric.",
        metric: props.httpApi.metricServerError({ period, statistic: "Sum" }),
      });
      this.add("ApiLatency", {
        alarmName: `${props.namePrefix}-api-p99-latency`,
        alarmDescription: `The read API's p99 latency stayed above ${API_P99_LATENCY_MS} ms for 15 minutes: look for table throttling or cold starts.`,
        metric: props.httpApi.metricLatency({ period, statistic: "p99" }),
        threshold: API_P99_LATENCY_MS,
        evaluationPeriods: 3,
      });
    }
    if (props.table) {
      this.add("TableThrottles", {
        alarmName: `${props.namePrefix}-table-throttles`,
        alarmDescription:
          "The claims table or one of its indexes throttled requests: raise tableMaxWriteUnits/tableMaxReadUnits or the warm throughput (docs/deploy.md, Capacity).",
        metric: tableThrottles(props.table.table, props.table.indexNames, period),
      });
      this.add("TransactionConflicts", {
        alarmName: `${props.namePrefix}-table-transaction-conflicts`,
        alarmDescription:
          "Transactions on the claims table were cancelled by conflicts. The store writes no transaction: something else writes the table.",
        metric: new cloudwatch.Metric({ namespace: "AWS/DynamoDB", metricName: "TransactionConflict", dimensionsMap: { TableName: props.table.table.tableName }, statistic: "Sum", period }),
      });
    }

    this.topic = props.alarmTopicArn ? sns.Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn) : this.createTopic(props);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
  }

  /** An encrypted, TLS-only topic CloudWatch may publish to; the on-call address subscribed when given. */
  private createTopic(props: ClaimsAlarmsProps): sns.Topic {
    // A customer managed key: CloudWatch cannot use the AWS managed SNS key to publish.
    const key = new kms.Key(this, "AlarmTopicKey", {
      description: `${props.namePrefix}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    const topic = new sns.Topic(this, "AlarmTopic", { displayName: `${props.namePrefix} alarms`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    return topic;
  }

  /** Alarms when the metric exceeds the threshold (default: any occurrence) in 5-minute windows (default: one); no data is fine. */
  private add(
    id: string,
    props: { alarmName: string; alarmDescription: string; metric: cloudwatch.IMetric; threshold?: number; evaluationPeriods?: number },
  ): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        ...props,
        threshold: props.threshold ?? 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: props.evaluationPeriods ?? 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
