/**
 * `claims reindex` against a deployed-style target: the bucket listing and the stored versions come
 * from the real local S3 server and DynamoDB Local (through AWS_ENDPOINT_URL_* as an operator's shell
 * could point them); only SQS is stood in for, by handing each message the command sends to the local
 * queue in front of the real ingest handler. The local stack's own path is tested end to end in
 * test/e2e/reindex.test.ts.
 */
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandOutput } from "@aws-sdk/client-sqs";
import { outputSink } from "../support/output-sink.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EXIT, runReindex, type ReindexOptions } from "../../bin/commands/reindex.ts";
import { EXTRACTOR_VERSION } from "../../lambdas/core/pipeline.ts";
import { startLocalServices, type LocalServices } from "../support/local-services.ts";
import { storeOlderExtraction } from "../support/older-extraction.ts";
import { ingestRig, type IngestRig } from "../reliability/support/rig.ts";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/000000000000/claims-ingest";
const ARTICLES: Record<string, string> = {
  "news/bridge.txt": "\u201cThe bridge will reopen in May,\u201d Mayor Lena Vogt told reporters. Vogt said the repairs cost less than planned. The council said the budget was balanced.\n",
  "news/tax plan.txt": "\u201cWe will not raise taxes,\u201d Governor Omar Haddad said on Monday. Haddad added that schools would get more money. Critics said the plan was vague.\n",
  "news/library.txt": "\u201cThe library opens in March,\u201d Mayor Ellen Park said. Park said the building cost less than expected.\n",
  "archive/port.txt": "\u201cThe port will expand next year,\u201d Harbour Master Ines Kovac said. Kovac said cargo volumes had doubled. Unions said they were worried.\n",
};

const sink = outputSink;

describe("claims reindex (deployed stack: S3, DynamoDB and an SQS queue)", { timeout: 120_000 }, () => {
  let env: LocalServices;
  let r: IngestRig;
  let sent: string[];
  const options = (extra: Partial<ReindexOptions> = {}): ReindexOptions => ({ prefix: "", queueUrl: QUEUE_URL, bucket: r.bucket, table: r.tableName, region: "us-east-1", wait: true, timeout: "30", envFile: "/nonexistent/.claims-local.env", ...extra });

  beforeAll(async () => {
    env = await startLocalServices();
    r = await ingestRig(env);
    const events = [];
    for (const [key, text] of Object.entries(ARTICLES)) events.push(await r.put(key, text));
    // The current extractor processed one article; an older one, that recorded no version, the rest.
    r.deliver([events[2]!]);
    await r.queue.idle();
    for (const [i, key] of [0, 1, 3].map((i) => [i, Object.keys(ARTICLES)[i]!] as const)) {
      await storeOlderExtraction(r.store, { key, sequencer: events[i]!.Records[0]!.s3.object.sequencer }, new TextEncoder().encode(ARTICLES[key]!));
    }
    vi.stubEnv("AWS_ENDPOINT_URL_S3", env.s3!.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", env.dynamo!.endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  }, 180_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await r?.stop();
    await env?.stop();
  });

  /** SQS as the ingest function sees it: each message sent goes to the queue in front of the handler. */
  function queueMessages(fail: (body: string) => boolean = () => false) {
    sent = [];
    return vi.spyOn(SQSClient.prototype, "send").mockImplementation(async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error(`unexpected SQS call ${String(command)}`);
      expect(command.input.QueueUrl).toBe(QUEUE_URL);
      const entries = command.input.Entries ?? [];
      expect(entries.length).toBeLessThanOrEqual(10);
      const out: SendMessageBatchCommandOutput = { Successful: [], Failed: [], $metadata: {} };
      for (const e of entries) {
        if (fail(e.MessageBody!)) {
          out.Failed!.push({ Id: e.Id!, Code: "KMS.DisabledException", SenderFault: true, Message: "the queue's key is disabled" });
          continue;
        }
        sent.push(e.MessageBody!);
        r.deliver([JSON.parse(e.MessageBody!)]);
        out.Successful!.push({ Id: e.Id!, MessageId: `m-${sent.length}`, MD5OfMessageBody: "" });
      }
      return out;
    });
  }
  afterEach(() => vi.restoreAllMocks());

  it("a key that cannot be queued is named, the run exits 1, and a second run queues only what is still stale", async () => {
    const first = sink();
    queueMessages((body) => body.includes("tax+plan"));
    expect(await runReindex(options({ prefix: "news/" }), first.stream)).toBe(EXIT.someFailed);
    expect(first.text()).toContain(`3 articles in s3://${r.bucket}/news/ (${QUEUE_URL}): 1 already extracted by ${EXTRACTOR_VERSION}, 2 to re-extract\n`);
    expect(first.text()).toMatch(/not queued: news\/tax plan\.txt: KMS\.DisabledException: the queue's key is disabled\n/);
    expect(first.text()).toMatch(/re-extracted 1, already current 1, not queued 1, unfinished 0\n$/);
    expect(sent.map((b) => JSON.parse(b).Records[0].s3.object.key)).toEqual(["news/bridge.txt"]);
    expect(await r.reader.getArticle("news/bridge.txt")).toMatchObject({ extractorVersion: EXTRACTOR_VERSION, revision: 1 });
    expect(await r.reader.getArticle("news/tax plan.txt")).not.toHaveProperty("extractorVersion");

    const second = sink();
    queueMessages();
    expect(await runReindex(options(), second.stream)).toBe(EXIT.ok);
    expect(second.text()).toContain("4 articles in");
    expect(second.text()).toContain(": 2 already extracted by");
    expect(second.text()).toMatch(/re-extracted 2, already current 2, not queued 0, unfinished 0\n$/);
    expect(sent.map((b) => JSON.parse(b).Records[0].s3.object.key).sort()).toEqual(["archive/port.txt", "news/tax+plan.txt"]);
    await r.expectExact({ deep: true });

    const third = sink();
    queueMessages();
    expect(await runReindex(options(), third.stream)).toBe(EXIT.ok);
    expect(third.text()).toContain(": 4 already extracted by");
    expect(third.text()).toMatch(/re-extracted 0, already current 4, not queued 0, unfinished 0\n$/);
    expect(sent).toEqual([]);
  });

  it("names what a deployed target is missing, with exit 2", async () => {
    const out = sink();
    expect(await runReindex(options({ table: undefined }), out.stream)).toBe(EXIT.usage);
    expect(out.text()).toMatch(/pass --bucket and --table too/);
    expect(await runReindex(options({ timeout: "soon" }), out.stream)).toBe(EXIT.usage);
    expect(out.text()).toMatch(/--timeout must be a positive number/);
    expect(await runReindex(options({ queueUrl: undefined }), out.stream)).toBe(EXIT.usage);
    expect(out.text()).toMatch(/--bucket and --table name a deployed stack: pass its --queue-url too/);
  });
});
