/**
 * The two Lambda functions as the CDK app deploys them: entry, memory and timeout come from lib/, so the
 * benchmark prices and bundles what would really run.
 */
import { API_MEMORY_MB, API_TIMEOUT, INGEST_BATCH_SIZE, INGEST_MEMORY_MB, INGEST_TIMEOUT } from "../lib/defaults.ts";

export type FunctionName = "ingest" | "api";

export interface FunctionSpec {
  name: FunctionName;
  entry: string;
  memoryMB: number;
  timeoutSeconds: number;
  serviceName: string;
}

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  ingest: { name: "ingest", entry: "lambdas/ingest/handler.ts", memoryMB: INGEST_MEMORY_MB, timeoutSeconds: INGEST_TIMEOUT.toSeconds(), serviceName: "claims-ingest" },
  api: { name: "api", entry: "lambdas/api/handler.ts", memoryMB: API_MEMORY_MB, timeoutSeconds: API_TIMEOUT.toSeconds(), serviceName: "claims-api" },
};

/** SQS messages per ingest invocation at most (the event source's batch size). */
export const INGEST_BATCH = INGEST_BATCH_SIZE;
