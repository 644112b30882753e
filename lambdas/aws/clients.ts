/**
 * Clients for the Lambda environment. The DynamoDB client honours AWS_ENDPOINT_URL_DYNAMODB (and
 * AWS_ENDPOINT_URL) itself; the object reader takes AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) as a
 * path-style endpoint, which is what a local S3 server needs, and signs with the credentials in the
 * environment, where Lambda puts them.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createS3ObjectReader, type ObjectPresence, type ObjectReader } from "./s3-object-reader.ts";
import { defaultProvider } from "./lambda-credentials.ts";

export function objectReaderFromEnv(env: NodeJS.ProcessEnv = process.env): ObjectReader & ObjectPresence {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AWS_REGION is not set");
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return createS3ObjectReader({ region, credentials: defaultProvider(), ...(endpoint && { endpoint }) });
}

export function dynamoClientFromEnv(): DynamoDBClient {
  return new DynamoDBClient({});
}
