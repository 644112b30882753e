import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * An in-memory queue with the SQS semantics the ingest handler relies on: batches of up to 10 after a
 * short batching window, a visibility timeout, a receive count, partial batch responses
 * (`batchItemFailures`), and a dead-letter list after `maxReceiveCount` receives, re-drivable.
 *
 * Every state change is appended to a journal file, so messages that were queued or in flight when the
 * process stopped are delivered again on the next start, and dead letters survive restarts.
 */
export type BatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  consumer: BatchConsumer;
  /** Journal file; omit for a queue that forgets everything on exit. */
  journalFile?: string;
  batchSize?: number;
  batchWindowMs?: number;
  visibilityTimeoutMs?: number;
  maxReceiveCount?: number;
  /** Batches handled at once (Lambda's maximum concurrency), per lane. */
  concurrency?: number;
  /**
   * Separate lanes: each message goes to the lane `lane(body)` names, a batch holds messages of one
   * lane, and each lane has its own batches in flight (`laneConcurrency[lane]`, else `concurrency`).
   * The local stack puts large articles in a lane of their own, so small ones never queue behind them.
   */
  lane?: (body: string) => string;
  laneConcurrency?: Record<string, number>;
  queueArn?: string;
  onBatch?: (info: { size: number; failed: number; error?: unknown }) => void;
  onDeadLetter?: (message: QueuedMessage) => void;
}

export interface QueuedMessage {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  /** Epoch ms before which the message is not delivered (in flight or waiting out its visibility timeout). */
  visibleAt: number;
  deadAt?: number;
  /**
   * Held by a running batch. Unlike SQS, a message is never redelivered while its batch still runs,
   * even past the visibility timeout: in AWS the timeout is set to 6x the function timeout for that.
   */
  delivering?: boolean;
  /** The lane it travels in (LocalQueueOptions.lane), worked out once. */
  lane?: string;
}

type JournalEntry =
  | { op: "send"; id: string; body: string; at: number }
  | { op: "receive" | "delete" | "dead" | "redrive"; id: string; at: number };

