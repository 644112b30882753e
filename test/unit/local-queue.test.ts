import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { LocalQueue, type BatchConsumer } from "../../local/queue.ts";

const queues: LocalQueue[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function queue(consumer: BatchConsumer, opts: Partial<ConstructorParameters<typeof LocalQueue>[0]> = {}): LocalQueue {
  const q = new LocalQueue({ consumer, batchWindowMs: 20, visibilityTimeoutMs: 50, ...opts });
  queues.push(q);
  return q;
}

const bodies = (e: SQSEvent) => e.Records.map((r) => r.body);

describe("LocalQueue", () => {
  it("keeps lanes apart: a busy lane's batches never hold up another lane's messages", async () => {
    const releaseLarge: (() => void)[] = [];
    const done: string[] = [];
    const q = queue(
      async (e) => {
        const names = bodies(e);
        if (names.some((b) => b.startsWith("large"))) await new Promise<void>((ok) => releaseLarge.push(ok));
        done.push(...names);
      },
      { concurrency: 2, batchSize: 1, lane: (body) => (body.startsWith("large") ? "large" : "small"), laneConcurrency: { large: 1 } },
    );
    for (const body of ["large-1", "large-2", "large-3", "small-1", "small-2"]) q.send(body);
    q.start();
    // Both small messages are handled while the first large one still holds its lane; the other two wait.
    await expect.poll(() => done.slice().sort(), { timeout: 5_000 }).toEqual(["small-1", "small-2"]);
    expect(q.stats.inFlightBatches).toBe(1);
    while (done.length < 5) {
      releaseLarge.splice(0).forEach((release) => release());
      await new Promise((r) => setTimeout(r, 10));
    }
    await q.idle();
    expect(done.slice(2)).toEqual(["large-1", "large-2", "large-3"]);
  });

  it("delivers in SQS-shaped batches of at most 10, each message once on success", async () => {
    const batches: string[][] = [];
    const q = queue(async (e) => {
      batches.push(bodies(e));
      expect(e.Records[0]).toMatchObject({ eventSource: "aws:sqs", attributes: { ApproximateReceiveCount: "1" } });
    }, { concurrency: 1 });
    for (let i = 0; i < 25; i++) q.send(`m${i}`);
    q.start();
    await q.idle();
    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(batches.flat().sort()).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`).sort());
    expect(q.stats).toEqual({ pending: 0, dead: 0, inFlightBatches: 0 });
  });

  it("redelivers only the batchItemFailures, after the visibility timeout", async () => {
    const seen: { body: string; receive: string; at: number }[] = [];
    const q = queue(async (e) => {
      for (const r of e.Records) seen.push({ body: r.body, receive: r.attributes.ApproximateReceiveCount, at: Date.now() });
      return { batchItemFailures: e.Records.filter((r) => r.body === "bad" && r.attributes.ApproximateReceiveCount === "1").map((r) => ({ itemIdentifier: r.messageId })) };
    }, { visibilityTimeoutMs: 150 });
    q.start();
    q.send("good");
    q.send("bad");
    await q.idle();
    expect(seen.filter((s) => s.body === "good").map((s) => s.receive)).toEqual(["1"]);
    const bad = seen.filter((s) => s.body === "bad");
    expect(bad.map((s) => s.receive)).toEqual(["1", "2"]);
    expect(bad[1]!.at - bad[0]!.at).toBeGreaterThanOrEqual(140);
  });

  it("a thrown handler fails the whole batch; after maxReceiveCount the messages go to the dead-letter list, which can be re-driven", async () => {
    let healthy = false;
    const delivered: string[] = [];
    const dead: string[] = [];
    const q = queue(async (e) => {
      if (!healthy) throw new Error("store unavailable");
      delivered.push(...bodies(e));
    }, { maxReceiveCount: 2, onDeadLetter: (m) => dead.push(m.body) });
    q.start();
    q.send("a");
    q.send("b");
    await q.idle();
    expect(dead.sort()).toEqual(["a", "b"]);
    expect(q.deadLetters().map((m) => m.receiveCount)).toEqual([2, 2]);
    expect(delivered).toEqual([]);
    healthy = true;
    expect(q.redrive()).toBe(2);
    await q.idle();
    expect(delivered.sort()).toEqual(["a", "b"]);
    expect(q.stats.dead).toBe(0);
  });

  it("a message is not redelivered while its batch is still running", async () => {
    let calls = 0;
    const q = queue(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 200));
    }, { visibilityTimeoutMs: 20 });
    q.start();
    q.send("slow");
    await q.idle();
    expect(calls).toBe(1);
  });

  it("messages queued or dead when the process stopped come back from the journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "queue-"));
    dirs.push(dir);
    const journalFile = join(dir, "queue.jsonl");
    const first = queue(async () => {
      throw new Error("down");
    }, { journalFile, maxReceiveCount: 1 });
    first.send("dead-one");
    first.start();
    await first.idle();
    await first.stop();
    first.send("never-delivered");
    expect(first.stats).toMatchObject({ pending: 1, dead: 1 });

    const delivered: string[] = [];
    const second = queue(async (e) => void delivered.push(...bodies(e)), { journalFile });
    expect(second.stats).toMatchObject({ pending: 1, dead: 1 });
    expect(second.deadLetters().map((m) => m.body)).toEqual(["dead-one"]);
    second.start();
    await second.idle();
    expect(delivered).toEqual(["never-delivered"]);
    second.redrive();
    await second.idle();
    expect(delivered).toEqual(["never-delivered", "dead-one"]);

    const third = queue(async () => undefined, { journalFile });
    expect(third.stats).toMatchObject({ pending: 0, dead: 0 });
  });
});
