/**
 * The change feed loses nothing: through the local stack exactly as `npm start` runs it (s3rver ->
 * local queue -> the real ingest handler -> DynamoDB Local; the real API handler behind the local HTTP
 * server), 500 articles are uploaded, a part of them replaced with other texts and a part deleted,
 * while a follower reads GET /claims?since= and applies every change to its own copy. When ingest is
 * idle and the follower has caught up past that moment, its copy equals the table's claim items,
 * claim for claim and field for field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { fromClaimItem } from "../../lambdas/store/claim-item.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { FEED_SETTLE_MS } from "../../lambdas/store/feed.ts";
import type { FeedChange, StoredClaim } from "../../lambdas/store/types.ts";
import { followFeed } from "../../bin/commands/feed.ts";
import { generateArticles, mulberry32 } from "../support/generate-articles.ts";
import { shuffled } from "./support/rig.ts";
import { forEachLimited } from "./support/expected-state.ts";
import { startTestStack, type TestStack } from "./support/stack.ts";

const ARTICLES = Number(process.env.FEED_ARTICLES ?? 500);

let local: TestStack;
beforeAll(async () => {
  local = await startTestStack("feed-stack");
}, 120_000);
afterAll(() => local?.stop());

/**
 * Follows the feed from the start with `claims feed`'s follower (which waits out a busy API's 503s),
 * applying each change to its own copy, until it has caught up past the moment it is told.
 */
function follow() {
  const copy = new Map<string, StoredClaim>();
  const counts = { pages: 0, upserts: 0, deletes: 0 };
  let stopAfter: number | undefined;
  const stop = new AbortController();
  const done = followFeed({
    apiUrl: local.apiUrl,
    limit: 100,
    follow: true,
    pollMs: 200,
    signal: stop.signal,
    write: (line) => {
      const change = JSON.parse(line) as FeedChange;
      if (change.op === "upsert") {
        copy.set(change.claimId, change.claim);
        counts.upserts++;
      } else {
        copy.delete(change.claimId);
        counts.deletes++;
      }
    },
    onPosition: (_since, page) => {
      counts.pages++;
      // Caught up with a horizon past the moment ingest went idle: every change is behind us.
      if (page.caughtUp && stopAfter !== undefined && page.requestedAt - FEED_SETTLE_MS > stopAfter) stop.abort();
    },
  });
  return { copy, counts, done, stopOnceCaughtUpAfter: (ms: number) => void (stopAfter = ms) };
}

async function storedClaims(tableName: string): Promise<Map<string, StoredClaim>> {
  const doc = DynamoDBDocumentClient.from(local.dynamo);
  const claims = new Map<string, StoredClaim>();
  for await (const page of paginateScan({ client: doc }, { TableName: tableName, FilterExpression: "SK = :claim", ExpressionAttributeValues: { ":claim": "CLAIM" } })) {
    for (const item of page.Items ?? []) claims.set(String(item.id), fromClaimItem(item));
  }
  return claims;
}

describe(`change feed through the local stack (${ARTICLES} articles)`, () => {
  it("a follower of GET /claims?since= ends with exactly the store's claims while articles are uploaded, replaced and deleted", { timeout: 900_000 + ARTICLES * 2_000 }, async () => {
    const { stack, s3, dynamo } = local;
    const bucket = stack.env.CLAIMS_BUCKET!;
    // News-length texts of a few sentences: the feed's test is the changes, not long extractions.
    const articles = generateArticles({ count: ARTICLES, seed: 4242, prefix: "feed", sentences: [4, 14] });
    const others = generateArticles({ count: ARTICLES, seed: 977, prefix: "other", sentences: [4, 14] });
    const random = mulberry32(7);
    // Uploads, then replacements of about 40 % (another article's text under the same key) and deletes
    // of about 30 % (some of them replaced first), each wave starting while the previous is ingested.
    const replaced = shuffled(articles, random).slice(0, Math.round(ARTICLES * 0.4));
    const deleted = shuffled(articles, random).slice(0, Math.round(ARTICLES * 0.3));
    const put = (key: string, text: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: "text/plain; charset=utf-8" }));
    const events = ARTICLES + replaced.length + deleted.length;
    const gone = new Set(deleted.map((a) => a.key));

    const follower = follow();
    // A follower that gives up fails the test at the end, with its reason.
    follower.done.catch(() => undefined);
    await forEachLimited(articles, 8, (a) => put(a.key, a.text));
    await forEachLimited(replaced, 8, (a, i) => put(a.key, others[i]!.text));
    await forEachLimited(deleted, 8, (a) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: a.key })));
    // Ingest is done when every article is in its final state (some events change nothing: an
    // upload whose object was deleted before it was read) and the queue has been idle a moment.
    const store = createDynamoClaimStore({ client: dynamo, tableName: stack.env.CLAIMS_TABLE! });
    for (let settled = false; !settled; ) {
      await stack.queue.idle();
      await new Promise((r) => setTimeout(r, 1_000));
      const states = await Promise.all(articles.map(async (a) => (await store.getArticle(a.key))?.status));
      settled = stack.queue.stats.pending === 0 && states.every((status, i) => status === (gone.has(articles[i]!.key) ? "deleted" : "processed"));
    }
    follower.stopOnceCaughtUpAfter(Date.now());
    await Promise.race([follower.done, stack.failed.then((e) => Promise.reject(e))]);

    const stored = await storedClaims(stack.env.CLAIMS_TABLE!);
    console.log(
      `feed: ${events} object events (${ARTICLES} uploads, ${replaced.length} replacements, ${deleted.length} deletes); ` +
        `${follower.counts.pages} pages, ${follower.counts.upserts} upserts, ${follower.counts.deletes} deletes; ${stored.size} claims stored`,
    );
    expect(stack.queue.stats).toMatchObject({ pending: 0, dead: 0 });
    expect(stack.totals.deleted).toBeGreaterThan(0);
    expect(stack.totals.processed).toBeGreaterThan(ARTICLES / 2);
    expect(stored.size).toBeGreaterThan(ARTICLES);
    expect(follower.counts.deletes).toBeGreaterThan(0);
    expect([...follower.copy.keys()].sort()).toEqual([...stored.keys()].sort());
    expect(Object.fromEntries(follower.copy)).toEqual(Object.fromEntries(stored));
    // No claim of a deleted article survives in either.
    expect([...follower.copy.values()].filter((c) => gone.has(c.articleKey))).toEqual([]);
  });
});