export class LocalQueue {
  private readonly pending = new Map<string, QueuedMessage>();
  private readonly dead = new Map<string, QueuedMessage>();
  private readonly options: Required<Omit<LocalQueueOptions, "journalFile" | "onBatch" | "onDeadLetter" | "lane" | "laneConcurrency">> & LocalQueueOptions;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly runningByLane = new Map<string, number>();
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];

  constructor(options: LocalQueueOptions) {
    this.options = {
      batchSize: 10,
      batchWindowMs: 100,
      visibilityTimeoutMs: 5_000,
      maxReceiveCount: 3,
      concurrency: 2,
      queueArn: "arn:aws:sqs:us-east-1:000000000000:claims-local-ingest",
      ...options,
    };
    if (this.options.batchSize < 1 || this.options.batchSize > 10) throw new Error("batchSize must be 1..10, as in SQS");
    if (options.journalFile) this.replay(options.journalFile);
  }

  /** Counts for progress lines and tests. */
  get stats() {
    return { pending: this.pending.size, dead: this.dead.size, inFlightBatches: this.running };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for batches in flight; undelivered messages stay in the journal. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.inFlight);
  }

  send(body: string): string {
    const message: QueuedMessage = { id: randomUUID(), body, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 };
    this.pending.set(message.id, message);
    this.journal({ op: "send", id: message.id, body, at: message.sentAt });
    this.schedule(this.options.batchWindowMs);
    return message.id;
  }

  deadLetters(): QueuedMessage[] {
    return [...this.dead.values()];
  }

  /** Moves every dead letter back onto the queue with a fresh receive count. Returns how many. */
  redrive(): number {
    const messages = [...this.dead.values()];
    for (const m of messages) {
      this.dead.delete(m.id);
      Object.assign(m, { receiveCount: 0, visibleAt: 0, deadAt: undefined });
      this.pending.set(m.id, m);
      this.journal({ op: "redrive", id: m.id, at: Date.now() });
    }
    this.schedule(0);
    return messages.length;
  }

  /** Resolves once nothing is pending or in flight (dead letters do not count). */
  idle(): Promise<void> {
    if (this.pending.size === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const now = Date.now();
    let next = Infinity;
    for (const m of this.pending.values()) if (!m.delivering) next = Math.min(next, m.visibleAt);
    if (next === Infinity) return this.notifyIdle();
    // A batch is taken when the window has passed or a full batch is waiting, whichever comes first.
    const visible = this.visibleCount(now);
    const wait = visible >= this.options.batchSize ? 0 : Math.max(delayMs, next - now, 0);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), wait);
  }

  private visibleCount(now: number): number {
    let n = 0;
    for (const m of this.pending.values()) if (m.visibleAt <= now && !m.delivering) n++;
    return n;
  }

  private laneOf(m: QueuedMessage): string {
    return (m.lane ??= this.options.lane?.(m.body) ?? "");
  }

  private poll(): void {
    const lanes = new Set<string>();
    for (const m of this.pending.values()) if (!m.delivering) lanes.add(this.laneOf(m));
    for (const lane of lanes) {
      const limit = this.options.laneConcurrency?.[lane] ?? this.options.concurrency;
      while (!this.stopped && (this.runningByLane.get(lane) ?? 0) < limit) {
        const batch = this.receive(Date.now(), lane);
        if (batch.length === 0) break;
        const done = this.deliver(batch).finally(() => {
          this.inFlight.delete(done);
          this.running--;
          this.runningByLane.set(lane, (this.runningByLane.get(lane) ?? 1) - 1);
          this.schedule(0);
        });
        this.running++;
        this.runningByLane.set(lane, (this.runningByLane.get(lane) ?? 0) + 1);
        this.inFlight.add(done);
      }
    }
    this.schedule(this.options.batchWindowMs);
  }

  private receive(now: number, lane: string): QueuedMessage[] {
    const batch: QueuedMessage[] = [];
    for (const m of this.pending.values()) {
      if (batch.length === this.options.batchSize) break;
      if (m.visibleAt > now || m.delivering || this.laneOf(m) !== lane) continue;
      // As in SQS, a message past maxReceiveCount moves to the dead-letter queue on its next receive.
      if (m.receiveCount >= this.options.maxReceiveCount) {
        this.pending.delete(m.id);
        m.deadAt = now;
        this.dead.set(m.id, m);
        this.journal({ op: "dead", id: m.id, at: now });
        this.options.onDeadLetter?.(m);
        continue;
      }
      m.receiveCount++;
      m.visibleAt = now + this.options.visibilityTimeoutMs;
      m.delivering = true;
      this.journal({ op: "receive", id: m.id, at: now });
      batch.push(m);
    }
    return batch;
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    let failedIds: Set<string>;
    let error: unknown;
    try {
      const response = await this.options.consumer({ Records: batch.map((m) => this.toRecord(m)) });
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      // A thrown handler fails the whole batch: every message waits out its visibility timeout.
      error = e;
      failedIds = new Set(batch.map((m) => m.id));
    }
    for (const m of batch) {
      m.delivering = false;
      if (failedIds.has(m.id)) continue;
      this.pending.delete(m.id);
      this.journal({ op: "delete", id: m.id, at: Date.now() });
    }
    this.options.onBatch?.({ size: batch.length, failed: failedIds.size, ...(error !== undefined && { error }) });
  }

  private toRecord(m: QueuedMessage): SQSRecord {
    return {
      messageId: m.id,
      receiptHandle: `${m.id}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: "local",
        ApproximateFirstReceiveTimestamp: String(m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.queueArn.split(":")[3] ?? "us-east-1",
    };
  }

  private notifyIdle(): void {
    if (this.pending.size > 0 || this.running > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private journal(entry: JournalEntry): void {
    if (!this.options.journalFile) return;
    appendFileSync(this.options.journalFile, `${JSON.stringify(entry)}\n`);
  }

  /** Rebuilds the queue from its journal, then rewrites the journal with only the live messages. */
  private replay(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
    const all = new Map<string, QueuedMessage>();
    for (const line of lines) {
      if (!line.trim()) continue;
      let e: JournalEntry;
      try {
        e = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line cut short by a crash mid-write
      }
      const m = all.get(e.id);
      if (e.op === "send") all.set(e.id, { id: e.id, body: e.body, sentAt: e.at, receiveCount: 0, visibleAt: 0 });
      else if (!m) continue;
      else if (e.op === "receive") m.receiveCount++;
      else if (e.op === "delete") all.delete(e.id);
      else if (e.op === "dead") m.deadAt = e.at;
      else if (e.op === "redrive") Object.assign(m, { receiveCount: 0, deadAt: undefined });
    }
    const compacted: string[] = [];
    for (const m of all.values()) {
      (m.deadAt !== undefined ? this.dead : this.pending).set(m.id, m);
      compacted.push(JSON.stringify({ op: "send", id: m.id, body: m.body, at: m.sentAt }));
      for (let i = 0; i < m.receiveCount; i++) compacted.push(JSON.stringify({ op: "receive", id: m.id, at: m.sentAt }));
      if (m.deadAt !== undefined) compacted.push(JSON.stringify({ op: "dead", id: m.id, at: m.deadAt }));
    }
    writeFileSync(file, compacted.length ? `${compacted.join("\n")}\n` : "");
  }
}
