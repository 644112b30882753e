/**
 * Sums the capacity DynamoDB reports for every call a client makes, independently of the store's own
 * bookkeeping: a middleware asks for ReturnConsumedCapacity "INDEXES" (table and index units apart) and
 * adds up what each response says, split into write and read calls.
 */
import type { ConsumedCapacity, DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface CapacityTotals {
  writeUnits: number;
  readUnits: number;
  /** Write units charged to the base table and to the global secondary indexes. */
  tableWriteUnits: number;
  indexWriteUnits: number;
  /**
   * Base-table write units of TransactWriteItems as reported. DynamoDB proper bills a transactional
   * write of a table item twice (prepare and commit) and reports it so; DynamoDB Local reports it once.
   * Index updates that follow a transaction are ordinary writes.
   */
  transactWriteUnits: number;
  calls: Record<string, number>;
  /** Calls whose response carried no ConsumedCapacity (the totals would undercount). */
  unmetered: number;
}

const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
const CAPACITY_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite|Get|BatchGet|TransactGet|Query|Scan)/;

export function meterConsumedCapacity(client: DynamoDBClient): CapacityTotals {
  const totals: CapacityTotals = { writeUnits: 0, readUnits: 0, tableWriteUnits: 0, indexWriteUnits: 0, transactWriteUnits: 0, calls: {}, unmetered: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "").replace(/Command$/, "");
      const metered = CAPACITY_COMMAND.test(command);
      if (metered) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
      const result = await next(args);
      if (!metered) return result;
      totals.calls[command] = (totals.calls[command] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
      if (list.length === 0) totals.unmetered++;
      for (const c of list) {
        const units = c.CapacityUnits ?? 0;
        if (WRITE_COMMAND.test(command)) {
          totals.writeUnits += units;
          if (command === "TransactWriteItems") totals.transactWriteUnits += c.Table?.CapacityUnits ?? units;
          totals.tableWriteUnits += c.Table?.CapacityUnits ?? 0;
          for (const index of Object.values(c.GlobalSecondaryIndexes ?? {})) totals.indexWriteUnits += index.CapacityUnits ?? 0;
        } else totals.readUnits += units;
      }
      return result;
    },
    { step: "initialize", priority: "high", name: "benchConsumedCapacityMeter" },
  );
  return totals;
}
