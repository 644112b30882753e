import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface ClaimsAlarmsProps {
  readonly namePrefix: string;
  readonly deadLetterQueue: sqs.IQueue;
  /** The ingest queue: its oldest message's age shows ingest falling behind (maxConcurrency too low). */
  readonly queue: sqs.IQueue;
  /** Function label ("ingest", "api") -> function: each gets an errors and a throttles alarm. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The aggregate function's stream lag and the queue its failed batches are parked in. */
  readonly aggregator?: { readonly iteratorAge: cloudwatch.IMetric; readonly failures: sqs.IQueue };
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

  /** Alarms when the metric exceeds the threshold (default: any occurrence) in a 5-minute window; no data is fine. */
  private add(
    id: string,
    props: { alarmName: string; alarmDescription: string; metric: cloudwatch.IMetric; threshold?: number },
  ): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        ...props,
        threshold: props.threshold ?? 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
