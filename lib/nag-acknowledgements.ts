import { type CfnElement, DefaultStackSynthesizer, Stack, Token, Validations } from "aws-cdk-lib";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";

/** How cdk-nag names a grant on every object of a bucket created in this stack: `Resource::<LogicalId.Arn>/*`. */
export function bucketObjectsFinding(bucket: s3.IBucket): string {
  const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  return `Resource::<${logicalId}.Arn>/*`;
}

const BASIC_EXECUTION_ROLE =
  "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";

/**
 * Acknowledges cdk-nag findings on the singleton Lambda functions CDK itself adds at stack level (bucket
 * notification configuration, dashboard file deployment, non-production bucket emptying). They run only while
 * CloudFormation deploys or deletes the stack, never on a request path, and their code and policies are CDK's.
 * Each acknowledgement names the exact finding, so a new finding on these functions still fails synthesis.
 */
export function acknowledgeCdkProvidedFunctions(stack: Stack, dashboardBucket: s3.IBucket): void {
  for (const child of stack.node.children) {
    if (child.node.id.startsWith("BucketNotificationsHandler")) acknowledgeBucketNotifications(child);
    if (child.node.id.startsWith("Custom::CDKBucketDeployment")) {
      acknowledgeBucketDeployment(child, bucketObjectsFinding(dashboardBucket));
    }
  }
}

function acknowledgeBucketNotifications(handler: IConstruct): void {
  Validations.of(handler).acknowledge({
    id: BASIC_EXECUTION_ROLE,
    reason:
      "CDK's bucket-notifications custom resource, invoked only by CloudFormation to set the articles bucket's " +
      "event notifications; the managed policy only lets it write its CloudWatch logs, and its only other permission " +
      "is s3:PutBucketNotification on that one bucket.",
  });
}

function acknowledgeBucketDeployment(handler: IConstruct, dashboardBucketArnFinding: string): void {
  const reason =
    "CDK's BucketDeployment custom resource, invoked only by CloudFormation to copy the built dashboard from the " +
    "CDK asset bucket into the dashboard bucket. Copying a directory needs object-level wildcards; its grants are " +
    "limited to those two buckets.";
  Validations.of(handler).acknowledge(
    { id: BASIC_EXECUTION_ROLE, reason },
    ...[
      "Action::s3:GetObject*",
      "Action::s3:GetBucket*",
      "Action::s3:List*",
      "Action::s3:DeleteObject*",
      "Action::s3:Abort*",
      assetBucketObjectsFinding(Stack.of(handler)),
      dashboardBucketArnFinding,
    ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
    {
      id: "AwsSolutions-L1",
      reason:
        "The BucketDeployment handler's Python runtime is chosen and kept current by aws-cdk-lib; it runs only " +
        "during deployments and is updated with the CDK version.",
    },
  );
}

/**
 * cdk-nag's name for the objects of the CDK bootstrap asset bucket. Account, region and partition appear as
 * literals when the stack's environment is known (`cdk deploy` with credentials) and as <AWS::...> otherwise.
 */
function assetBucketObjectsFinding(stack: Stack): string {
  const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const qualifier =
    (stack.node.tryGetContext("@aws-cdk/core:bootstrapQualifier") as string | undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const bucket = `cdk-${qualifier}-assets-${literal(stack.account, "AccountId")}-${literal(stack.region, "Region")}`;
  return `Resource::arn:${literal(stack.partition, "Partition")}:s3:::${bucket}/*`;
}
