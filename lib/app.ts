import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ClaimsStack } from "./claims-stack.ts";
import { configFromContext } from "./config.ts";

/** Stack id when no namePrefix is given: `npx cdk deploy ClaimTracker`. */
export function stackIdFor(namePrefix: string): string {
  return namePrefix
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/**
 * The CDK app: one claim-tracker stack configured from context, with cdk-nag's AwsSolutions pack run as a
 * synthesis-time validation so that an unacknowledged finding fails `cdk synth` and `cdk deploy`. Tests that
 * inspect the template switch the plugin off (`nag: false`) and run the pack themselves.
 */
export function createApp(props?: AppProps, options: { nag?: boolean } = {}): { app: App; stack: ClaimsStack } {
  const app = new App(props);
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new ClaimsStack(app, stackIdFor(config.namePrefix), {
    ...config,
    description: "claim-tracker: attributed claims from news articles (S3 -> SQS -> Lambda -> DynamoDB -> HTTP API)",
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
