import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { stackIdFor } from "../../lib/app.ts";
import { configFromContext } from "../../lib/config.ts";

const from = (context: Record<string, unknown>) => configFromContext((key) => context[key]);

describe("configFromContext", () => {
  it("defaults to a public production deployment", () => {
    expect(from({})).toEqual({
      namePrefix: "claim-tracker",
      production: true,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: "INFO",
      tracing: false,
      allowedOrigins: [],
      ingestMaxConcurrency: 5,
      apiThrottle: { rateLimit: 50, burstLimit: 100 },
      maxArticleBytes: 5 * 1024 * 1024,
      noncurrentVersionDays: 30,
      accessLogDays: 90,
    });
  });

  it("accepts -c strings and cdk.json JSON values alike", () => {
    const asStrings = from({
      production: "false",
      logRetentionDays: "30",
      allowedOrigins: "https://a.example, http://localhost:5173",
      ingestMaxConcurrency: "12",
      jwtIssuer: "https://issuer.example",
      jwtAudience: "api,dashboard",
      logLevel: "debug",
    });
    const asJson = from({
      production: false,
      logRetentionDays: 30,
      allowedOrigins: ["https://a.example", "http://localhost:5173"],
      ingestMaxConcurrency: 12,
      jwtIssuer: "https://issuer.example",
      jwtAudience: ["api", "dashboard"],
      logLevel: "DEBUG",
    });
    expect(asStrings).toEqual(asJson);
    expect(asJson).toMatchObject({
      production: false,
      logRetention: RetentionDays.ONE_MONTH,
      allowedOrigins: ["https://a.example", "http://localhost:5173"],
      ingestMaxConcurrency: 12,
      jwt: { issuer: "https://issuer.example", audience: ["api", "dashboard"] },
      logLevel: "DEBUG",
    });
  });

  it.each([
    [{ production: "yes" }, /production must be true or false/],
    [{ ingestMaxConcurrency: "1" }, /ingestMaxConcurrency must be an integer from 2 to 1000/],
    [{ apiRateLimit: "fast" }, /apiRateLimit must be an integer/],
    [{ logRetentionDays: "45" }, /logRetentionDays must be one of .*30, 60, 90/],
    [{ allowedOrigins: "https://a.example/path" }, /is not an origin/],
    [{ jwtIssuer: "https://issuer.example" }, /jwtIssuer and jwtAudience must be set together/],
    [{ jwtAudience: "api" }, /jwtIssuer and jwtAudience must be set together/],
    [{ namePrefix: "Claims_Prod" }, /namePrefix must be lowercase/],
    [{ logLevel: "TRACE" }, /logLevel must be one of DEBUG, INFO, WARN, ERROR/],
  ])("rejects %o by naming the key", (context, message) => {
    expect(() => from(context)).toThrow(message);
  });

  it("derives the stack id from the name prefix", () => {
    expect(stackIdFor("claim-tracker")).toBe("ClaimTracker");
    expect(stackIdFor("claims-dev2")).toBe("ClaimsDev2");
  });
});
