/**
 * Faults through the real pipeline: the local S3 server's own events, the local queue (visibility
 * timeout, receive count, dead letters), the real ingest handler and DynamoDB Local. Faults are
 * injected only into the handler's SDK clients; every test ends with the store compared against
 * offline extraction of the latest version of each object (see support/expected-state.ts).
 */
import { describe, expect, it } from "vitest";
import type { S3Event } from "aws-lambda";
import { addFaults, isCommitOfClaims, sdkErrors, slowDown, unprocessedOnFirstTry } from "../support/faults.ts";
import { generateArticles, mulberry32 } from "../support/generate-articles.ts";
import { rigsForSuite, shuffled, type IngestRig } from "./support/rig.ts";

const rig = rigsForSuite();

// Short articles over a small shared cast: many claims per speaker, little time per article on a busy machine.
const texts = generateArticles({ count: 80, seed: 11, castSize: 12 })
  .map((a) => a.text)
  .filter((t) => t.length < 1_200 && (t.match(/"/g)?.length ?? 0) >= 2)
  .slice(0, 16);
const text = (i: number) => texts[i % texts.length]!;

/**
 * A history per key that covers every ordering hazard: re-uploads, a delete, a re-create after a
 * delete, a key S3 must URL-encode, and a key left alone.
 */
async function eventfulHistory(r: IngestRig): Promise<S3Event[]> {
  const events: S3Event[] = [];
  events.push(await r.put("desk/reuploaded.txt", text(0)), await r.put("desk/reuploaded.txt", text(1)));
  events.push(await r.put("desk/deleted.txt", text(2)), await r.remove("desk/deleted.txt"));
  events.push(await r.put("desk/recreated.txt", text(3)), await r.remove("desk/recreated.txt"), await r.put("desk/recreated.txt", text(4)));
  events.push(await r.put("desk/three versions.txt", text(5)), await r.put("desk/three versions.txt", text(6)), await r.put("desk/three versions.txt", text(7)));
  events.push(await r.put("desk/a+b 50% ünïcode.txt", text(8)), await r.put("desk/a+b 50% ünïcode.txt", text(9)));
  events.push(await r.put("desk/untouched.txt", text(10)));
  return events;
}

describe("event delivery hazards", { timeout: 120_000 }, () => {
  it.each([1, 2, 3])("every event twice, in shuffled order (seed %i): exactly the latest version of each key", async (seed) => {
    const r = await rig();
    const events = await eventfulHistory(r);
    r.deliver(shuffled([...events, ...events], mulberry32(seed)));
    await r.queue.idle();
    expect(r.queue.deadLetters()).toEqual([]);
    const { claims } = await r.expectExact();
    expect(claims).toBeGreaterThan(10);
  });

  it("newest first, then every older event late (older sequencers), then a late older create after the delete", async () => {
    const r = await rig();
    const events = await eventfulHistory(r);
    r.deliver([...events].reverse());
    await r.queue.idle();
    r.deliver(events);
    await r.queue.idle();
    await r.expectExact();
    const skipped = r.logger.lines.filter((l) => l.attributes.applied === false || l.attributes.outcome === "gone" || l.attributes.outcome === "ignored");
    expect(skipped.length).toBeGreaterThanOrEqual(events.length - 6);
    expect(await r.reader.getArticle("desk/deleted.txt")).toMatchObject({ status: "deleted", claimCount: 0 });
  });
});

describe("transient faults in the S3 and DynamoDB adapters", { timeout: 120_000 }, () => {
  it("throttling, timeouts before and after the service applied a write, UnprocessedItems on every first try, and a crash between writing the new claims and removing the old: the same exact end state", async () => {
    const r = await rig({ queue: { maxReceiveCount: 10 } });
    const unprocessed = unprocessedOnFirstTry(r.dynamo);
    const dynamoFaults = addFaults(r.dynamo, [
      // The commit of a new version: refused by throttling once, then applied with its response lost once.
      { command: "UpdateItemCommand", when: isCommitOfClaims, fails: (n) => n === 2, error: sdkErrors.throttling },
      { command: "UpdateItemCommand", when: isCommitOfClaims, fails: (n) => n === 3, kind: "after", error: sdkErrors.timeout },
      // Removing the old version's claims (after the commit): the process "crashes" there twice.
      { command: "DeleteItemCommand", when: (input) => JSON.stringify(input.Key).includes('"CLAIM#'), fails: (n) => n === 1 || n === 7, error: sdkErrors.timeout },
      { command: "GetItemCommand", fails: (n) => n % 9 === 4, error: sdkErrors.throttling },
    ]);
    const s3Faults = r.objects.addFaults([
      { fails: (n) => n === 1 || n === 4, error: slowDown },
      { fails: (n) => n === 6, error: sdkErrors.timeout },
    ]);

    // A version stored before its successor is uploaded: the new version's commit leaves old claims to
    // remove (every other key's events all find the object at its latest version).
    r.deliver([await r.put("desk/replaced.txt", text(11))]);
    await r.queue.idle();
    const events = [...(await eventfulHistory(r)), await r.put("desk/replaced.txt", text(12))];
    // First versions first, so that later versions replace committed ones and leave old claims to remove.
    const firsts = events.filter((e, i) => events.findIndex((o) => o.Records[0]!.s3.object.key === e.Records[0]!.s3.object.key) === i);
    r.deliver(firsts);
    await r.queue.idle();
    r.deliver(shuffled([...events.filter((e) => !firsts.includes(e)), ...events.slice(0, 4)], mulberry32(9)));
    await r.queue.idle();

    expect(r.queue.deadLetters()).toEqual([]);
    // The faults really happened, and the handler reported them as retryable failures.
    expect(dynamoFaults.failed.UpdateItemCommand).toBe(2);
    expect(dynamoFaults.failed.DeleteItemCommand).toBeGreaterThanOrEqual(1);
    expect(s3Faults.failed).toBe(3);
    expect(unprocessed.returned).toBeGreaterThan(20);
    expect(r.logger.lines.filter((l) => l.message.startsWith("message failed")).length).toBeGreaterThanOrEqual(5);
    await r.expectExact();
  });

  it("a message that keeps failing ends in the dead-letter list, visible, and a redrive completes it once the fault is gone", async () => {
    const r = await rig({ queue: { maxReceiveCount: 3 } });
    const faults = r.objects.addFaults([{ when: (key) => key === "desk/unlucky.txt", fails: () => true, error: slowDown }]);
    const events = [await r.put("desk/lucky-1.txt", text(12)), await r.put("desk/unlucky.txt", text(13)), await r.put("desk/lucky-2.txt", text(14))];
    r.deliver(events);
    await r.queue.idle();

    const dead = r.queue.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]!.receiveCount).toBe(3);
    expect(JSON.parse(dead[0]!.body)).toEqual(events[1]);
    expect(faults.failed).toBe(3);
    // Nothing of it was stored, and the rest of its batch was not held back.
    expect(await r.reader.getArticle("desk/unlucky.txt")).toBeUndefined();
    expect((await r.reader.getArticle("desk/lucky-1.txt"))?.status).toBe("processed");
    expect((await r.reader.getArticle("desk/lucky-2.txt"))?.status).toBe("processed");

    faults.heal();
    expect(r.queue.redrive()).toBe(1);
    await r.queue.idle();
    expect(r.queue.deadLetters()).toEqual([]);
    await r.expectExact();
  });

  it("BatchWriteItem that never accepts an item fails loudly and loses nothing: the message is retried, not acknowledged", async () => {
    const r = await rig({ queue: { maxReceiveCount: 2 } });
    const faults = addFaults(r.dynamo, [{ command: "BatchWriteItemCommand", fails: () => true, error: sdkErrors.throttling }]);
    r.deliver([await r.put("desk/throttled.txt", text(15))]);
    await r.queue.idle();
    expect(r.queue.deadLetters()).toHaveLength(1);
    expect(faults.failed.BatchWriteItemCommand).toBe(2);
    expect((await r.reader.getArticle("desk/throttled.txt"))?.status).not.toBe("processed");

    faults.heal();
    r.queue.redrive();
    await r.queue.idle();
    await r.expectExact();
  });
});
