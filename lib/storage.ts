import { Duration, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { BindableTable } from "./claims-function.ts";
import { claimsTableDefaults, secureBucketProps } from "./defaults.ts";
import type { IndexDefinition, KeyAttribute, TableSchema } from "../lambdas/store/schema.ts";

export interface ArticleStorageProps {
  readonly production: boolean;
  /** Days a replaced or deleted article version is kept before S3 expires it. */
  readonly noncurrentVersionDays: number;
  /** Days S3 server access logs and CloudFront logs are kept. */
  readonly accessLogDays: number;
}

/** The articles bucket (what users upload into) and the bucket that receives access logs. */
export class ArticleStorage extends Construct {
  readonly articlesBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArticleStorageProps) {
    super(scope, id);
    const secure = secureBucketProps(props.production);

    this.accessLogsBucket = new s3.Bucket(this, "AccessLogs", {
      ...secure,
      // CloudFront standard logging still delivers through ACLs; S3 server access logs use the bucket policy.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(props.accessLogDays) }],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This is the access-log destination bucket; logging its own access would write logs about logs without end.",
    });

    this.articlesBucket = new s3.Bucket(this, "Articles", {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "s3/articles/",
      lifecycleRules: [
        {
          id: "expire-old-versions",
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}

export interface ClaimsTableProps {
  readonly production: boolean;
  readonly schema: TableSchema;
  /** On-demand capacity: pre-warmed and maximum request units per second (see lib/config.ts, capacityFor). */
  readonly capacity?: TableCapacity;
}

export interface TableCapacity {
  readonly warmWriteUnits?: number;
  readonly warmReadUnits?: number;
  readonly maxWriteUnits?: number;
  readonly maxReadUnits?: number;
}

/** The claims table, built from the store's schema data so the deployed keys and indexes match the code. */
export class ClaimsTable extends Construct implements BindableTable {
  readonly table: dynamodb.Table;
  /** The table's change stream (NEW_AND_OLD_IMAGES): the aggregator's input. */
  readonly streamArn: string;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: ClaimsTableProps) {
    super(scope, id);
    const { schema } = props;
    // "V2": the per-article group layout (one index instead of three) cannot be reached by updating the
    // earlier table in place (CloudFormation changes one index per update), so it is a new table;
    // docs/deploy.md, Upgrading, says how to fill it.
    this.table = new dynamodb.Table(this, "TableV2", {
      ...claimsTableDefaults(props.production),
      partitionKey: toAttribute(schema.partitionKey),
      ...(schema.sortKey ? { sortKey: toAttribute(schema.sortKey) } : {}),
      ...(schema.timeToLiveAttribute ? { timeToLiveAttribute: schema.timeToLiveAttribute } : {}),
      ...(schema.stream ? { stream: dynamodb.StreamViewType[schema.stream] } : {}),
      ...capacityProps(props.capacity),
    });
    for (const index of schema.globalSecondaryIndexes) this.table.addGlobalSecondaryIndex(toIndexProps(index));
    this.indexNames = schema.globalSecondaryIndexes.map((index) => index.indexName);
    if (!this.table.tableStreamArn) throw new Error("the claims table needs a stream (schema.stream): summaries are aggregated from it");
    this.streamArn = this.table.tableStreamArn;
  }
}

function capacityProps(c: TableCapacity | undefined): Partial<dynamodb.TableProps> {
  if (!c) return {};
  const warm = { ...(c.warmReadUnits !== undefined && { readUnitsPerSecond: c.warmReadUnits }), ...(c.warmWriteUnits !== undefined && { writeUnitsPerSecond: c.warmWriteUnits }) };
  return {
    ...(Object.keys(warm).length > 0 && { warmThroughput: warm }),
    ...(c.maxReadUnits !== undefined && { maxReadRequestUnits: c.maxReadUnits }),
    ...(c.maxWriteUnits !== undefined && { maxWriteRequestUnits: c.maxWriteUnits }),
  };
}

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  const types = { S: dynamodb.AttributeType.STRING, N: dynamodb.AttributeType.NUMBER, B: dynamodb.AttributeType.BINARY };
  return { name: key.name, type: types[key.type] };
}

function toIndexProps(index: IndexDefinition): dynamodb.GlobalSecondaryIndexProps {
  const base = {
    indexName: index.indexName,
    partitionKey: toAttribute(index.partitionKey),
    ...(index.sortKey ? { sortKey: toAttribute(index.sortKey) } : {}),
  };
  if (index.projection === "ALL") return { ...base, projectionType: dynamodb.ProjectionType.ALL };
  if (index.projection === "KEYS_ONLY") return { ...base, projectionType: dynamodb.ProjectionType.KEYS_ONLY };
  return { ...base, projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] };
}
