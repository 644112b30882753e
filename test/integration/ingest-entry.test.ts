import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, localDynamoClient, type LocalServices } from "../support/local-services.ts";
import { eventRecorder, sqsBatch } from "../support/events.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";

// The Lambda entry module as deployed: config from the environment, SDK clients that follow
// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB to the local services.
describe("lambdas/ingest/handler.ts entry", { timeout: SLOW_TEST_MS }, () => {
  let env: LocalServices;
  const saved = { ...process.env };
  beforeAll(async () => {
    env = await startLocalServices({ buckets: ["articles"] });
  }, SERVICE_START_MS);
  afterAll(async () => {
    process.env = saved;
    await env?.stop();
  });

  it("runs against the endpoints named in the environment", async () => {
    const table = await env.createTable();
    Object.assign(process.env, {
      CLAIMS_TABLE: table,
      AWS_ENDPOINT_URL_S3: env.s3!.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: env.dynamo!.endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      LOG_LEVEL: "ERROR",
    });
    delete process.env.AWS_PROFILE;
    const { handler } = await import("../../lambdas/ingest/handler.ts");
    const recorder = eventRecorder(env.s3!.onObjectEvent);
    await env.s3Client.send(new PutObjectCommand({ Bucket: "articles", Key: "entry test.txt", Body: "\u201cWe will win the vote,\u201d Jane Doe said." }));
    const [event] = await recorder.take(1);
    recorder.stop();
    expect(await handler(sqsBatch([event!]))).toEqual({ batchItemFailures: [] });
    const store = createDynamoClaimStore({ client: localDynamoClient(env.dynamo!.endpoint), tableName: table });
    expect(await store.getArticle("entry test.txt")).toMatchObject({ status: "processed" });
  });
});
