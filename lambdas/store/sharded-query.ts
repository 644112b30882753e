/**
 * Reads one logical partition that is written over N shards (see docs/key-design.md, hot partitions):
 * queries every shard in parallel, newest (highest sort key) first, and merges them into one page.
 * The cursor records, per shard, the last sort key handed out, so the next page resumes each shard
 * exactly where the merge stopped, whatever each shard had read ahead.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity.ts";
import { decodeCursor, encodeCursor, type ShardPosition } from "./cursor.ts";

export interface ShardedIndexQuery {
  tableName: string;
  indexName: string;
  partitionAttribute: string;
  sortAttribute: string;
  /** The index partition key value of each shard. */
  partitions: string[];
  /** Inclusive sort-key bounds. */
  range: { lo: string; hi: string };
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
  /** The table key of the item behind an index sort key (to resume a shard after it). */
  tableKeyOf(sortKey: string): Record<string, string>;
  /** Binds cursors to this query. */
  cursorScope: string;
  limit: number;
  cursor?: string;
}

interface ShardState {
  partition: string;
  position: ShardPosition;
  buffer: Record<string, unknown>[];
  resumeKey?: Record<string, unknown>;
  morePages: boolean;
}

export async function queryShardsNewestFirst(
  client: Pick<DynamoDBDocumentClient, "send">,
  q: ShardedIndexQuery,
  meter?: CapacityMeter,
): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
  const positions = q.cursor === undefined ? q.partitions.map((): ShardPosition => "start") : decodeCursor(q.cursor, q.cursorScope, q.partitions.length);
  const states: ShardState[] = q.partitions.map((partition, i) => {
    const position = positions[i] ?? "start";
    return {
      partition,
      position,
      buffer: [],
      morePages: position !== "done",
      ...(typeof position === "object" && {
        resumeKey: { ...q.tableKeyOf(position.after), [q.partitionAttribute]: partition, [q.sortAttribute]: position.after },
      }),
    };
  });
  // Read a little ahead per shard: enough that one round usually fills the page.
  const pageSize = Math.min(200, Math.max(10, Math.ceil((2 * q.limit) / states.length) + 1));

  const fill = async (s: ShardState) => {
    while (s.buffer.length === 0 && s.morePages) {
      const out = await client.send(
        new QueryCommand({
          TableName: q.tableName,
          IndexName: q.indexName,
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
          ...(q.filter && { FilterExpression: q.filter.expression }),
          ExpressionAttributeNames: { "#pk": q.partitionAttribute, "#sk": q.sortAttribute, ...q.filter?.names },
          ExpressionAttributeValues: { ":pk": s.partition, ":lo": q.range.lo, ":hi": q.range.hi, ...q.filter?.values },
          ScanIndexForward: false,
          Limit: pageSize,
          ...(s.resumeKey && { ExclusiveStartKey: s.resumeKey }),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      meter?.record(out.ConsumedCapacity, "read");
      s.buffer.push(...(out.Items ?? []));
      s.morePages = out.LastEvaluatedKey !== undefined;
      if (out.LastEvaluatedKey) s.resumeKey = out.LastEvaluatedKey;
    }
  };

  await Promise.all(states.map(fill));
  const items: Record<string, unknown>[] = [];
  while (items.length < q.limit) {
    let best: ShardState | undefined;
    for (const s of states) {
      const head = s.buffer[0];
      if (head && (!best || String(head[q.sortAttribute]) > String(best.buffer[0]![q.sortAttribute]))) best = s;
    }
    if (!best) break;
    const item = best.buffer.shift()!;
    items.push(item);
    best.position = { after: String(item[q.sortAttribute]) };
    if (items.length < q.limit) await fill(best);
  }

  const next = states.map((s): ShardPosition => (s.buffer.length > 0 || s.morePages ? s.position : "done"));
  const finished = next.every((p) => p === "done");
  return { items, ...(!finished && { cursor: encodeCursor(q.cursorScope, next) }) };
}
