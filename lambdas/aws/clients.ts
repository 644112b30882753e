/**
 * SDK clients for the Lambda environment. The SDK itself honours AWS_ENDPOINT_URL_S3 and
 * AWS_ENDPOINT_URL_DYNAMODB (and AWS_ENDPOINT_URL); a local S3 endpoint additionally needs path-style
 * addressing, which is switched on whenever such an endpoint is configured.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";

export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env): S3Client {
  const local = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return new S3Client({
    ...(local && { forcePathStyle: true }),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function dynamoClientFromEnv(): DynamoDBClient {
  return new DynamoDBClient({});
}
