import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, type LocalServices } from "../support/local-services.ts";
import { ensureClaimsTable } from "../../local/services/table.ts";
import { CLAIMS_TABLE_SCHEMA } from "../../lambdas/store/schema.ts";
import { encodeS3EventKey } from "../../local/services/s3-server.ts";

describe("local services used by tests, npm start and benchmarks", { timeout: SLOW_TEST_MS }, () => {
  let env: LocalServices;
  beforeAll(async () => {
    env = await startLocalServices({ buckets: ["articles"] });
  }, SERVICE_START_MS);
  afterAll(() => env?.stop());

  it("creates the claims table with the schema's indexes, and a second ensure is a no-op", async () => {
    const name = await env.createTable();
    await ensureClaimsTable(env.dynamoClient, name);
    const { Table } = await env.dynamoClient.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      CLAIMS_TABLE_SCHEMA.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    );
  });

  it("stores objects byte for byte and reports S3-shaped events with encoded keys and growing sequencers", async () => {
    const events: S3Event[] = [];
    const off = env.s3!.onObjectEvent((e) => events.push(e));
    const key = "in/a b+c é.txt";
    const body = "\u201cWe will win,\u201d Jane Doe said.";
    await env.s3Client.send(new PutObjectCommand({ Bucket: "articles", Key: key, Body: body }));
    await env.s3Client.send(new PutObjectCommand({ Bucket: "articles", Key: key, Body: body + " Again." }));
    const got = await env.s3Client.send(new GetObjectCommand({ Bucket: "articles", Key: key }));
    expect(await got.Body?.transformToString()).toBe(body + " Again.");
    off();
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.eventName)).toEqual(["ObjectCreated:Put", "ObjectCreated:Put"]);
    expect(records[0]?.s3.object.key).toBe("in/a+b%2Bc+%C3%A9.txt");
    expect(decodeURIComponent(records[0]!.s3.object.key.replace(/\+/g, " "))).toBe(key);
    expect(records[1]!.s3.object.sequencer > records[0]!.s3.object.sequencer).toBe(true);
  });

  it("refuses a table created from an older schema, saying what to do", async () => {
    const name = `old-${Date.now()}`;
    // The layout before the speaker and topic groups: an index entry per claim (GSI1) beside the ranking.
    const perClaimIndex = { indexName: "GSI1", partitionKey: { name: "GSI1PK", type: "S" as const }, sortKey: { name: "GSI1SK", type: "S" as const }, projection: ["tp"] };
    const older = { ...CLAIMS_TABLE_SCHEMA, globalSecondaryIndexes: [perClaimIndex, ...CLAIMS_TABLE_SCHEMA.globalSecondaryIndexes] };
    await ensureClaimsTable(env.dynamoClient, name, older);
    await expect(ensureClaimsTable(env.dynamoClient, name)).rejects.toThrow(/older version.*Delete the table/);
  });

  it("encodes event keys the way S3 does", () => {
    expect(encodeS3EventKey("a b/c+d%.txt")).toBe("a+b/c%2Bd%25.txt");
  });
});
