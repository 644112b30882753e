/**
 * Speaker search under load: the local stack's table gets SPEAKERS invented speakers (written through
 * the real store, so their summaries and search entries are what ingest writes), then autocannon sends
 * SEARCHES searches at 50 connections, every one with a different `q` (so the API's response cache
 * never answers), and reports the latency percentiles.
 *
 * First, as the API section does, a warm-up: WARMUP_SEARCHES searches for names that are not stored
 * (invented from the same syllables with another seed), so the reader has its connections open and
 * the index partitions in memory, as a serving API has; none of the measured searches, and none of the
 * summaries they read, is among them.
 */
import autocannon from "autocannon";
import { dynamoClient } from "../lambdas/aws/clients.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
import { SEARCH_MIN_ARTICLES } from "../lambdas/store/speaker-search.ts";
import { S3RVER_CREDENTIALS } from "../local/services/s3-server.ts";
import { claimsFor } from "../test/support/claims.ts";

export interface SpeakerSearchResult {
  speakers: number;
  searches: number;
  connections: number;
  distinctQueries: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
  non2xx: number;
  errors: number;
  /** Searches that found at least one speaker (a search for a stored name must). */
  withResults: number;
}

const SYLLABLES = ["ka", "lo", "mi", "ren", "dus", "vor", "ta", "bel", "sin", "gar", "po", "lem", "an", "ti", "qua", "ser", "nu", "dro", "fel", "ix", "or", "mab", "zen", "hul", "cai", "pet", "wen", "yor"];
const FIRST = ["Maria", "Thomas", "Helen", "Rajesh", "Lucy", "Pavel", "Amina", "Daniel", "Sofia", "Kwame", "Ingrid", "Mateo", "Yuki", "Farah", "Oskar", "Leila"];
const SPEAKERS_PER_ARTICLE = 20;
const WARMUP_SEARCHES = 500;

/** Seeded: the same invented names on every run. */
function inventNames(count: number, seed = 7): { first: string; last: string }[] {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const seen = new Set<string>();
  const names: { first: string; last: string }[] = [];
  while (names.length < count) {
    const raw = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    const last = raw[0]!.toUpperCase() + raw.slice(1);
    if (seen.has(last)) continue;
    seen.add(last);
    names.push({ first: pick(FIRST), last });
  }
  return names;
}

/**
 * Writes `count` speakers, SPEAKERS_PER_ARTICLE per article, each in SEARCH_MIN_ARTICLES articles (the recurring
 * speakers that searches are for, filed under every word of their names), through the store as
 * ingest would.
 */
async function seedSpeakers(env: Record<string, string>, names: readonly { first: string; last: string }[]): Promise<void> {
  const client = dynamoClient("ingest", { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB!, region: env.AWS_REGION ?? "us-east-1", credentials: { ...S3RVER_CREDENTIALS } });
  const store = createDynamoClaimStore({ client, tableName: env.CLAIMS_TABLE! });
  try {
    const articles: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < names.length * SEARCH_MIN_ARTICLES; i += SPEAKERS_PER_ARTICLE) {
      const key = `bench-search/${i / SPEAKERS_PER_ARTICLE}.txt`;
      const at = i % names.length;
      const specs = names.slice(at, at + SPEAKERS_PER_ARTICLE).map(({ first, last }, j) => ({ content: `Statement ${j} about the harbour plan`, speaker: `${first} ${last}`, mention: last }));
      const { claims } = claimsFor(key, specs);
      articles.push(() => store.replaceArticle({ key, sequencer: "0001" }, { publishedAt: "2025-01-01T00:00:00.000Z" }, claims));
    }
    // A few at a time, as ingest's batches would.
    const queue = [...articles];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let write = queue.shift(); write; write = queue.shift()) await write();
    }));
  } finally {
    client.destroy();
  }
}

/**
 * Summaries and search entries are the aggregator's, from the table's stream: wait until it has
 * caught up, that is until a sample of the seeded speakers, the last ones included, can be found.
 */
async function untilSearchable(apiUrl: string, names: readonly { first: string; last: string }[], timeoutMs = 300_000): Promise<void> {
  const sample = [names[0]!, names[Math.floor(names.length / 2)]!, ...names.slice(-3)];
  const deadline = Date.now() + timeoutMs;
  for (const { first, last } of sample) {
    for (;;) {
      // A first name and a surname's start: only the words index (filed from the SEARCH_MIN_ARTICLES-th article) answers it.
      const res = await fetch(`${apiUrl}/speakers?q=${encodeURIComponent(`${first} ${last.slice(0, 3)}`)}`);
      if (res.ok && ((await res.json()) as { items: unknown[] }).items.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the seeded speaker ${last} was not searchable after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Distinct queries: a full surname, or a first name and the start of a surname. */
function queries(names: readonly { first: string; last: string }[], count: number): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < names.length * 4; i++) {
    const { first, last } = names[i % names.length]!;
    const round = Math.floor(i / names.length);
    out.add(round === 0 ? last.toLowerCase() : round === 1 ? `${first} ${last.slice(0, 4)}` : round === 2 ? last.slice(0, 5) : `${last.slice(0, 3)} ${first.slice(0, 2)}`);
  }
  return [...out].slice(0, count);
}

export async function measureSpeakerSearch(
  stack: { apiUrl: string; env: Record<string, string> },
  opts: { speakers: number; searches: number; connections: number },
): Promise<SpeakerSearchResult> {
  const names = inventNames(opts.speakers);
  await seedSpeakers(stack.env, names);
  await untilSearchable(stack.apiUrl, names);
  const qs = queries(names, opts.searches);
  const url = new URL(stack.apiUrl);
  const stored = new Set(names.map((n) => n.last));
  const warmup = queries(inventNames(WARMUP_SEARCHES * 2, 1234).filter((n) => !stored.has(n.last)), WARMUP_SEARCHES).filter((q) => !qs.includes(q));
  let warm = 0;
  await autocannon({
    url: url.origin,
    connections: opts.connections,
    amount: warmup.length,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `${url.pathname}/speakers?limit=20&q=${encodeURIComponent(warmup[warm++ % warmup.length]!)}` }) }],
  });
  let next = 0;
  let withResults = 0;
  const result = await autocannon({
    url: url.origin,
    connections: opts.connections,
    amount: qs.length,
    requests: [
      {
        method: "GET",
        // One shared counter: every request of every connection searches for something new.
        setupRequest: (req) => ({ ...req, path: `${url.pathname}/speakers?limit=20&q=${encodeURIComponent(qs[next++ % qs.length]!)}` }),
        onResponse: (status, body) => {
          if (status === 200 && (JSON.parse(body) as { items: unknown[] }).items.length > 0) withResults++;
        },
      },
    ],
  });
  return {
    speakers: opts.speakers,
    searches: result.requests.total,
    connections: opts.connections,
    distinctQueries: new Set(qs).size,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    withResults,
  };
}
