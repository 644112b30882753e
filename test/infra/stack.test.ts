// Assertion tests of every secure default of the CDK stack (bundling skipped: one synth per configuration).
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { CLAIMS_TABLE_SCHEMA } from "../../lambdas/store/schema.ts";
import { MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from "../../lib/defaults.ts";
import { DEFAULT_LEASE_MS } from "../../lambdas/store/article-writer.ts";
import { METRICS_NAMESPACE } from "../../lambdas/aws/metrics.ts";
import { capacityFor } from "../../lib/config.ts";
import { asArray, buildStack, type Resource, resourceByPrefix, resourcesOf } from "./support.ts";
import { runViewerRequestFunction } from "../support/cloudfront-function.ts";

function functionByService(template: Template, service: string): [string, Resource] {
  const matches = Object.entries(resourcesOf(template, "AWS::Lambda::Function")).filter(
    ([, fn]) => fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  expect(matches, `one function with service ${service}`).toHaveLength(1);
  return matches[0]!;
}

/** The statements of the inline policies attached to a role (by the role's logical id). */
function statementsOfRole(template: Template, roleId: string): any[] {
  return Object.values(resourcesOf(template, "AWS::IAM::Policy"))
    .filter((policy) => asArray(policy.Properties?.Roles).some((role: any) => role.Ref === roleId))
    .flatMap((policy) => asArray(policy.Properties?.PolicyDocument?.Statement));
}

function roleOf(fn: Resource): string {
  return fn.Properties?.Role?.["Fn::GetAtt"]?.[0];
}

const XRAY_ACTIONS = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
/** A synthesis takes seconds alone but much longer on a shared, loaded machine. */
const SYNTH_TIMEOUT = 180_000;

describe("production stack (cdk.json defaults)", () => {
  let template: Template;
  let articlesId: string;
  let ingestId: string;
  let ingest: Resource;
  let apiFn: Resource;

  beforeAll(() => {
    template = buildStack({ ingestMaxConcurrency: 7, allowedOrigins: "https://news.example.org" }).template;
    [articlesId] = resourceByPrefix(template, "AWS::S3::Bucket", "StorageArticles");
    [ingestId, ingest] = functionByService(template, "claims-ingest");
    [, apiFn] = functionByService(template, "claims-api");
  }, SYNTH_TIMEOUT);

  describe("buckets", () => {
    it("every bucket blocks public access, is encrypted and owner-enforced or log-delivery capable", () => {
      const buckets = Object.values(resourcesOf(template, "AWS::S3::Bucket"));
      expect(buckets.length).toBe(3);
      for (const bucket of buckets) {
        expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault)
          .toEqual({ SSEAlgorithm: "AES256" });
      }
    });

    it("every bucket policy denies requests without TLS 1.2+", () => {
      const bucketIds = Object.keys(resourcesOf(template, "AWS::S3::Bucket"));
      const policies = Object.values(resourcesOf(template, "AWS::S3::BucketPolicy"));
      for (const bucketId of bucketIds) {
        const policy = policies.find((p) => p.Properties?.Bucket?.Ref === bucketId);
        const statements = asArray(policy?.Properties?.PolicyDocument?.Statement);
        expect(statements, bucketId).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        );
        expect(statements, bucketId).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } }),
        );
      }
    });

    it("the articles bucket is versioned, access-logged and expires old versions", () => {
      const [logsId] = resourceByPrefix(template, "AWS::S3::Bucket", "StorageAccessLogs");
      template.hasResource("AWS::S3::Bucket", {
        Properties: Match.objectLike({
          VersioningConfiguration: { Status: "Enabled" },
          LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: "s3/articles/" },
          LifecycleConfiguration: {
            Rules: Match.arrayWith([
              Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: "Enabled" }),
            ]),
          },
        }),
        DeletionPolicy: "Retain",
      });
      expect(resourcesOf(template, "AWS::S3::Bucket")[articlesId]?.Properties?.VersioningConfiguration).toBeDefined();
    });

    it("created and removed objects are both announced to the ingest queue, and nothing else", () => {
      const [queueId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      const [, notifications] = resourceByPrefix(template, "Custom::S3BucketNotifications", "StorageArticlesNotifications");
      expect(notifications.Properties?.BucketName).toEqual({ Ref: articlesId });
      const queueConfigs = notifications.Properties?.NotificationConfiguration?.QueueConfigurations;
      expect(queueConfigs.map((c: any) => c.Events).flat().sort()).toEqual(["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]);
      for (const config of queueConfigs) expect(config.QueueArn).toEqual({ "Fn::GetAtt": [queueId, "Arn"] });
    });
  });

  describe("queue and ingest function", () => {
    it("every queue (ingest, its DLQ, the aggregator's failures) is SSE-encrypted, refuses plain HTTP and outlives a production stack", () => {
      const queues = resourcesOf(template, "AWS::SQS::Queue");
      expect(Object.keys(queues)).toHaveLength(3);
      for (const prefix of ["IngestDeadLetterQueue", "AggregatorFailures"]) expect(resourceByPrefix(template, "AWS::SQS::Queue", prefix)[1].DeletionPolicy).toBe("Retain");
      for (const queue of Object.values(queues)) expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
      const queuePolicies = Object.values(resourcesOf(template, "AWS::SQS::QueuePolicy"));
      for (const queueId of Object.keys(queues)) {
        const statements = queuePolicies
          .filter((p) => asArray(p.Properties?.Queues).some((q: any) => q.Ref === queueId))
          .flatMap((p) => asArray(p.Properties?.PolicyDocument?.Statement));
        expect(statements, queueId).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        );
      }
    });

    it("the queue parks repeatedly failing messages in the DLQ", () => {
      const [dlqId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestDeadLetterQueue");
      const [, queue] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      expect(queue.Properties?.RedrivePolicy).toEqual({
        deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] },
        maxReceiveCount: MAX_RECEIVE_COUNT,
      });
      expect(MAX_RECEIVE_COUNT).toBeGreaterThanOrEqual(3);
    });

    it("the visibility timeout is at least 6x the ingest function's timeout", () => {
      const [, queue] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      const timeout = ingest.Properties?.Timeout as number;
      expect(timeout).toBeGreaterThan(0);
      expect(queue.Properties?.VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * timeout);
      expect(VISIBILITY_TIMEOUT_FACTOR).toBeGreaterThanOrEqual(6);
    });

    it("the event source reports batch item failures, batches with a window and caps concurrency", () => {
      const [queueId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      const mappings = Object.values(resourcesOf(template, "AWS::Lambda::EventSourceMapping")).filter((m) => m.Properties?.FunctionName?.Ref === ingestId);
      expect(mappings).toHaveLength(1);
      expect(mappings[0]!.Properties).toMatchObject({
        EventSourceArn: { "Fn::GetAtt": [queueId, "Arn"] },
        FunctionName: { Ref: ingestId },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: 7 },
      });
      expect(mappings[0]!.Properties?.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
    });
  });

  describe("functions", () => {
    it("both run the pinned runtime on arm64 without X-Ray (no SDK instrumentation; -c tracing=true turns it on) and with JSON logs into a retained log group", () => {
      for (const fn of [ingest, apiFn]) {
        expect(fn.Properties).toMatchObject({
          Runtime: "nodejs24.x",
          Architectures: ["arm64"],
          LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "INFO" },
        });
        expect(fn.Properties?.TracingConfig).toBeUndefined();
        const logGroupId = fn.Properties?.LoggingConfig?.LogGroup?.Ref;
        const logGroup = resourcesOf(template, "AWS::Logs::LogGroup")[logGroupId];
        expect(logGroup?.Properties?.RetentionInDays).toBe(90);
        expect(logGroup?.DeletionPolicy).toBe("Retain");
        // Source maps ship in the asset but are not loaded on every cold start (lib/claims-function.ts).
        expect(fn.Properties?.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
      }
    });

    it("each function gets the environment of what it is bound to, and only that", () => {
      const ingestEnv = ingest.Properties?.Environment?.Variables;
      const apiEnv = apiFn.Properties?.Environment?.Variables;
      expect(Object.keys(ingestEnv).sort()).toEqual(
        ["CLAIMS_BUCKET", "CLAIMS_TABLE", "LOG_LEVEL", "MAX_ARTICLE_BYTES", "POWERTOOLS_SERVICE_NAME"],
      );
      expect(ingestEnv.MAX_ARTICLE_BYTES).toBe(String(5 * 1024 * 1024));
      expect(ingestEnv.CLAIMS_BUCKET).toEqual({ Ref: articlesId });
      expect(Object.keys(apiEnv).sort()).toEqual([
        "CLAIMS_API_CACHE_SECONDS",
        "CLAIMS_BUCKET",
        "CLAIMS_TABLE",
        "CLAIMS_TOKEN_SECRET_ARN",
        "CORS_ALLOWED_ORIGINS",
        "LOG_LEVEL",
        "MAX_ARTICLE_BYTES",
        "POWERTOOLS_SERVICE_NAME",
      ]);
      expect(apiEnv.CLAIMS_BUCKET).toEqual({ Ref: articlesId });
      expect(apiEnv.MAX_ARTICLE_BYTES).toBe(ingestEnv.MAX_ARTICLE_BYTES);
      const [secretId] = resourceByPrefix(template, "AWS::SecretsManager::Secret", "ReadApiPageTokenSecret");
      expect(apiEnv.CLAIMS_TOKEN_SECRET_ARN).toEqual({ Ref: secretId });
      expect(JSON.stringify(apiEnv.CORS_ALLOWED_ORIGINS)).toContain("https://news.example.org");
    });
  });

  describe("least privilege", () => {
    it("no IAM statement allows '*' or 'service:*' actions", () => {
      const statements = Object.values(resourcesOf(template, "AWS::IAM::Policy")).flatMap((p) =>
        asArray(p.Properties?.PolicyDocument?.Statement),
      );
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of asArray<string>(statement.Action)) expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      }
    });

    it("the functions' roles use no managed policy and nothing gets Resource '*' (X-Ray is off)", () => {
      for (const fn of [ingest, apiFn]) {
        const roleId = roleOf(fn);
        expect(resourcesOf(template, "AWS::IAM::Role")[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
        for (const statement of statementsOfRole(template, roleId)) expect(asArray(statement.Resource)).not.toContain("*");
      }
    });

    it("the ingest function times out well before the store's claim-writing lease expires", () => {
      expect(ingest.Properties?.Timeout * 1000).toBeLessThan(DEFAULT_LEASE_MS / 1.5);
    });

    it("ingest reads only its bucket (no writes anywhere in S3) and reads/writes only the claims table", () => {
      const [tableId] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
      const statements = statementsOfRole(template, roleOf(ingest));
      const s3Actions = statements.flatMap((s) => asArray<string>(s.Action)).filter((a) => a.startsWith("s3:"));
      expect(s3Actions.sort()).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]);
      for (const statement of statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith("s3:")))) {
        expect(JSON.stringify(statement.Resource)).toContain(articlesId);
      }
      const tableStatements = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith("dynamodb:")));
      expect(tableStatements).toHaveLength(1);
      expect(tableStatements[0].Action).toContain("dynamodb:BatchWriteItem");
      for (const resource of asArray(tableStatements[0].Resource)) expect(JSON.stringify(resource)).toContain(tableId);
    });

    it("the api function reads the table, its token secret and the articles' objects, and cannot write anywhere", () => {
      const statements = statementsOfRole(template, roleOf(apiFn));
      const actions = statements.flatMap((s) => asArray<string>(s.Action));
      expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
      expect(actions).toEqual(expect.arrayContaining(["dynamodb:Query", "secretsmanager:GetSecretValue"]));
      // Objects only: no listing, no old versions, no writes, and only the articles bucket's objects.
      const s3Statements = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith("s3:")));
      expect(s3Statements).toHaveLength(1);
      expect(s3Statements[0].Action).toBe("s3:GetObject");
      expect(s3Statements[0].Resource).toEqual({ "Fn::Join": ["", [{ "Fn::GetAtt": [articlesId, "Arn"] }, "/*"]] });
    });

    it("table grants name each index instead of index/*", () => {
      const [tableId] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
      const tableResources = Object.values(resourcesOf(template, "AWS::IAM::Policy"))
        .flatMap((p) => asArray(p.Properties?.PolicyDocument?.Statement))
        .filter((s) => asArray<string>(s.Action).some((a) => a.startsWith("dynamodb:")))
        .flatMap((s) => asArray(s.Resource));
      const indexSuffixes = tableResources
        .map((r: any) => r["Fn::Join"]?.[1]?.[1])
        .filter((suffix): suffix is string => typeof suffix === "string");
      const expected = CLAIMS_TABLE_SCHEMA.globalSecondaryIndexes.map((i) => `/index/${i.indexName}`);
      expect([...new Set(indexSuffixes)].sort()).toEqual(expected.sort());
      expect(JSON.stringify(tableResources)).toContain(tableId);
    });
  });

  describe("claims table", () => {
    it("is on-demand, encrypted, point-in-time recoverable, retained and deletion-protected", () => {
      const [, table] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
      expect(table.Properties).toMatchObject({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table.DeletionPolicy).toBe("Retain");
    });

    it("has exactly the keys and indexes of the store's schema", () => {
      const [, table] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
      const schema = CLAIMS_TABLE_SCHEMA;
      expect(table.Properties?.KeySchema).toEqual([
        { AttributeName: schema.partitionKey.name, KeyType: "HASH" },
        ...(schema.sortKey ? [{ AttributeName: schema.sortKey.name, KeyType: "RANGE" }] : []),
      ]);
      const indexes = table.Properties?.GlobalSecondaryIndexes as any[];
      expect(indexes.map((i) => i.IndexName)).toEqual(schema.globalSecondaryIndexes.map((i) => i.indexName));
      for (const index of schema.globalSecondaryIndexes) {
        const deployed = indexes.find((i) => i.IndexName === index.indexName);
        expect(deployed.KeySchema[0]).toEqual({ AttributeName: index.partitionKey.name, KeyType: "HASH" });
        const projection =
          typeof index.projection === "string"
            ? { ProjectionType: index.projection }
            : { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection] };
        expect(deployed.Projection).toEqual(projection);
      }
    });
  });

  describe("read API", () => {
    it("the $default stage is throttled and access-logged to a retained log group", () => {
      const [, stage] = resourceByPrefix(template, "AWS::ApiGatewayV2::Stage", "ReadApiHttpApiDefaultStage");
      expect(stage.Properties).toMatchObject({
        StageName: "$default",
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
      const logGroupId = stage.Properties?.AccessLogSettings?.DestinationArn?.["Fn::GetAtt"]?.[0];
      expect(resourcesOf(template, "AWS::Logs::LogGroup")[logGroupId]?.Properties?.RetentionInDays).toBe(90);
      expect(JSON.parse(stage.Properties?.AccessLogSettings?.Format)).toMatchObject({ requestId: "$context.requestId" });
    });

    it("CORS allows GET from the dashboard and the configured origins only", () => {
      const [distributionId] = resourceByPrefix(template, "AWS::CloudFront::Distribution", "DashboardDistribution");
      const [, api] = resourceByPrefix(template, "AWS::ApiGatewayV2::Api", "ReadApiHttpApi");
      const cors = api.Properties?.CorsConfiguration;
      expect(cors.AllowMethods.sort()).toEqual(["GET", "OPTIONS"]);
      expect(cors.AllowOrigins).toHaveLength(2);
      expect(JSON.stringify(cors.AllowOrigins[0])).toContain(distributionId);
      expect(cors.AllowOrigins[1]).toBe("https://news.example.org");
    });

    it("routes are GET and HEAD only and, without a JWT issuer, public", () => {
      const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route"));
      expect(routes.map((r) => r.Properties?.RouteKey).sort()).toEqual(["GET /", "GET /{proxy+}", "HEAD /", "HEAD /{proxy+}"]);
      for (const route of routes) expect(route.Properties?.AuthorizationType).toBe("NONE");
      template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    });
  });

  describe("dashboard", () => {
    it("is served by CloudFront over HTTPS from a private bucket through origin access control", () => {
      const [siteId] = resourceByPrefix(template, "AWS::S3::Bucket", "DashboardSite");
      const [oacId] = resourceByPrefix(template, "AWS::CloudFront::OriginAccessControl", "DashboardOriginAccessControl");
      const [, distribution] = resourceByPrefix(template, "AWS::CloudFront::Distribution", "DashboardDistribution");
      const config = distribution.Properties?.DistributionConfig;
      expect(config.Origins).toHaveLength(1);
      expect(config.Origins[0].OriginAccessControlId).toEqual({ "Fn::GetAtt": [oacId, "Id"] });
      expect(JSON.stringify(config.Origins[0].DomainName)).toContain(siteId);
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
      expect(config.DefaultRootObject).toBe("index.html");
      expect(config.Logging).toBeDefined();

      const sitePolicy = Object.values(resourcesOf(template, "AWS::S3::BucketPolicy")).find(
        (p) => p.Properties?.Bucket?.Ref === siteId,
      );
      const allows = asArray(sitePolicy?.Properties?.PolicyDocument?.Statement).filter((s: any) => s.Effect === "Allow");
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Condition: { StringEquals: { "AWS:SourceArn": expect.anything() } },
      });
    });

    it("redirects path URLs of dashboard views to their hash routes with a viewer-request CloudFront Function", () => {
      const [functionId, fn] = resourceByPrefix(template, "AWS::CloudFront::Function", "DashboardDeepLinks");
      expect(fn.Properties?.FunctionConfig?.Runtime).toBe("cloudfront-js-2.0");
      expect(fn.Properties?.AutoPublish).toBe(true);
      const [, distribution] = resourceByPrefix(template, "AWS::CloudFront::Distribution", "DashboardDistribution");
      expect(distribution.Properties?.DistributionConfig?.DefaultCacheBehavior?.FunctionAssociations).toEqual([
        { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [functionId, "FunctionARN"] } },
      ]);
      // The code as deployed, run as CloudFront runs it.
      const code = fn.Properties?.FunctionCode as string;
      const redirect = runViewerRequestFunction(code, "/speakers/ellen-park", { topic: { value: "sport" } });
      expect(redirect).toMatchObject({ statusCode: 302, headers: { location: { value: "/#/speakers/ellen-park?topic=sport" } } });
      expect(runViewerRequestFunction(code, "/articles/news/a%20b.txt").headers?.location?.value).toBe("/#/articles/news%2Fa%20b.txt");
      for (const file of ["/", "/index.html", "/config.json", "/assets/app-abc.js"]) expect(runViewerRequestFunction(code, file)).toMatchObject({ uri: file });
    });

    it("sends security headers (CSP, HSTS, nosniff, frame DENY)", () => {
      const [, policy] = resourceByPrefix(template, "AWS::CloudFront::ResponseHeadersPolicy", "DashboardSecurityHeaders");
      const headers = policy.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig;
      expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("default-src 'self'");
      expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
      expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
      expect(headers.ContentTypeOptions).toEqual({ Override: true });
      expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    });

    it("deploys the site plus a config.json that names the API at deploy time", () => {
      const [siteId] = resourceByPrefix(template, "AWS::S3::Bucket", "DashboardSite");
      const [stageId] = resourceByPrefix(template, "AWS::ApiGatewayV2::Stage", "ReadApiHttpApiDefaultStage");
      const [, deployment] = resourceByPrefix(template, "Custom::CDKBucketDeployment", "DashboardDeploy");
      expect(deployment.Properties?.DestinationBucketName).toEqual({ Ref: siteId });
      expect(deployment.Properties?.SourceObjectKeys).toHaveLength(2);
      // jsonData with a token: the API id is substituted into config.json by the deployment at deploy time.
      const markers = JSON.stringify(deployment.Properties?.SourceMarkers);
      expect(markers).toContain(resourceByPrefix(template, "AWS::ApiGatewayV2::Api", "ReadApiHttpApi")[0]);
      expect(stageId).toBeDefined();
    });
  });

  describe("alarms and outputs", () => {
    it("alarm on a non-empty DLQ, an ingest backlog, errors and throttles of every function, and aggregation lag and failures", () => {
      const [dlqId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestDeadLetterQueue");
      const alarms = Object.values(resourcesOf(template, "AWS::CloudWatch::Alarm")).map((a) => a.Properties!);
      const dlqAlarm = alarms.find((a) => a.MetricName === "ApproximateNumberOfMessagesVisible");
      expect(dlqAlarm).toMatchObject({
        Namespace: "AWS/SQS",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId, "QueueName"] } }],
      });
      for (const metric of ["Errors", "Throttles"]) {
        const perFunction = alarms.filter((a) => a.Namespace === "AWS/Lambda" && a.MetricName === metric);
        expect(perFunction.map((a) => a.Dimensions[0].Value.Ref).sort(), metric).toEqual(
          [ingestId, functionByService(template, "claims-api")[0], functionByService(template, "claims-aggregate")[0]].sort(),
        );
      }
      const [queueId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      expect(alarms.find((a) => a.MetricName === "ApproximateAgeOfOldestMessage" && a.Dimensions[0].Value["Fn::GetAtt"][0] === queueId)).toMatchObject({
        Namespace: "AWS/SQS",
        Threshold: 1800,
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
      });
      expect(alarms.find((a) => a.MetricName === "IteratorAge")).toMatchObject({ Namespace: "AWS/Lambda", Threshold: 300_000 });
      const [failuresId] = resourceByPrefix(template, "AWS::SQS::Queue", "AggregatorFailures");
      expect(alarms.filter((a) => a.Dimensions?.[0]?.Value?.["Fn::GetAtt"]?.[0] === failuresId)).toHaveLength(1);
      expect(alarms).toHaveLength(17);
    });

    it("without alarmTopicArn creates an encrypted, TLS-only alarm topic, and every alarm notifies it on alarm and on recovery", () => {
      const [topicId, topic] = resourceByPrefix(template, "AWS::SNS::Topic", "AlarmsAlarmTopic");
      const [keyId, key] = resourceByPrefix(template, "AWS::KMS::Key", "AlarmsAlarmTopicKey");
      expect(topic.Properties?.KmsMasterKeyId).toEqual({ "Fn::GetAtt": [keyId, "Arn"] });
      expect(key.Properties?.EnableKeyRotation).toBe(true);
      expect(JSON.stringify(key.Properties?.KeyPolicy)).toContain("cloudwatch.amazonaws.com");
      const policies = Object.values(resourcesOf(template, "AWS::SNS::TopicPolicy")).flatMap((p) => asArray(p.Properties?.PolicyDocument?.Statement));
      expect(policies).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
      for (const alarm of Object.values(resourcesOf(template, "AWS::CloudWatch::Alarm")).map((a) => a.Properties!)) {
        expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
        expect(alarm.OKActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
      }
      expect(resourcesOf(template, "AWS::SNS::Subscription")).toEqual({});
    });

    it("the aggregate function reads the table's stream (group records and what the change feed records), in order per shard, named by a tumbling window, with bisection and a failure queue", () => {
      const [, table] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
      expect(table.Properties?.StreamSpecification).toEqual({ StreamViewType: "NEW_AND_OLD_IMAGES" });
      // Change-feed entries expire after the feed's retention (lambdas/store/feed.ts).
      expect(table.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: "ttl", Enabled: true });
      const [aggregateId] = functionByService(template, "claims-aggregate");
      const [failuresId] = resourceByPrefix(template, "AWS::SQS::Queue", "AggregatorFailures");
      const mappings = Object.values(resourcesOf(template, "AWS::Lambda::EventSourceMapping")).filter((m) => m.Properties?.FunctionName?.Ref === aggregateId);
      expect(mappings).toHaveLength(1);
      expect(mappings[0]!.Properties).toMatchObject({
        StartingPosition: "TRIM_HORIZON",
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: true,
        TumblingWindowInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [failuresId, "Arn"] } } },
        // Groups (summaries, counters), every META write and claims modified or removed (the change feed); not new claims.
        FilterCriteria: {
          Filters: [
            { dynamodb: { Keys: { PK: { S: [{ prefix: "SPK#" }] } } } },
            { dynamodb: { Keys: { PK: { S: [{ prefix: "TOP#" }] } } } },
            { dynamodb: { Keys: { PK: { S: [{ prefix: "ARTICLE#" }] }, SK: { S: ["META"] } } } },
            { eventName: ["MODIFY", "REMOVE"], dynamodb: { Keys: { PK: { S: [{ prefix: "CLAIM#" }] } } } },
          ].map((pattern) => ({ Pattern: JSON.stringify(pattern) })),
        },
      });
      expect(mappings[0]!.Properties?.EventSourceArn).toEqual({ "Fn::GetAtt": [resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable")[0], "StreamArn"] });
    });

    it("alarms on failed articles, ingest retries, DLQ depth and age, API 5xx and p99 latency, table and index throttles, transaction conflicts", () => {
      const alarms = Object.values(resourcesOf(template, "AWS::CloudWatch::Alarm")).map((a) => a.Properties!);
      const byName = (suffix: string) => {
        const found = alarms.filter((a) => String(a.AlarmName).endsWith(suffix));
        expect(found, suffix).toHaveLength(1);
        return found[0]!;
      };
      expect(byName("-ingest-failed-articles")).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: "ArticlesFailed", Dimensions: [{ Name: "Service", Value: "ingest" }], Statistic: "Sum", Threshold: 0 });
      expect(byName("-ingest-retries")).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: "MessagesRetried" });
      expect(byName("-ingest-dead-letters")).toMatchObject({ MetricName: "ApproximateNumberOfMessagesVisible", Threshold: 0 });
      expect(byName("-ingest-dead-letter-age")).toMatchObject({ MetricName: "ApproximateAgeOfOldestMessage", Threshold: 24 * 3600 });
      expect(byName("-api-5xx")).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "5xx", Statistic: "Sum" });
      expect(byName("-api-p99-latency")).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "Latency", ExtendedStatistic: "p99", EvaluationPeriods: 3 });
      expect(byName("-table-transaction-conflicts")).toMatchObject({ Namespace: "AWS/DynamoDB", MetricName: "TransactionConflict" });
      const throttles = JSON.stringify(byName("-table-throttles").Metrics);
      for (const name of ["ReadThrottleEvents", "WriteThrottleEvents"]) expect(throttles).toContain(name);
      for (const index of CLAIMS_TABLE_SCHEMA.globalSecondaryIndexes) expect(throttles).toContain(`"Value":"${index.indexName}"`);
    });

    it("has a CloudWatch dashboard named per region, showing the functions' own metrics and every alarm", () => {
      const dashboards = Object.values(resourcesOf(template, "AWS::CloudWatch::Dashboard"));
      expect(dashboards).toHaveLength(1);
      expect(JSON.stringify(dashboards[0]!.Properties?.DashboardName)).toContain("AWS::Region");
      const body = JSON.stringify(dashboards[0]!.Properties?.DashboardBody);
      for (const metric of ["ArticlesProcessed", "ArticlesFailed", "ClaimsWritten", "ExtractionMs", "Http5xx", "LatencyMs", "AggregateWrites", "ThrottleEvents", "IteratorAge"]) expect(body).toContain(metric);
      const alarmIds = Object.keys(resourcesOf(template, "AWS::CloudWatch::Alarm"));
      for (const id of alarmIds) expect(body, id).toContain(id);
    });

    it("S3 may send to the ingest queue only for the articles bucket of this account", () => {
      const [queueId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      const statements = Object.values(resourcesOf(template, "AWS::SQS::QueuePolicy"))
        .filter((p) => asArray(p.Properties?.Queues).some((q: any) => q.Ref === queueId))
        .flatMap((p) => asArray(p.Properties?.PolicyDocument?.Statement))
        .filter((s) => s.Principal?.Service === "s3.amazonaws.com");
      expect(statements).toHaveLength(1);
      expect(statements[0].Condition).toEqual({ ArnLike: { "aws:SourceArn": { "Fn::GetAtt": [articlesId, "Arn"] } }, StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } });
    });

    it("names the CloudFront headers policy and origin access control after the stack and the region (CloudFront names are account-wide)", () => {
      const [, policy] = resourceByPrefix(template, "AWS::CloudFront::ResponseHeadersPolicy", "DashboardSecurityHeaders");
      const [, oac] = resourceByPrefix(template, "AWS::CloudFront::OriginAccessControl", "DashboardOriginAccessControl");
      for (const name of [policy.Properties?.ResponseHeadersPolicyConfig?.Name, oac.Properties?.OriginAccessControlConfig?.Name]) {
        expect(JSON.stringify(name)).toContain("AWS::Region");
      }
    });

    it("outputs the bucket name, the API URL, the dashboard URL and the operations dashboard", () => {
      const outputs = template.toJSON().Outputs as Record<string, unknown>;
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["ArticlesBucketName", "ApiUrl", "DashboardUrl", "OperationsDashboardName"]));
    });

    it("outputs what claims reindex needs: the ingest queue (not its dead-letter queue), the bucket and the table", () => {
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const [queueId] = resourceByPrefix(template, "AWS::SQS::Queue", "IngestQueue");
      expect(outputs.IngestQueueUrl?.Value).toEqual({ Ref: queueId });
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["ArticlesBucketName", "ClaimsTableName"]));
    });
  });
});

