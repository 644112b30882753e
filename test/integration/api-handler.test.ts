import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ApiEvent } from "../../lambdas/api/http.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";

/** The Lambda entry as Lambda loads it: configuration from the environment, clients from the SDK defaults. */
describe("lambdas/api/handler.ts", () => {
  let env: LocalServices;
  let tableName: string;

  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    tableName = await env.createTable("handler");
    const store = createDynamoClaimStore({ client: env.dynamoClient, tableName });
    await store.recordFailure({ key: "inbox/empty.txt", sequencer: "000000000001" }, "empty", "the object is empty");
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await env?.stop();
  });

  const event = (rawPath: string, headers: Record<string, string> = {}) =>
    ({ version: "2.0", routeKey: "$default", rawPath, rawQueryString: "", headers, requestContext: { http: { method: "GET" }, stage: "$default", requestId: "r1" } }) as unknown as ApiEvent;

  it("fails at cold start, by name, when its configuration is missing", async () => {
    vi.resetModules();
    vi.stubEnv("CLAIMS_TABLE", "");
    await expect(import("../../lambdas/api/handler.ts")).rejects.toThrow(/CLAIMS_TABLE is not set/);
    vi.resetModules();
    vi.stubEnv("CLAIMS_TABLE", tableName);
    vi.stubEnv("CLAIMS_TOKEN_SECRET", "");
    vi.stubEnv("CLAIMS_TOKEN_SECRET_ARN", "");
    await expect(import("../../lambdas/api/handler.ts")).rejects.toThrow(/CLAIMS_TOKEN_SECRET/);
  });

  it("reads the table named by CLAIMS_TABLE through the SDK's endpoint variables, with CORS from CORS_ALLOWED_ORIGINS", async () => {
    vi.resetModules();
    vi.stubEnv("CLAIMS_TABLE", tableName);
    vi.stubEnv("CLAIMS_TOKEN_SECRET", "handler-test-secret-0123456789");
    vi.stubEnv("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", env.dynamo!.endpoint);
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
    vi.stubEnv("LOG_LEVEL", "ERROR");
    const { handler } = await import("../../lambdas/api/handler.ts");
    const res = await handler(event(`/articles/${encodeURIComponent("inbox/empty.txt")}/claims`, { origin: "https://b.example" }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).article).toMatchObject({ status: "failed", errorReason: "empty" });
    expect(res.headers["access-control-allow-origin"]).toBe("https://b.example");
    expect((await handler(event("/speakers/nobody"))).statusCode).toBe(404);
  });
});
