/**
 * Clients for the Lambda environment and the local stack. The DynamoDB client honours
 * AWS_ENDPOINT_URL_DYNAMODB (and AWS_ENDPOINT_URL) itself; the object reader takes
 * AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) as a path-style endpoint, which is what a local S3 server
 * needs, and signs with the credentials in the environment, where Lambda puts them.
 *
 * Every call has a connection timeout, a request timeout and a bounded number of attempts: the SDK's
 * defaults wait on a silent socket for as long as the function runs, so a store that stops answering
 * would hold every request (and every ingest batch) until Lambda kills it.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createS3ObjectReader, type ObjectPresence, type ObjectReader } from "./s3-object-reader.ts";
import { defaultProvider } from "./lambda-credentials.ts";
import { httpTimeouts } from "./http-timeouts.ts";
import type { BackoffOptions } from "../store/backoff.ts";

/** Who calls: the read API answers people within seconds; ingest may wait longer before SQS retries. */
export type CallerProfile = "api" | "ingest";

export interface CallLimits {
  /** TCP connect (and TLS) must finish within this. */
  connectionTimeoutMs: number;
  /** A request (sending it and reading the whole response) that takes longer fails with a TimeoutError. */
  requestTimeoutMs: number;
  /** Tries per call including the first (the SDK's retry strategy backs off between them). */
  maxAttempts: number;
}

/**
 * The API: a DynamoDB request answers in milliseconds, yet DynamoDB Local on a busy laptop can take
 * a second or two for the 32 shard queries of the speaker list, so 3 s per attempt; a store that does
 * not answer at all is cut off by the read API's own deadline (API_DEADLINE_MS, lambdas/api/app.ts)
 * before the second attempt ends, and answered 503 rather than left hanging.
 * Ingest writes batches of 25 items and transactions of up to 100: 10 s per attempt is generous for
 * DynamoDB, and three attempts keep a stuck article from holding its batch past the function timeout.
 */
export const CALL_LIMITS: Readonly<Record<CallerProfile, CallLimits>> = {
  api: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 2 },
  ingest: { connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000, maxAttempts: 3 },
};

/** The object reader's retry policy for the same profiles (it has its own small retry loop). */
const OBJECT_RETRY: Readonly<Record<CallerProfile, BackoffOptions>> = {
  api: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 300 },
  ingest: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 },
};
/** The whole GET of up to 5 MB, body included. */
const OBJECT_REQUEST_TIMEOUT_MS: Readonly<Record<CallerProfile, number>> = { api: 3_000, ingest: 30_000 };

/** DynamoDB client settings with the profile's timeouts; `extra` adds endpoint, region, credentials. */
export function dynamoClientConfig(profile: CallerProfile, extra: DynamoDBClientConfig = {}): DynamoDBClientConfig {
  const limits = CALL_LIMITS[profile];
  return {
    ...extra,
    maxAttempts: limits.maxAttempts,
    requestHandler: new NodeHttpHandler(httpTimeouts(limits.connectionTimeoutMs, limits.requestTimeoutMs)),
  };
}

export function dynamoClient(profile: CallerProfile, extra: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient(dynamoClientConfig(profile, extra));
}

/** Timeouts and retries of the object reader for a profile. */
export function objectReaderLimits(profile: CallerProfile) {
  return { connectionTimeoutMs: CALL_LIMITS[profile].connectionTimeoutMs, requestTimeoutMs: OBJECT_REQUEST_TIMEOUT_MS[profile], retry: OBJECT_RETRY[profile] };
}

export function objectReaderFromEnv(profile: CallerProfile, env: NodeJS.ProcessEnv = process.env): ObjectReader & ObjectPresence {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AWS_REGION is not set");
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return createS3ObjectReader({ region, credentials: defaultProvider(), ...objectReaderLimits(profile), ...(endpoint && { endpoint }) });
}

export function dynamoClientFromEnv(profile: CallerProfile): DynamoDBClient {
  return dynamoClient(profile);
}
