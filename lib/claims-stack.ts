import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { ClaimsAlarms } from "./alarms.ts";
import { DashboardSite } from "./dashboard-site.ts";
import type { LogLevel } from "./defaults.ts";
import { IngestPipeline } from "./ingest.ts";
import { acknowledgeCdkProvidedFunctions } from "./nag-acknowledgements.ts";
import { type JwtAccess, ReadApi } from "./read-api.ts";
import { SummaryAggregator } from "./aggregate.ts";
import { ArticleStorage, ClaimsTable, type TableCapacity } from "./storage.ts";
import { OperationsDashboard } from "./operations-dashboard.ts";
import { CLAIMS_TABLE_SCHEMA } from "../lambdas/store/schema.ts";

export interface ClaimsStackProps extends StackProps {
  /** Prefixes the API and alarm names so several deployments can share an account. */
  readonly namePrefix: string;
  /** RETAIN buckets, table, logs and secret, and turn on table deletion protection. */
  readonly production: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly logLevel: LogLevel;
  /** X-Ray active tracing of the functions (off unless asked for: they carry no X-Ray SDK). */
  readonly tracing: boolean;
  /** Extra browser origins allowed by the API's CORS; the dashboard's own origin is always allowed. */
  readonly allowedOrigins: readonly string[];
  readonly jwt?: JwtAccess;
  readonly ingestMaxConcurrency: number;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly maxArticleBytes: number;
  readonly noncurrentVersionDays: number;
  readonly accessLogDays: number;
  readonly alarmTopicArn?: string;
  /** Subscribed to the alarm topic the stack creates when no alarmTopicArn is given. */
  readonly alarmEmail?: string;
  /** The claims table's on-demand capacity (warm and maximum throughput); none: on-demand defaults. */
  readonly tableCapacity?: TableCapacity;
  readonly webAclArn?: string;
  /** Directory of the dashboard's built static files; defaults to dashboard/dist. */
  readonly dashboardDir?: string;
}

/** claim-tracker on AWS: articles bucket -> SQS -> ingest -> DynamoDB <- api <- HTTP API <- dashboard (CloudFront). */
export class ClaimsStack extends Stack {
  readonly storage: ArticleStorage;
  readonly claimsTable: ClaimsTable;
  readonly ingest: IngestPipeline;
  readonly aggregator: SummaryAggregator;
  readonly api: ReadApi;
  readonly dashboard: DashboardSite;
  readonly alarms: ClaimsAlarms;
  readonly operations: OperationsDashboard;

  constructor(scope: Construct, id: string, props: ClaimsStackProps) {
    super(scope, id, props);
    const common = { production: props.production, logRetention: props.logRetention, logLevel: props.logLevel, tracing: props.tracing };

    this.storage = new ArticleStorage(this, "Storage", {
      production: props.production,
      noncurrentVersionDays: props.noncurrentVersionDays,
      accessLogDays: props.accessLogDays,
    });
    this.claimsTable = new ClaimsTable(this, "Claims", {
      production: props.production,
      schema: CLAIMS_TABLE_SCHEMA,
      ...(props.tableCapacity ? { capacity: props.tableCapacity } : {}),
    });

    this.ingest = new IngestPipeline(this, "Ingest", {
      ...common,
      articlesBucket: this.storage.articlesBucket,
      claimsTable: this.claimsTable,
      maxConcurrency: props.ingestMaxConcurrency,
      maxArticleBytes: props.maxArticleBytes,
    });

    this.aggregator = new SummaryAggregator(this, "Aggregator", { ...common, claimsTable: this.claimsTable });

    this.dashboard = new DashboardSite(this, "Dashboard", {
      production: props.production,
      accessLogsBucket: this.storage.accessLogsBucket,
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
      ...(props.dashboardDir ? { siteDir: props.dashboardDir } : {}),
    });
    this.api = new ReadApi(this, "ReadApi", {
      ...common,
      namePrefix: props.namePrefix,
      claimsTable: this.claimsTable,
      articlesBucket: this.storage.articlesBucket,
      maxArticleBytes: props.maxArticleBytes,
      allowedOrigins: [this.dashboard.url, ...props.allowedOrigins],
      ...(props.jwt ? { jwt: props.jwt } : {}),
      throttle: props.apiThrottle,
    });
    this.dashboard.publish(this.api.url);

    this.alarms = new ClaimsAlarms(this, "Alarms", {
      namePrefix: props.namePrefix,
      deadLetterQueue: this.ingest.deadLetterQueue,
      queue: this.ingest.queue,
      functions: { ingest: this.ingest.ingest.function, api: this.api.handler.function, aggregate: this.aggregator.function.function },
      aggregator: { iteratorAge: this.aggregator.metricIteratorAge(), failures: this.aggregator.failures },
      httpApi: this.api.httpApi,
      table: { table: this.claimsTable.table, indexNames: this.claimsTable.indexNames },
      production: props.production,
      ...(props.alarmTopicArn ? { alarmTopicArn: props.alarmTopicArn } : {}),
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    const functions = { ingest: this.ingest.ingest.function, api: this.api.handler.function, aggregate: this.aggregator.function.function };
    this.operations = new OperationsDashboard(this, "Operations", {
      namePrefix: props.namePrefix,
      queue: this.ingest.queue,
      deadLetterQueue: this.ingest.deadLetterQueue,
      httpApi: this.api.httpApi,
      table: this.claimsTable.table,
      indexNames: this.claimsTable.indexNames,
      functions,
      aggregatorIteratorAge: this.aggregator.metricIteratorAge(),
      alarms: this.alarms.alarms,
    });

    acknowledgeCdkProvidedFunctions(this, this.dashboard.bucket);

    new CfnOutput(this, "ArticlesBucketName", {
      value: this.storage.articlesBucket.bucketName,
      description: "Upload articles here (aws s3 cp article.txt s3://<bucket>/)",
    });
    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the read API" });
    new CfnOutput(this, "DashboardUrl", { value: this.dashboard.url, description: "The dashboard" });
    new CfnOutput(this, "ClaimsTableName", { value: this.claimsTable.table.tableName });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.ingest.deadLetterQueue.queueUrl });
    new CfnOutput(this, "IngestQueueUrl", { value: this.ingest.queue.queueUrl, description: "Where claims reindex queues articles for re-extraction" });
    new CfnOutput(this, "OperationsDashboardName", { value: this.operations.dashboard.dashboardName, description: "CloudWatch dashboard: articles, failures, API, table, aggregator" });
  }
}
