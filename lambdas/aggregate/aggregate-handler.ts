/**
 * The aggregator function: a batch of the claims table's stream records (one stream shard's, in
 * order) -> a change-feed entry and one write per changed speaker summary and topic counter
 * (lambdas/store/aggregator.ts).
 *
 * The event source mapping runs with a tumbling window only so that each event names its shard
 * (`shardId`, which plain stream events lack): the shard is the lane whose watermarks make a
 * redelivered batch count once. Every invocation applies its own records at once and carries no
 * state, so the window's length does not delay anything. A failure throws: the stream delivers the
 * batch again (bisected on repeated failure), and what was already applied is skipped.
 */
import type { DynamoDBRecord } from "aws-lambda";
import { laneOf } from "../store/aggregate.ts";
import { changeRecordsOf, feedChangesOfStream, type AggregateOutcome, type Aggregator } from "../store/aggregator.ts";

export interface AggregateEvent {
  Records: DynamoDBRecord[];
  shardId?: string;
  eventSourceARN?: string;
  window?: { start: string; end: string };
  state?: Record<string, unknown>;
  isFinalInvokeForWindow?: boolean;
}

export interface AggregateLogger {
  info(message: string, attributes: Record<string, unknown>): void;
}

export interface AggregateDeps {
  aggregator: Pick<Aggregator, "apply">;
  logger: AggregateLogger;
  /** Called with each batch's outcome (metrics). */
  onOutcome?: (outcome: AggregateOutcome & { durationMs: number }) => void;
}

/** What a tumbling-window invocation must return: its (empty) state, or Lambda counts it as failed. */
export interface AggregateResponse {
  state: Record<string, never>;
}

export function createAggregateHandler(deps: AggregateDeps) {
  return async function handle(event: AggregateEvent): Promise<AggregateResponse> {
    if (event.Records.length === 0) return { state: {} };
    if (!event.shardId) throw new Error("stream event without shardId: the event source mapping needs a tumbling window (tumblingWindow) so each batch names its shard");
    const started = performance.now();
    const outcome = await deps.aggregator.apply(laneOf(event.shardId), changeRecordsOf(event.Records as never), feedChangesOfStream(event.Records as never));
    const durationMs = Math.round(performance.now() - started);
    deps.logger.info("batch aggregated", { shardId: event.shardId, streamRecords: event.Records.length, ...outcome, durationMs });
    deps.onOutcome?.({ ...outcome, durationMs });
    return { state: {} };
  };
}
