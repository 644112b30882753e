import { Aws, Duration } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { API_P99_LATENCY_MS, claimsMetric, tableThrottles } from "./alarms.ts";
import { METRICS_NAMESPACE } from "../lambdas/aws/metrics.ts";

export interface OperationsDashboardProps {
  readonly namePrefix: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly httpApi: apigw.IHttpApi;
  readonly table: dynamodb.ITable;
  readonly indexNames: readonly string[];
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly aggregatorIteratorAge: cloudwatch.IMetric;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const period = Duration.minutes(1);

/**
 * The operator's page (CloudWatch dashboard): ingest (articles, failures by reason, claims, extraction
 * time, backlog, dead letters), the read API (requests, errors, latency), the table (units, throttles),
 * the aggregator's lag and writes, every function's errors and duration, and the alarms' states.
 * Named after the prefix and the region: dashboards are global to an account.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const ingest = (name: string, statistic = "Sum") => claimsMetric("ingest", name, { statistic, period });
    const api = (name: string, statistic = "Sum") => claimsMetric("api", name, { statistic, period });
    const aggregate = (name: string, statistic = "Sum") => claimsMetric("aggregate", name, { statistic, period });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6, ...extra });
    const table = (metricName: string, statistic = "Sum", dimensions: Record<string, string> = {}) =>
      new cloudwatch.Metric({ namespace: "AWS/DynamoDB", metricName, dimensionsMap: { TableName: props.table.tableName, ...dimensions }, statistic, period });

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${props.namePrefix}-claims-${Aws.REGION}`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          graph("Articles", [ingest("ArticlesProcessed"), ingest("ArticlesFailed"), ingest("ArticlesDeleted"), ingest("ArticlesRestored"), ingest("EventsSkipped")], [ingest("ClaimsWritten")]),
          new cloudwatch.GraphWidget({
            title: "Failed articles by reason",
            left: [new cloudwatch.MathExpression({ expression: `SEARCH('{${METRICS_NAMESPACE},Service,Reason} MetricName="ArticlesFailed" Service="ingest"', 'Sum', 60)`, label: "", period })],
            width: 8,
            height: 6,
          }),
          graph("Extraction and article time (ms)", [ingest("ExtractionMs", "p50"), ingest("ExtractionMs", "p99")], [ingest("ArticleMs", "p99")]),
        ],
        [
          graph("Ingest queue", [props.queue.metricApproximateNumberOfMessagesVisible({ period }), props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, label: "dead letters" })], [props.queue.metricApproximateAgeOfOldestMessage({ period }), props.deadLetterQueue.metricApproximateAgeOfOldestMessage({ period, label: "oldest dead letter (s)" })]),
          graph("Ingest retries", [ingest("MessagesRetried")]),
          graph("Aggregator", [aggregate("AggregateWrites"), aggregate("AggregateConflicts")], [props.aggregatorIteratorAge], { rightYAxis: { label: "lag (ms)", showUnits: false } }),
        ],
        [
          graph("Read API requests", [api("Requests"), api("Http4xx"), api("Http5xx")], [props.httpApi.metricServerError({ period, statistic: "Sum", label: "5xx (API Gateway)" })]),
          graph(
            "Read API latency (ms)",
            [props.httpApi.metricLatency({ period, statistic: "p50" }), props.httpApi.metricLatency({ period, statistic: "p99" }), api("LatencyMs", "p99")],
            [],
            { leftAnnotations: [{ value: API_P99_LATENCY_MS, label: "p99 alarm" }] },
          ),
          graph("Claims table", [table("ConsumedWriteCapacityUnits"), table("ConsumedReadCapacityUnits")], [tableThrottles(props.table, props.indexNames, period), table("TransactionConflict")]),
        ],
        [
          graph("Function errors", Object.entries(props.functions).map(([label, fn]) => fn.metricErrors({ period, label }))),
          graph("Function duration p99 (ms)", Object.entries(props.functions).map(([label, fn]) => fn.metricDuration({ period, statistic: "p99", label }))),
          graph("Function throttles", Object.entries(props.functions).map(([label, fn]) => fn.metricThrottles({ period, label }))),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: [...props.alarms], width: 24, height: 4 })],
      ],
    });
  }
}
