import { Duration } from "aws-cdk-lib";
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
  /** Existing SNS topic to notify on alarm and on recovery. */
  readonly alarmTopicArn?: string;
}

/** Bulk upload ingest falls this far behind before anyone is told. */
const BACKLOG_SECONDS = 30 * 60;

/** The signals that something is lost, failing or falling behind: parked messages, errors, throttling, backlog. */
export class ClaimsAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

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

    if (props.alarmTopicArn) {
      const topic = sns.Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(new actions.SnsAction(topic));
        alarm.addOkAction(new actions.SnsAction(topic));
      }
    }
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
