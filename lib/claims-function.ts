import { type Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME, type LogLevel } from "./defaults.ts";
import { bucketObjectsFinding } from "./nag-acknowledgements.ts";
import { repoPath } from "./paths.ts";

export type TableAccess = "RO" | "RW";

/** What a function needs to know about the claims table to be granted exactly its table and indexes. */
export interface BindableTable {
  readonly table: dynamodb.ITable;
  readonly indexNames: readonly string[];
}

/** No Scan: no function scans the table (every read is a key or index query). */
const TABLE_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];
const TABLE_WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

export interface ClaimsFunctionProps {
  /** Handler file relative to the repository root; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** POWERTOOLS_SERVICE_NAME: the `service` key of every JSON log line. */
  readonly serviceName: string;
  /**
   * X-Ray active tracing. Off by default: the functions carry no X-Ray SDK, so a trace shows Lambda's
   * own segments (init, invocation) and nothing of the DynamoDB or S3 calls inside; the embedded
   * metrics and JSON logs answer what it would (docs/deploy.md, Observe). `-c tracing=true` turns it on.
   */
  readonly tracing?: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly logLevel: LogLevel;
  readonly production: boolean;
  readonly environment?: Record<string, string>;
}

/**
 * The one way this app builds a Lambda function: pinned runtime and architecture, minified ESM bundle
 * with a source map beside it (not loaded unless asked for, see below), tracing only when asked for, JSON logs into its own log group with retention, and a role that
 * starts empty. Grants and the environment variables that name the granted resource are bound together.
 */
export class ClaimsFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ClaimsFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // No AWSLambdaBasicExecutionRole: it allows writing to every log group in the account.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (execution role)`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: repoPath(props.entry),
      handler: "handler",
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      depsLockFilePath: repoPath("package-lock.json"),
      projectRoot: repoPath("."),
      environment: {
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // No NODE_OPTIONS=--enable-source-maps: with it Node reads and parses the 1.3 MB map on every cold
        // start (about 40 ms of CPU), for the few stack traces the functions log (docs/deploy.md, Cold start).
        // The map ships in the asset, so setting the variable on a function maps its traces when debugging.
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK is bundled so the deployed code runs the exact SDK version the tests ran.
        bundleAwsSDK: true,
        mainFields: ["module", "main"],
        // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
        banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
        tsconfig: repoPath("tsconfig.json"),
        // Lambda provides environment credentials: the SDK's full default chain is dead weight at cold start.
        esbuildArgs: { "--alias:@aws-sdk/credential-provider-node": repoPath("lambdas/aws/lambda-credentials.ts") },
      },
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions; Tracing.ACTIVE adds them on "*".
    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "Only the X-Ray write actions (xray:PutTraceSegments, xray:PutTelemetryRecords) use Resource '*': " +
          "X-Ray does not support resource-level permissions. Every other statement names its resource.",
      });
    }
  }

  /** CLAIMS_TABLE plus read (RO) or read-write (RW) item access to the table and its named indexes only. */
  bindTable(target: BindableTable, access: TableAccess): this {
    const { table, indexNames } = target;
    const indexArns = indexNames.map((name) => `${table.tableArn}/index/${name}`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === "RW" ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS,
        resources: [table.tableArn, ...indexArns],
      }),
    );
    if (table.encryptionKey) {
      if (access === "RW") table.encryptionKey.grantEncryptDecrypt(this.role);
      else table.encryptionKey.grantDecrypt(this.role);
    }
    this.function.addEnvironment("CLAIMS_TABLE", table.tableName);
    return this;
  }

  /** CLAIMS_BUCKET plus read access to its objects (any version) and ListBucket, so a vanished key reads as NoSuchKey rather than AccessDenied. */
  bindBucketRead(bucket: s3.IBucket): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [bucket.arnForObjects("*")],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
    );
    bucket.encryptionKey?.grantDecrypt(this.role);
    this.function.addEnvironment("CLAIMS_BUCKET", bucket.bucketName);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[${bucketObjectsFinding(bucket)}]`,
      reason:
        "Read-only access (s3:GetObject, s3:GetObjectVersion) to the objects of the articles bucket: article keys are " +
        "arbitrary user uploads, so the object ARN must end in '/*'. The bucket itself is named; nothing else is granted.",
    });
    return this;
  }

  /**
   * CLAIMS_BUCKET plus s3:GetObject on the bucket's current objects, and nothing else: the read API
   * serves the text of the version its claims came from, never lists keys nor reads old versions.
   */
  bindBucketObjectsRead(bucket: s3.IBucket): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [bucket.arnForObjects("*")] }));
    bucket.encryptionKey?.grantDecrypt(this.role);
    this.function.addEnvironment("CLAIMS_BUCKET", bucket.bucketName);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[${bucketObjectsFinding(bucket)}]`,
      reason:
        "Read-only access (s3:GetObject) to the objects of the articles bucket, to serve an article's text: article keys " +
        "are arbitrary user uploads, so the object ARN must end in '/*'. The bucket itself is named; nothing else is granted.",
    });
    return this;
  }

  /** CLAIMS_TOKEN_SECRET_ARN plus read access to that one secret. */
  bindTokenSecret(secret: secretsmanager.ISecret): this {
    secret.grantRead(this.role);
    this.function.addEnvironment("CLAIMS_TOKEN_SECRET_ARN", secret.secretArn);
    return this;
  }
}
