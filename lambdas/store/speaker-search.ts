/**
 * Speaker search with a bounded cost per request: a word-prefix index of speaker names and aliases
 * (docs/key-design.md, "Speaker search").
 *
 *   item: PK `SEARCH#<first 2 characters of the word>`, SK `<word>#<speakerId>`, attribute `speakerId`
 *
 * A search takes the longest word of `q`, reads one window of index entries whose word starts with it
 * (one Query, `begins_with`, Limit SEARCH_WINDOW), reads those speakers' summaries (one BatchGetItem)
 * and keeps the speakers whose name or aliases have a word starting with each word of `q`. However
 * many speakers there are, a request costs one Query of at most SEARCH_WINDOW small items and one
 * BatchGetItem of at most SEARCH_WINDOW summaries.
 *
 * A reader with a memo (summary-memo.ts) reads a partition whole in the background, once per time to
 * live, when it holds at most SEARCH_PARTITION_READ entries, and answers the searches of that
 * partition from memory once it has it: searches for different names share partitions (two
 * characters), not windows. Until then, and for a larger partition, a search reads its window.
 *
 * Entries are only ever added, before the commit that gives a summary a new name or alias, so every
 * word of every summary has its entry. They are not removed when a speaker loses an alias or its last
 * claim: the summary read filters such leftovers out, and a speaker that comes back is found again.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SpeakerListScope, SpeakerQuery, SpeakerSummary } from "./types.ts";
import { isArticleScopedId } from "../core/ids.ts";
import { batchGetAll, keyString } from "./batch-get.ts";
import { batchWriteAll, type WriteRequest } from "./batch-write.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { CapacityMeter } from "./capacity.ts";
import { InvalidCursorError } from "./cursor.ts";
import { speakerKey, surnameKey, type TableKey } from "./keys.ts";
import { surnameEntries } from "./surname-entries.ts";
import { indexedWords, matchesSearch, probeCandidates, SEARCH_PREFIX_CHARS } from "./search-words.ts";
import { toSpeakerSummary } from "./speaker-summary.ts";
import type { PartitionContents, PartitionMemo, SearchEntry, SummaryMemo } from "./summary-memo.ts";

/** Index entries read per request: bounds both the Query and the BatchGetItem that follows it. */
export const SEARCH_WINDOW = 100;
/** A partition with at most this many entries is read whole by a reader with a memo (~60 KB, ~8 read units). */
export const SEARCH_PARTITION_READ = 1_000;

export const searchPartition = (word: string) => `SEARCH#${[...word].slice(0, SEARCH_PREFIX_CHARS).join("")}`;
export const searchSortKey = (word: string, speakerId: string) => `${word}#${speakerId}`;

/**
 * Speakers are filed once they are quoted in this many articles. Most speakers of a news stream appear
 * in one article, often with several claims; filing every speaker cost 0.51 write units per claim on
 * the hotkeys mix. A person of one article is still found by its surname, through the surname index
 * that linking keeps anyway (searchSpeakers).
 */
export const SEARCH_MIN_ARTICLES = 3;

/** The names a summary change brings and how it moves the claim count. */
export interface SpeakerNames {
  speakerId: string;
  /** The canonical name, when the change carries one. */
  speaker?: string;
  aliases: readonly string[];
  /** How the change moves the number of articles the speaker is quoted in. */
  articleDelta: number;
}

/** A summary item as read: its `speaker` and `aliases` attributes are what count here. */
type SummaryNames = Record<string, unknown>;

function summaryNamesOf(item: SummaryNames | undefined): { speaker?: string; aliases: string[] } {
  if (!item) return { aliases: [] };
  const aliases = item.aliases instanceof Set ? [...item.aliases] : Array.isArray(item.aliases) ? item.aliases : [];
  return { ...(typeof item.speaker === "string" && { speaker: item.speaker }), aliases: aliases.filter((n): n is string => typeof n === "string") };
}

const articlesOf = (item: SummaryNames | undefined) => Number(item?.articleCount ?? 0);
const filed = (item: SummaryNames | undefined) => articlesOf(item) >= SEARCH_MIN_ARTICLES;

/**
 * The index entries to write for summary changes: for a speaker quoted in SEARCH_MIN_ARTICLES articles
 * after the change, the words of its names that were not filed before (all of them when it reaches the
 * threshold now). Pure; call it wherever summaries are written, before their commit.
 */
export function speakerSearchEntries(changes: readonly SpeakerNames[], before: (speakerId: string) => SummaryNames | undefined): WriteRequest[] {
  const entries = new Map<string, WriteRequest>();
  for (const change of changes) {
    const old = before(change.speakerId);
    if (articlesOf(old) + change.articleDelta < SEARCH_MIN_ARTICLES) continue;
    const oldNames = summaryNamesOf(old);
    const known = new Set(filed(old) ? indexedWords(oldNames) : []);
    const names = { speaker: change.speaker ?? oldNames.speaker ?? "", aliases: [...oldNames.aliases, ...change.aliases] };
    for (const word of indexedWords(names)) {
      // A shorter word can never be the word a search reads the index by (see probeCandidates).
      if (known.has(word) || [...word].length < SEARCH_PREFIX_CHARS) continue;
      const item = { PK: searchPartition(word), SK: searchSortKey(word, change.speakerId), speakerId: change.speakerId };
      entries.set(keyString(item), { PutRequest: { Item: item } });
    }
  }
  return [...entries.values()];
}

