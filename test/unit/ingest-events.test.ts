import { describe, expect, it } from "vitest";
import { changesFromS3Event, changesFromSqsRecord, decodeS3Key, encodeS3EventKey, isSqsEvent, MalformedMessageError, reindexNotification } from "../../lambdas/ingest/events.ts";
import { readIngestConfig, DEFAULT_MAX_ARTICLE_BYTES } from "../../lambdas/ingest/config.ts";
import { publishedAtOf, toStoredClaims } from "../../lambdas/ingest/stored-claims.ts";
import { s3Notification, sqsBatch, sqsRecord } from "../support/events.ts";
import { storedClaim } from "../support/claims.ts";

describe("S3 keys in notifications", () => {
  it.each([
    ["a+b%2Bc.txt", "a b+c.txt"],
    ["news/2024/Budget+talks.txt", "news/2024/Budget talks.txt"],
    ["%C3%A9t%C3%A9+%E2%80%9Cquoted%E2%80%9D.md", "\u00e9t\u00e9 \u201cquoted\u201d.md"],
    ["100%25+sure.txt", "100% sure.txt"],
    ["bad%E0%A4%A.txt", "bad%E0%A4%A.txt"],
  ])("%s -> %s", (raw, key) => expect(decodeS3Key(raw)).toBe(key));
});

describe("reindex notifications", () => {
  it.each(["news/2024/city hall+library.txt", "100% sure.md", "\u00e9t\u00e9 \u201cquoted\u201d/a.json", "plain.txt"])("carry %j through the S3 key encoding unchanged", (key) => {
    const message = JSON.stringify(reindexNotification("articles", { key, size: 12, etag: "abc" }));
    expect(changesFromSqsRecord(sqsRecord(message))).toEqual([
      expect.objectContaining({ kind: "created", bucket: "articles", key, size: 12, etag: "abc", reindex: true }),
    ]);
    expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
  });

  it("are told apart from S3's own events by their event source only", () => {
    const [s3] = changesFromS3Event(s3Notification("created", "articles", "a.txt", "0A"));
    expect(s3).not.toHaveProperty("reindex");
    const removal = reindexNotification("articles", { key: "a.txt" });
    removal.Records[0]!.eventName = "ObjectRemoved:Delete";
    expect(changesFromS3Event(removal)[0]).not.toHaveProperty("reindex");
  });
});

describe("event parsing", () => {
  it("reads created and removed changes from an SQS message, in order", () => {
    const created = s3Notification("created", "b", "x+y.txt", "0A", 12);
    const removed = s3Notification("removed", "b", "x+y.txt", "0B");
    const body = JSON.stringify({ Records: [...created.Records, ...removed.Records] });
    expect(changesFromSqsRecord(sqsRecord(body))).toEqual([
      expect.objectContaining({ kind: "created", bucket: "b", key: "x y.txt", sequencer: "0A", size: 12 }),
      expect.objectContaining({ kind: "removed", key: "x y.txt", sequencer: "0B" }),
    ]);
  });

  it("skips S3's test event and ignores event types it does not handle", () => {
    expect(changesFromSqsRecord(sqsRecord(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "b" })))).toEqual([]);
    const restore = s3Notification("created", "b", "k", "01");
    restore.Records[0]!.eventName = "ObjectRestore:Completed";
    expect(changesFromS3Event(restore)).toEqual([]);
  });

  it("rejects bodies that are not S3 notifications as malformed (the DLQ keeps them)", () => {
    expect(() => changesFromSqsRecord(sqsRecord("{oops"))).toThrow(MalformedMessageError);
    expect(() => changesFromSqsRecord(sqsRecord(JSON.stringify({ hello: "world" })))).toThrow(MalformedMessageError);
    const noSequencer = s3Notification("created", "b", "k", "01");
    delete (noSequencer.Records[0]!.s3.object as { sequencer?: string }).sequencer;
    expect(() => changesFromS3Event(noSequencer)).toThrow(MalformedMessageError);
  });

  it("tells an SQS batch from a direct S3 event", () => {
    expect(isSqsEvent(sqsBatch([s3Notification("created", "b", "k", "01")]))).toBe(true);
    expect(isSqsEvent(s3Notification("created", "b", "k", "01"))).toBe(false);
  });
});

describe("ingest config", () => {
  it("fails at cold start naming a missing CLAIMS_TABLE", () => {
    expect(() => readIngestConfig({})).toThrow(/CLAIMS_TABLE/);
  });

  it("defaults the size cap to 5 MB and rejects a nonsensical one", () => {
    expect(readIngestConfig({ CLAIMS_TABLE: "t" })).toEqual({ tableName: "t", maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES, logLevel: "INFO" });
    expect(readIngestConfig({ CLAIMS_TABLE: "t", MAX_ARTICLE_BYTES: "1000" }).maxArticleBytes).toBe(1000);
    expect(() => readIngestConfig({ CLAIMS_TABLE: "t", MAX_ARTICLE_BYTES: "5MB" })).toThrow(/MAX_ARTICLE_BYTES/);
    expect(() => readIngestConfig({ CLAIMS_TABLE: "t", MAX_ARTICLE_BYTES: "-1" })).toThrow(/MAX_ARTICLE_BYTES/);
  });
});

describe("stored claims", () => {
  const text = "Intro. \u201cWe will win,\u201d Jane Doe said. More text follows here.";
  const claim = storedClaim("k.txt", text, { content: "We will win", speaker: "Jane Doe" });
  const lastModified = new Date("2024-06-01T10:00:00Z");

  it("dates claims by the article when it has a date, else by the object's LastModified", () => {
    expect(publishedAtOf({ text, publishedAt: "2024-05-01" }, lastModified)).toBe("2024-05-01T00:00:00.000Z");
    expect(publishedAtOf({ text, publishedAt: "not a date" }, lastModified)).toBe("2024-06-01T10:00:00.000Z");
    expect(publishedAtOf({ text }, lastModified)).toBe("2024-06-01T10:00:00.000Z");
  });

  it("adds provenance and a context that contains the content at the stated offsets", () => {
    const [stored] = toStoredClaims({ text, title: "T" }, [claim], { articleKey: "k.txt", lastModified, extractedAt: new Date("2024-06-02T00:00:00Z") });
    expect(stored).toMatchObject({ articleKey: "k.txt", title: "T", publishedAt: "2024-06-01T10:00:00.000Z", extractedAt: "2024-06-02T00:00:00.000Z" });
    expect(stored!.context.slice(stored!.contextContentStart, stored!.contextContentEnd)).toBe("We will win");
  });
});
