import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";

/**
 * Adds up the capacity DynamoDB reports (ReturnConsumedCapacity: "TOTAL") for every call the store
 * makes, so benchmarks can state write units per claim from the service's own numbers.
 */
export class CapacityMeter {
  writeUnits = 0;
  readUnits = 0;

  record(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: "write" | "read" = "write"): void {
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      const units = c.CapacityUnits ?? (kind === "write" ? c.WriteCapacityUnits : c.ReadCapacityUnits) ?? 0;
      if (kind === "write") this.writeUnits += units;
      else this.readUnits += units;
    }
  }

  reset(): void {
    this.writeUnits = 0;
    this.readUnits = 0;
  }
}