export interface SearchContext {
  client: Pick<DynamoDBDocumentClient, "send">;
  tableName: string;
  backoff: BackoffOptions;
  meter: CapacityMeter;
  /** Summaries read by recent searches (summary-memo.ts); without it every search reads them all. */
  summaries?: SummaryMemo;
  /** Search-index partitions read whole by recent searches; without it every search reads its window. */
  partitions?: PartitionMemo;
}

/** Writes the entries speakerSearchEntries asks for (idempotent puts). */
export async function writeSpeakerSearchIndex(ctx: SearchContext, changes: readonly SpeakerNames[], before: (speakerId: string) => SummaryNames | undefined): Promise<void> {
  const entries = speakerSearchEntries(changes, before);
  if (entries.length > 0) await batchWriteAll(ctx.client, ctx.tableName, entries, { backoff: ctx.backoff, meter: ctx.meter });
}

/** As the listing: global speakers by default, article-scoped ones (`<slug>--<hash>`) when asked for. */
const inScope = (speakerId: string, scope: SpeakerListScope) => scope === "all" || (scope === "article") === isArticleScopedId(speakerId);

/**
 * Where a search page starts: the word the search reads the index by (`p`; the pages of one search
 * keep the first page's choice), after the index entry `after` (the window's start), skipping `skip`
 * ranked matches.
 */
interface SearchCursor {
  q: "speaker-search";
  p: string;
  after: string | null;
  skip: number;
}

function decodeSearchCursor(cursor: string, candidates: readonly string[]): { probe: string; after?: string; skip: number } {
  let body: Partial<SearchCursor>;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<SearchCursor>;
  } catch {
    throw new InvalidCursorError("not a cursor");
  }
  if (!body || typeof body !== "object" || body.q !== "speaker-search") throw new InvalidCursorError("issued for another query");
  // Only a word of this query: a cursor cannot make a search read any other partition.
  const probe = body.p;
  if (typeof probe !== "string" || !candidates.includes(probe)) throw new InvalidCursorError("wrong shape");
  const okAfter = body.after === null || (typeof body.after === "string" && body.after.startsWith(probe) && body.after.length <= 1_200);
  if (!okAfter || !Number.isSafeInteger(body.skip) || (body.skip as number) < 0 || (body.skip as number) >= SEARCH_WINDOW) throw new InvalidCursorError("wrong shape");
  return { probe, ...(body.after !== null && body.after !== undefined && { after: body.after }), skip: body.skip as number };
}

const encodeSearchCursor = (probe: string, after: string | undefined, skip: number) =>
  Buffer.from(JSON.stringify({ q: "speaker-search", p: probe, after: after ?? null, skip } satisfies SearchCursor), "utf8").toString("base64url");

/**
 * The word to read the index by: among the candidates whose partition is remembered, the one whose
 * window is smallest ("maria kal" reads the few entries of "kal…", not every Maria); the longest
 * candidate when none is remembered (their reads start meanwhile) or on a tie.
 */
function chooseProbe(ctx: SearchContext, candidates: readonly string[]): string {
  const memo = ctx.partitions;
  if (!memo || candidates.length === 1) return candidates[0]!;
  const sizes = candidates.map((word) => {
    const contents = rememberedPartition(ctx, memo, word);
    return contents === undefined || contents === "large" ? Number.POSITIVE_INFINITY : contents.filter((e) => e.sk.startsWith(word)).length;
  });
  return candidates[sizes.indexOf(Math.min(...sizes))]!;
}

const rememberedPartition = (ctx: SearchContext, memo: PartitionMemo, word: string) => {
  const partition = searchPartition(word);
  return memo.peek(partition, () => readPartition(ctx, partition));
};

/**
 * One page of speakers matching `q` (and `type` and `scope`), most claims first within the window of index entries
 * the page reads; a window with more matches than `limit` is handed out over several pages. A page
 * may hold fewer than `limit` speakers and still have a cursor: the next window may match more.
 */
