import { describe, expect, it } from "vitest";
import { createPartitionMemo, type PartitionContents } from "../../lambdas/store/summary-memo.ts";

const entries = (n: number): PartitionContents => Array.from({ length: n }, (_, i) => ({ sk: `word${i}#speaker-${i}`, speakerId: `speaker-${i}` }));
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** A read the test finishes when it wants, counting how many were started. */
function controlledReads() {
  const started: ((value: PartitionContents) => void)[] = [];
  const failures: ((e: Error) => void)[] = [];
  const read = () =>
    new Promise<PartitionContents>((resolve, reject) => {
      started.push(resolve);
      failures.push(reject);
    });
  return { read, started, failures };
}

describe("search partition memo", () => {
  it("never makes a search wait: an unknown partition starts one background read, however many searches ask", async () => {
    const memo = createPartitionMemo(60_000);
    const reads = controlledReads();
    expect(memo.peek("SEARCH#ma", reads.read)).toBeUndefined();
    expect(memo.peek("SEARCH#ma", reads.read)).toBeUndefined();
    expect(reads.started).toHaveLength(1);
    reads.started[0]!(entries(3));
    await tick();
    expect(memo.peek("SEARCH#ma", reads.read)).toEqual(entries(3));
    expect(reads.started).toHaveLength(1);
  });

  it("past its time serves the partition as last read while one read replaces it", async () => {
    const memo = createPartitionMemo(20);
    const reads = controlledReads();
    memo.peek("SEARCH#ka", reads.read);
    reads.started[0]!(entries(2));
    await tick();
    expect(memo.peek("SEARCH#ka", reads.read)).toEqual(entries(2));
    await tick(60); // past one to two times the time to live
    expect(memo.peek("SEARCH#ka", reads.read)).toEqual(entries(2));
    expect(memo.peek("SEARCH#ka", reads.read)).toEqual(entries(2));
    expect(reads.started).toHaveLength(2);
    reads.started[1]!(entries(1));
    await tick();
    expect(memo.peek("SEARCH#ka", reads.read)).toEqual(entries(1));
  });

  it("remembers a partition too large to read whole for long: entries are never removed, so it stays large", async () => {
    const memo = createPartitionMemo(20);
    const reads = controlledReads();
    memo.peek("SEARCH#jo", reads.read);
    reads.started[0]!("large");
    await tick(60);
    expect(memo.peek("SEARCH#jo", reads.read)).toBe("large");
    expect(reads.started).toHaveLength(1);
  });

  it("forgets a read that failed, so a later search starts another", async () => {
    const memo = createPartitionMemo(60_000);
    const reads = controlledReads();
    memo.peek("SEARCH#pe", reads.read);
    reads.failures[0]!(new Error("throttled"));
    await tick();
    expect(memo.peek("SEARCH#pe", reads.read)).toBeUndefined();
    expect(reads.started).toHaveLength(2);
  });
});