describe("configured variants", () => {
  it("a non-production stack can be torn down: no retention, no deletion protection", () => {
    const { template } = buildStack({ production: "false" });
    const [, table] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
    expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
    for (const bucket of Object.values(resourcesOf(template, "AWS::S3::Bucket"))) expect(bucket.DeletionPolicy).toBe("Delete");
    // Buckets are emptied on delete, else CloudFormation could not remove them.
    expect(Object.keys(resourcesOf(template, "Custom::S3AutoDeleteObjects"))).toHaveLength(3);
  }, SYNTH_TIMEOUT);

  it("an alarm e-mail subscribes to the created topic, and a target rate sizes concurrency and the table's capacity", () => {
    // cdk.json pins ingestMaxConcurrency; cleared here so the rate sizes it.
    const { template } = buildStack({ alarmEmail: "oncall@newsroom.example", articlesPerSecond: 1000, ingestMaxConcurrency: "" });
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "oncall@newsroom.example" });
    const [, table] = resourceByPrefix(template, "AWS::DynamoDB::Table", "ClaimsTable");
    const sized = capacityFor(1000);
    expect(table.Properties?.WarmThroughput).toEqual({ WriteUnitsPerSecond: sized.tableCapacity.warmWriteUnits, ReadUnitsPerSecond: sized.tableCapacity.warmReadUnits });
    expect(table.Properties?.OnDemandThroughput).toEqual({ MaxWriteRequestUnits: sized.tableCapacity.maxWriteUnits, MaxReadRequestUnits: sized.tableCapacity.maxReadUnits });
    const [ingestId] = functionByService(template, "claims-ingest");
    const mapping = Object.values(resourcesOf(template, "AWS::Lambda::EventSourceMapping")).find((m) => m.Properties?.FunctionName?.Ref === ingestId);
    expect(mapping?.Properties?.ScalingConfig).toEqual({ MaximumConcurrency: sized.ingestMaxConcurrency });
  }, SYNTH_TIMEOUT);

  it("a private stack puts a JWT authorizer on every route and notifies an SNS topic on alarm; tracing=true traces with only X-Ray's actions on '*'", () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:claims-alarms";
    const { template } = buildStack({
      jwtIssuer: "https://issuer.example.com",
      jwtAudience: "claims-api,claims-dashboard",
      alarmTopicArn: topic,
      apiRateLimit: 5,
      apiBurstLimit: 10,
      tracing: "true",
    });
    for (const service of ["claims-ingest", "claims-api", "claims-aggregate"]) {
      const [, fn] = functionByService(template, service);
      expect(fn.Properties?.TracingConfig).toEqual({ Mode: "Active" });
      // The aggregator also lists streams, which has no resource-level permission either.
      const allowed = service === "claims-aggregate" ? ["dynamodb:ListStreams", ...XRAY_ACTIONS] : XRAY_ACTIONS;
      for (const statement of statementsOfRole(template, roleOf(fn))) {
        if (asArray(statement.Resource).includes("*")) expect(allowed).toEqual(expect.arrayContaining(asArray(statement.Action)));
      }
    }
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Issuer: "https://issuer.example.com", Audience: ["claims-api", "claims-dashboard"] },
    });
    const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route"));
    // GET and HEAD on "/" and "/{proxy+}".
    expect(routes.length).toBe(4);
    for (const route of routes) expect(route.Properties?.AuthorizationType).toBe("JWT");
    const alarms = Object.values(resourcesOf(template, "AWS::CloudWatch::Alarm"));
    expect(alarms.length).toBe(17);
    expect(resourcesOf(template, "AWS::SNS::Topic")).toEqual({});
    for (const alarm of alarms) {
      expect(alarm.Properties?.AlarmActions).toEqual([topic]);
      expect(alarm.Properties?.OKActions).toEqual([topic]);
    }
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  }, SYNTH_TIMEOUT);
});