export async function searchSpeakers(ctx: SearchContext, query: SpeakerQuery & { q: string }): Promise<{ items: SpeakerSummary[]; cursor?: string }> {
  const candidates = probeCandidates(query.q);
  const start = query.cursor === undefined ? { probe: chooseProbe(ctx, candidates), skip: 0 } : decodeSearchCursor(query.cursor, candidates);
  const probe = start.probe;
  const window = await readWindow(ctx, probe, start.after);
  const windowIds = [...new Set(window.entries.map((e) => e.speakerId))];
  // People of fewer than SEARCH_MIN_ARTICLES articles are not filed; their surname finds them. The
  // first page reads the surname item in the BatchGetItem of the window's summaries, and its ids join
  // the first window's (their summaries in a second read, for people the window does not hold).
  const surname = start.after === undefined ? surnameKey(probe) : undefined;
  const { summaries, extra } = await readSummaries(ctx, windowIds, surname);
  const bySurname = [...surnameEntries(extra?.ids).keys()].slice(0, SEARCH_WINDOW).filter((id) => !windowIds.includes(id));
  if (bySurname.length > 0) for (const [id, item] of (await readSummaries(ctx, bySurname)).summaries) summaries.set(id, item);
  const ids = [...windowIds, ...bySurname];
  const ranked = ids
    .flatMap((id) => {
      const item = summaries.get(id);
      return item && Number(item.claimCount) > 0 ? [toSpeakerSummary(item)] : [];
    })
    .filter((s) => (query.type === undefined || s.speakerType === query.type) && inScope(s.speakerId, query.scope ?? "global") && matchesSearch(s, query.q))
    .sort((a, b) => b.claimCount - a.claimCount || (a.speakerId < b.speakerId ? -1 : 1));
  const end = start.skip + query.limit;
  const items = ranked.slice(start.skip, end);
  if (end < ranked.length) return { items, cursor: encodeSearchCursor(probe, start.after, end) };
  return { items, ...(window.last !== undefined && { cursor: encodeSearchCursor(probe, window.last, 0) }) };
}

/** A window of entries whose word starts with `probe`, after the sort key `after`; `last` when more may follow. */
interface Window {
  entries: readonly SearchEntry[];
  last?: string;
}

/** DynamoDB orders sort keys by their UTF-8 bytes; JavaScript compares UTF-16 code units. */
const afterKey = (sk: string, after: string) => Buffer.compare(Buffer.from(sk, "utf8"), Buffer.from(after, "utf8")) > 0;

async function readWindow(ctx: SearchContext, probe: string, after: string | undefined): Promise<Window> {
  const partition = searchPartition(probe);
  const contents = ctx.partitions && rememberedPartition(ctx, ctx.partitions, probe);
  if (contents === undefined || contents === "large") return queryWindow(ctx, partition, probe, after);
  const matching = contents.filter((e) => e.sk.startsWith(probe) && (after === undefined || afterKey(e.sk, after)));
  const entries = matching.slice(0, SEARCH_WINDOW);
  return { entries, ...(matching.length > SEARCH_WINDOW && { last: entries.at(-1)!.sk }) };
}

/** One Query of the window, as DynamoDB pages it (a full window may have nothing after it). */
async function queryWindow(ctx: SearchContext, partition: string, probe: string, after: string | undefined): Promise<Window> {
  const out = await ctx.client.send(
    new QueryCommand({
      TableName: ctx.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :word)",
      ExpressionAttributeValues: { ":pk": partition, ":word": probe },
      Limit: SEARCH_WINDOW,
      ...(after !== undefined && { ExclusiveStartKey: { PK: partition, SK: after } }),
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  ctx.meter.record(out.ConsumedCapacity, "read");
  const last = out.LastEvaluatedKey?.SK;
  return { entries: entriesOf(out.Items), ...(typeof last === "string" && { last }) };
}

const entriesOf = (items: readonly Record<string, unknown>[] | undefined): SearchEntry[] => (items ?? []).map((item) => ({ sk: String(item.SK), speakerId: String(item.speakerId) }));

/** The whole partition when it holds at most SEARCH_PARTITION_READ entries, else "large" (the memo remembers either). */
async function readPartition(ctx: SearchContext, partition: string): Promise<PartitionContents> {
  const out = await ctx.client.send(
    new QueryCommand({
      TableName: ctx.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      ProjectionExpression: "SK, speakerId",
      Limit: SEARCH_PARTITION_READ,
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  ctx.meter.record(out.ConsumedCapacity, "read");
  return out.LastEvaluatedKey === undefined ? entriesOf(out.Items) : "large";
}

/**
 * The summaries of `ids` (absent: none stored), from the memo where it has them, else one BatchGetItem,
 * which also reads the item `extraKey` names (the surname index) when given.
 */
async function readSummaries(ctx: SearchContext, ids: readonly string[], extraKey?: TableKey): Promise<{ summaries: Map<string, Record<string, unknown>>; extra?: Record<string, unknown> }> {
  const summaries = new Map<string, Record<string, unknown>>();
  const missing: string[] = [];
  for (const id of ids) {
    const remembered = ctx.summaries?.get(id);
    if (remembered === undefined) missing.push(id);
    else if (remembered !== null) summaries.set(id, remembered);
  }
  if (missing.length === 0 && extraKey === undefined) return { summaries };
  const read = await batchGetAll(ctx.client, ctx.tableName, [...missing.map(speakerKey), ...(extraKey ? [extraKey] : [])], { backoff: ctx.backoff, meter: ctx.meter });
  for (const id of missing) {
    const item = read.get(keyString(speakerKey(id))) ?? null;
    ctx.summaries?.set(id, item);
    if (item) summaries.set(id, item);
  }
  const extra = extraKey && read.get(keyString(extraKey));
  return { summaries, ...(extra && { extra }) };
}


