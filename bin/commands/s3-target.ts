import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { readEnvFile } from "../../local/env-file.ts";

export interface S3TargetFlags {
  bucket?: string;
  endpointUrl?: string;
  region?: string;
  envFile: string;
}

export interface S3Target {
  bucket?: string;
  client: S3ClientConfig;
  region: string;
  /** The target is the local stack named in the env file. */
  local: boolean;
  /** What the local stack's env file holds (empty when there is none). */
  file: Record<string, string>;
}

/**
 * Flags win, then the environment, then the local stack's env file. When the target is the local
 * stack's endpoint its keys are used (s3rver accepts no others); elsewhere the usual credential chain.
 */
export function resolveS3Target(opts: S3TargetFlags): S3Target {
  const file = readEnvFile(opts.envFile);
  const trim = (url: string) => url.replace(/\/+$/, "");
  const localEndpoint = file.AWS_ENDPOINT_URL_S3;
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL ?? localEndpoint;
  const local = endpoint !== undefined && localEndpoint !== undefined && trim(endpoint) === trim(localEndpoint);
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? file.AWS_REGION ?? "us-east-1";
  const bucket = opts.bucket ?? process.env.CLAIMS_BUCKET ?? (local ? file.CLAIMS_BUCKET : undefined);
  const client: S3ClientConfig = {
    region,
    // Local S3-compatible servers want path-style URLs and no streaming checksums.
    ...(endpoint !== undefined && { endpoint, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED" as const }),
    ...(local && { credentials: localCredentials(file) }),
  };
  return { ...(bucket !== undefined && { bucket }), client, region, local, file };
}

/** The key pair the local stack publishes (s3rver accepts only its own; DynamoDB Local any). */
export function localCredentials(file: Record<string, string>) {
  return { accessKeyId: file.AWS_ACCESS_KEY_ID ?? "S3RVER", secretAccessKey: file.AWS_SECRET_ACCESS_KEY ?? "S3RVER" };
}
