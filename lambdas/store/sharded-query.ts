/**
 * Reads one logical partition that is written over N shards (see docs/key-design.md, hot partitions),
 * in the table or in an index:
 * queries every shard in parallel, highest sort key (newest) first, and merges them into one page.
 * An item may expand to several entries (a topic group lists claim ids); pages count entries.
 * The cursor records, per shard, the sort key of the item the page stopped in and how many of its
 * entries were handed out, so the next page resumes each shard exactly there, whatever each shard
 * had read ahead. Resuming uses the sort-key condition (`<= at`), not a stored LastEvaluatedKey.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity.ts";
import { decodeCursor, encodeCursor, type ShardPosition } from "./cursor.ts";

export interface ShardedIndexQuery<E> {
  tableName: string;
  /** A global secondary index, or the table itself when absent. */
  indexName?: string;
  partitionAttribute: string;
  sortAttribute: string;
  /** The partition key value of each shard. */
  partitions: string[];
  /** Inclusive sort-key bounds. */
  range: { lo: string; hi: string };
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
  /** The entries an index item stands for, in order. */
  expand(item: Record<string, unknown>): E[];
  /** Binds cursors to this query. */
  cursorScope: string;
  limit: number;
  cursor?: string;
}

interface Entry<E> {
  sortKey: string;
  /** 1-based position of the entry within its item. */
  ordinal: number;
  value: E;
}

interface ShardState<E> {
  partition: string;
  position: ShardPosition;
  buffer: Entry<E>[];
  resumeKey?: Record<string, unknown>;
  morePages: boolean;
  /** Entries of the resume item to drop when it is read again. */
  pendingSkip?: { at: string; skip: number };
}

export async function queryShardsNewestFirst<E>(
  client: Pick<DynamoDBDocumentClient, "send">,
  q: ShardedIndexQuery<E>,
  meter?: CapacityMeter,
): Promise<{ items: E[]; cursor?: string }> {
  const positions = q.cursor === undefined ? q.partitions.map((): ShardPosition => "start") : decodeCursor(q.cursor, q.cursorScope, q.partitions.length);
  const states: ShardState<E>[] = q.partitions.map((partition, i) => {
    const position = positions[i] ?? "start";
    return {
      partition,
      position,
      buffer: [],
      morePages: position !== "done",
      ...(typeof position === "object" && { pendingSkip: position }),
    };
  });
  // Read a little ahead per shard: enough that one round usually fills the page.
  const pageSize = Math.min(200, Math.max(10, Math.ceil((2 * q.limit) / states.length) + 1));

  const fill = async (s: ShardState<E>) => {
    while (s.buffer.length === 0 && s.morePages) {
      const hi = s.pendingSkip && s.pendingSkip.at < q.range.hi ? s.pendingSkip.at : q.range.hi;
      const out = await client.send(
        new QueryCommand({
          TableName: q.tableName,
          ...(q.indexName !== undefined && { IndexName: q.indexName }),
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
          ...(q.filter && { FilterExpression: q.filter.expression }),
          ExpressionAttributeNames: { "#pk": q.partitionAttribute, "#sk": q.sortAttribute, ...q.filter?.names },
          ExpressionAttributeValues: { ":pk": s.partition, ":lo": q.range.lo, ":hi": hi, ...q.filter?.values },
          ScanIndexForward: false,
          Limit: pageSize,
          ...(s.resumeKey && { ExclusiveStartKey: s.resumeKey }),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      meter?.record(out.ConsumedCapacity, "read");
      for (const item of out.Items ?? []) {
        const sortKey = String(item[q.sortAttribute]);
        const drop = s.pendingSkip?.at === sortKey ? s.pendingSkip.skip : 0;
        q.expand(item).forEach((value, i) => {
          if (i >= drop) s.buffer.push({ sortKey, ordinal: i + 1, value });
        });
      }
      // Only the first item read can be the resume item: nothing sorts above it.
      if ((out.Items?.length ?? 0) > 0 || !out.LastEvaluatedKey) s.pendingSkip = undefined;
      s.morePages = out.LastEvaluatedKey !== undefined;
      if (out.LastEvaluatedKey) s.resumeKey = out.LastEvaluatedKey;
    }
  };

  await Promise.all(states.map(fill));
  const items: E[] = [];
  while (items.length < q.limit) {
    let best: ShardState<E> | undefined;
    for (const s of states) {
      const head = s.buffer[0];
      if (head && (!best || head.sortKey > best.buffer[0]!.sortKey)) best = s;
    }
    if (!best) break;
    const entry = best.buffer.shift()!;
    items.push(entry.value);
    best.position = { at: entry.sortKey, skip: entry.ordinal };
    if (items.length < q.limit) await fill(best);
  }

  const next = states.map((s): ShardPosition => (s.buffer.length > 0 || s.morePages ? s.position : "done"));
  const finished = next.every((p) => p === "done");
  return { items, ...(!finished && { cursor: encodeCursor(q.cursorScope, next) }) };
}
