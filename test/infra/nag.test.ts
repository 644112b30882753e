// cdk-nag AwsSolutions on the app in each supported configuration: zero unacknowledged findings, and every
// acknowledgement carries a reason. The pack runs directly on the construct tree (as the synth-time plugin does).
import { Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { buildStack } from "./support.ts";

function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
  );
}

function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
      ),
  );
}

const CONFIGURATIONS: Record<string, Record<string, unknown>> = {
  "production (cdk.json defaults)": {},
  "non-production (auto-emptied buckets)": { production: "false" },
  "private (JWT authorizer, WAF, alarm topic)": {
    jwtIssuer: "https://issuer.example.com",
    jwtAudience: "claims-api",
    webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/claims/abc",
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:claims-alarms",
  },
};

/** Building the construct tree takes a second alone but much longer on a shared, loaded machine. */
const BUILD_TIMEOUT = 120_000;

describe("cdk-nag AwsSolutions", () => {
  for (const [name, context] of Object.entries(CONFIGURATIONS)) {
    it(`${name}: no unacknowledged error or warning`, () => {
      const { app } = buildStack(context);
      expect(findings(app)).toEqual([]);
    }, BUILD_TIMEOUT);
  }

  it("every acknowledgement names one AwsSolutions finding and gives a reason a reviewer can check", () => {
    const acks = acknowledgements(buildStack().app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^(annotation::)?AwsSolutions-[A-Z0-9]+(\[.+\])?$/i);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(80);
    }
  }, BUILD_TIMEOUT);

  it("the private configuration needs no acknowledgement of the public-access findings", () => {
    const ids = acknowledgements(buildStack(CONFIGURATIONS["private (JWT authorizer, WAF, alarm topic)"]).app).map((a) => a.id);
    expect(ids.some((id) => id.includes("AwsSolutions-APIG4"))).toBe(false);
    expect(ids.some((id) => id.includes("AwsSolutions-CFR2"))).toBe(false);
  }, BUILD_TIMEOUT);

  it("an unacknowledged wildcard grant is reported (the check can fail)", () => {
    const { app, stack } = buildStack();
    new iam.Role(stack, "Overreaching", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") }).addToPolicy(
      new iam.PolicyStatement({ actions: ["dynamodb:*"], resources: ["*"] }),
    );
    const reported = findings(app);
    expect(reported).toContainEqual(expect.stringMatching(/AwsSolutions-IAM5\[Action::dynamodb:\*\] at ClaimTracker\/Overreaching/));
    expect(reported).toContainEqual(expect.stringMatching(/AwsSolutions-IAM5\[Resource::\*\] at ClaimTracker\/Overreaching/));
  }, BUILD_TIMEOUT);
});
