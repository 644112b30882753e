/**
 * The one assertion every reliability suite ends with: the store holds exactly the claims that offline
 * extraction finds in the latest version of each object, nothing more. Checked four ways, so a leftover
 * hidden from one access path still shows in another:
 *  - per article (the base table's article view) against `analyzeArticle` on the same bytes;
 *  - a raw Scan of every claim item in the table (no stale item survives unreferenced);
 *  - speaker and topic counts (the summaries the dashboard lists), once the aggregator has caught up;
 *  - optionally, every speaker's and topic's claims paged through the indexes, each id exactly once.
 */
import { expect } from "vitest";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { analyzeArticle } from "../../../lambdas/core/pipeline.ts";
import type { Claim } from "../../../lambdas/core/model.ts";
import type { ClaimReader, StoredClaim } from "../../../lambdas/store/types.ts";
import { startTableAggregator } from "../../../local/stream-aggregator.ts";

/** The latest version of each key: its bytes, or `undefined` when the object was deleted. */
export type ExpectedObjects = ReadonlyMap<string, Uint8Array | undefined>;

/** What identifies a claim and what a reader relies on; timestamps are left out on purpose. */
export const claimEssence = (c: Claim | StoredClaim) => ({
  id: c.id,
  content: c.content,
  contentStart: c.contentStart,
  contentEnd: c.contentEnd,
  speakerId: c.speakerId,
  speaker: c.speaker,
  kind: c.kind,
  topic: c.topic,
});

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Offline: the claims `claims extract` finds in these bytes under this key ([] when the input is rejected). */
export function offlineClaims(key: string, bytes: Uint8Array): Claim[] {
  try {
    return analyzeArticle(bytes, { key }).claims;
  } catch {
    return [];
  }
}

export interface StateCheck {
  /** Page every speaker's and topic's claims through the indexes (slower; for small stores). */
  deep?: boolean;
  /** Speakers whose claims are paged even when `deep` is off (the prolific ones). */
  pageSpeakers?: readonly string[];
  /** Articles whose claims are read at once. */
  concurrency?: number;
  /**
   * Brings the speaker and topic counts up to date (they are the aggregator's, from the table's
   * stream). Default: the real aggregator run over the table's stream until it is caught up.
   */
  settle?: () => Promise<void>;
}

async function settleAggregates(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const aggregator = await startTableAggregator({ client: dynamo, tableName });
  try {
    await aggregator.drain();
  } finally {
    await aggregator.stop();
  }
}

export async function expectStoreToMatch(reader: ClaimReader, dynamo: DynamoDBClient, tableName: string, expected: ExpectedObjects, check: StateCheck = {}): Promise<{ claims: number }> {
  const wanted = new Map<string, ReturnType<typeof claimEssence>>();
  const perArticleMismatches: string[] = [];
  const keys = [...expected.keys()];
  await forEachLimited(keys, check.concurrency ?? 8, async (key) => {
    const bytes = expected.get(key);
    const offline = bytes === undefined ? [] : offlineClaims(key, bytes).map(claimEssence).sort(byId);
    for (const c of offline) wanted.set(c.id, c);
    const stored = (await reader.listArticleClaims(key)).map(claimEssence).sort(byId);
    if (JSON.stringify(stored) !== JSON.stringify(offline)) perArticleMismatches.push(describeDifference(key, stored, offline));
    if (bytes === undefined) expect((await reader.getArticle(key))?.status ?? "deleted", key).toBe("deleted");
  });
  expect(perArticleMismatches, "articles whose stored claims differ from offline extraction").toEqual([]);

  // Every claim item in the table, however it is reached.
  const scanned = await scanClaimItems(dynamo, tableName);
  expect(scanned.length, "claim items in the table").toBe(wanted.size);
  expect(new Set(scanned).size).toBe(scanned.length);
  expect(scanned.filter((id) => !wanted.has(id)), "claim items no current version has").toEqual([]);

  await (check.settle ? check.settle() : settleAggregates(dynamo, tableName));
  const speakerCounts = countBy([...wanted.values()], (c) => c.speakerId);
  expect(await allSpeakerCounts(reader)).toEqual(speakerCounts);
  const topicCounts = countBy([...wanted.values()], (c) => c.topic);
  const topics = Object.fromEntries((await reader.listTopics()).filter((t) => t.claimCount !== 0).map((t) => [t.topic, t.claimCount]));
  expect(topics).toEqual(topicCounts);

  const speakersToPage = check.deep ? Object.keys(speakerCounts) : (check.pageSpeakers ?? []);
  for (const speakerId of speakersToPage) {
    const ids = await pageAll((cursor) => reader.listSpeakerClaims(speakerId, { limit: 100, ...(cursor && { cursor }) }));
    expect(ids.length, `claims listed for ${speakerId}`).toBe(speakerCounts[speakerId] ?? 0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => wanted.get(id)?.speakerId === speakerId)).toBe(true);
  }
  if (check.deep) {
    for (const topic of Object.keys(topicCounts)) {
      const ids = await pageAll((cursor) => reader.listTopicClaims(topic, { limit: 100, ...(cursor && { cursor }) }));
      expect(ids.length, `claims listed for ${topic}`).toBe(topicCounts[topic]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => wanted.get(id)?.topic === topic)).toBe(true);
    }
  }
  return { claims: wanted.size };
}

function describeDifference(key: string, stored: ReturnType<typeof claimEssence>[], offline: ReturnType<typeof claimEssence>[]): string {
  const storedIds = new Set(stored.map((c) => c.id));
  const offlineIds = new Set(offline.map((c) => c.id));
  const missing = offline.filter((c) => !storedIds.has(c.id)).length;
  const extra = stored.filter((c) => !offlineIds.has(c.id)).length;
  const changed = stored.filter((c) => offlineIds.has(c.id) && JSON.stringify(c) !== JSON.stringify(offline.find((o) => o.id === c.id))).length;
  return `${key}: ${missing} missing, ${extra} extra, ${changed} changed of ${offline.length}`;
}

async function scanClaimItems(dynamo: DynamoDBClient, tableName: string): Promise<string[]> {
  const doc = DynamoDBDocumentClient.from(dynamo);
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: tableName, FilterExpression: "SK = :claim", ExpressionAttributeValues: { ":claim": "CLAIM" }, ProjectionExpression: "id", ...(start && { ExclusiveStartKey: start }) }),
    );
    for (const item of out.Items ?? []) ids.push(String(item.id));
    start = out.LastEvaluatedKey;
  } while (start);
  return ids;
}

async function allSpeakerCounts(reader: ClaimReader): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    // Every speaker, those known only within one article included.
    const page = await reader.listSpeakers({ limit: 100, scope: "all", ...(cursor && { cursor }) });
    for (const s of page.items) {
      expect(counts[s.speakerId], `${s.speakerId} listed twice`).toBeUndefined();
      counts[s.speakerId] = s.claimCount;
    }
    cursor = page.cursor;
  } while (cursor);
  return counts;
}

async function pageAll(page: (cursor?: string) => Promise<{ items: { id: string }[]; cursor?: string }>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const out = await page(cursor);
    ids.push(...out.items.map((c) => c.id));
    cursor = out.cursor;
  } while (cursor);
  return ids;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
