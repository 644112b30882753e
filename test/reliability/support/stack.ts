/**
 * The local stack exactly as `npm start` runs it, on free ports and a private data folder, with the
 * clients a test needs to drive it (S3 uploads) and check it (the table).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { readLocalStackConfig } from "../../../local/config.ts";
import { startLocalStack, type LocalStack } from "../../../local/stack.ts";
import { localS3ClientConfig } from "../../../local/services/s3-server.ts";

export interface TestStack {
  stack: LocalStack;
  dynamo: DynamoDBClient;
  s3: S3Client;
  apiUrl: string;
  /** What the stack printed. */
  lines: string[];
  stop(): Promise<void>;
}

export async function startTestStack(prefix: string): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const config = readLocalStackConfig({
    CLAIMS_PORT: "0",
    CLAIMS_S3_PORT: "0",
    CLAIMS_DYNAMODB_PORT: "0",
    CLAIMS_DATA_DIR: dataDir,
    CLAIMS_SKIP_DASHBOARD_BUILD: "1",
    CLAIMS_TOKEN_SECRET: `${prefix}-secret-0123456789abcdef`,
    // Generous: a busy machine must not turn slow batches into redeliveries.
    CLAIMS_QUEUE_VISIBILITY_SECONDS: "600",
  });
  const lines: string[] = [];
  const stack = await startLocalStack(config, (line) => lines.push(line));
  const dynamo = new DynamoDBClient({ endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB!, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
  return {
    stack,
    dynamo,
    s3,
    apiUrl: stack.env.CLAIMS_API_URL!,
    lines,
    async stop() {
      dynamo.destroy();
      s3.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
