import type { ClaimReader, Page, Ranking, StoredClaim } from "../store/types.ts";
import type { ArticleTextSource } from "./article-text.ts";
import { buildArticleView, claimsWithin, MAX_RESPONSE_BYTES } from "./article-view.ts";
import { badRequest, CACHE, gone, jsonResult, notFound, type ApiResult } from "./http.ts";
import { InvalidCursorError } from "../store/cursor.ts";
import { FeedPositionExpiredError } from "../store/feed-reader.ts";
import { tokenScope, type PageTokens } from "./page-token.ts";
import { parseArticleKey, parseClaimId, parseDate, parseDateRange, parseLimit, parseSearch, parseSlugId, parseSpeakerScope, parseSpeakerType, parseTextWindow, parseTopic } from "./query.ts";
import type { RouteName } from "./routes.ts";
import { parseCheckworthinessQuery } from "./claim-list-query.ts";
import { claimDownload, EXPORT_LIMIT, type ListFormat } from "./list-formats.ts";

type Query = Map<string, string>;
/** Statements listed with a speaker: the few a reader looks at first. */
export const MOST_REPEATED = 5;
interface ListBody<T> {
  items: T[];
  nextToken?: string;
  ranking?: Ranking;
}
/** `format`: what the Accept header chose; only DOWNLOADABLE_ROUTES look at it. */
type Endpoint = (params: Record<string, string>, query: Query, format: ListFormat) => Promise<ApiResult>;

export interface EndpointDeps {
  reader: ClaimReader;
  tokens: PageTokens;
  topics: readonly string[];
  /** Where article texts are read from; without it GET /articles/{articleKey} answers without text. */
  articleText?: ArticleTextSource;
}

/** One function per route: validate, ask the reader, shape the JSON. Validation always runs before any read. */
export function createEndpoints({ reader, tokens, topics, articleText }: EndpointDeps): Record<Exclude<RouteName, "openapi" | "index">, Endpoint> & { document(doc: unknown): ApiResult } {
  /** Verifies nextToken against this exact query, then signs the next cursor for the same query. */
  async function paged<T>(
    route: RouteName,
    scopeParams: Record<string, string | number | undefined>,
    query: Query,
    read: (limit: number, cursor: string | undefined) => Promise<Page<T>>,
    format: ListFormat = "json",
  ): Promise<ListBody<T>> {
    const scope = tokenScope(route, Object.fromEntries(Object.entries(scopeParams).map(([k, v]) => [k, v === undefined ? undefined : String(v)])));
    const limit = parseLimit(query.get("limit"), format === "json" ? undefined : EXPORT_LIMIT);
    const token = query.get("nextToken");
    const page = await read(limit, token === undefined ? undefined : tokens.verify(token, scope));
    return { items: page.items, ...(page.cursor !== undefined && { nextToken: tokens.sign(page.cursor, scope) }), ...(page.ranking && { ranking: page.ranking }) };
  }
  const listResult = (body: ListBody<unknown>) => jsonResult(200, body, CACHE.live);

  /** A claim list in the negotiated format; JSON varies by Accept too, so shared caches keep them apart. */
  function claimListResult(body: ListBody<StoredClaim> & { article?: unknown; claimsOmitted?: number }, query: Query, format: ListFormat, filename: string): ApiResult {
    if (format === "json") {
      const result = listResult(body);
      result.headers.vary = "Accept";
      return result;
    }
    const next = body.nextToken === undefined ? undefined : new URLSearchParams([...[...query].filter(([k]) => k !== "nextToken"), ["nextToken", body.nextToken]]).toString();
    return claimDownload(format, body.items, {
      filename,
      ...(body.nextToken !== undefined && { nextToken: body.nextToken }),
      ...(next !== undefined && { nextQuery: next }),
      ...(body.claimsOmitted !== undefined && { claimsOmitted: body.claimsOmitted }),
    });
  }

  return {
    async listSpeakers(_params, query) {
      const type = query.has("type") ? parseSpeakerType(query.get("type")!) : undefined;
      const q = query.has("q") ? parseSearch(query.get("q")!) || undefined : undefined;
      // Article-scoped speakers ("a spokesman" of one article) are listed only when asked for.
      const scope = query.has("scope") ? parseSpeakerScope(query.get("scope")!) : undefined;
      // The search index holds the speakers known across articles (the aggregator writes it); those
      // known within one article only are listed, not searched.
      if (q !== undefined && scope === "article") throw badRequest("q: a name search finds speakers known across articles; use scope=global or scope=all with it");
      return listResult(
        await paged("listSpeakers", { type, q, scope }, query, (limit, cursor) =>
          reader.listSpeakers({ limit, ...(type && { type }), ...(q && { q }), ...(scope && { scope }), ...(cursor !== undefined && { cursor }) }),
        ),
      );
    },

    async getSpeaker(params) {
      const speakerId = parseSlugId("speakerId", params.speakerId!);
      // Both reads at once: the repeated statements are one index Query and one BatchGet.
      const [speaker, mostRepeated] = await Promise.all([reader.getSpeaker(speakerId), reader.listRepeatedClaims(speakerId, MOST_REPEATED)]);
      if (!speaker) throw notFound(`speakerId: no speaker "${speakerId}"`);
      return jsonResult(200, { ...speaker, mostRepeated }, CACHE.live);
    },

    async listSpeakerClaims(params, query, format) {
      const speakerId = parseSlugId("speakerId", params.speakerId!);
      const topic = query.has("topic") ? parseTopic("topic", query.get("topic")!, topics) : undefined;
      const range = parseDateRange(query);
      const scoring = parseCheckworthinessQuery(query);
      const body = await paged(
        "listSpeakerClaims",
        { speakerId, topic, ...range, ...scoring },
        query,
        (limit, cursor) => reader.listSpeakerClaims(speakerId, { limit, ...(topic && { topic }), ...range, ...scoring, ...(cursor !== undefined && { cursor }) }),
        format,
      );
      // An empty first page may mean a mistyped id: only then is the extra read worth it.
      if (!query.has("nextToken") && body.items.length === 0 && !(await reader.getSpeaker(speakerId))) {
        throw notFound(`speakerId: no speaker "${speakerId}"`);
      }
      return claimListResult(body, query, format, `claims-speaker-${speakerId}`);
    },

    async listTopics() {
      const counts = new Map((await reader.listTopics()).map((t) => [t.topic, t.claimCount]));
      // Every topic of the taxonomy is listed, with 0 for those without claims yet, most claims first.
      const items = topics
        .map((topic) => ({ topic, claimCount: counts.get(topic) ?? 0 }))
        .sort((a, b) => b.claimCount - a.claimCount || a.topic.localeCompare(b.topic));
      return jsonResult(200, { items }, CACHE.live);
    },

    async listTopicClaims(params, query, format) {
      const topic = parseTopic("topic", params.topic!, topics);
      const range = parseDateRange(query);
      const scoring = parseCheckworthinessQuery(query);
      const body = await paged(
        "listTopicClaims",
        { topic, ...range, ...scoring },
        query,
        (limit, cursor) => reader.listTopicClaims(topic, { limit, ...range, ...scoring, ...(cursor !== undefined && { cursor }) }),
        format,
      );
      return claimListResult(body, query, format, `claims-topic-${topic}`);
    },

    async getArticle(params, query) {
      const key = parseArticleKey(params.articleKey!);
      const window = parseTextWindow(query);
      const [article, claims, text] = await Promise.all([reader.getArticle(key), reader.listArticleClaims(key), articleText?.getText(key)]);
      if (!article) throw notFound(`articleKey: no article "${key.length > 80 ? `${key.slice(0, 80)}…` : key}"`);
      return jsonResult(200, buildArticleView(article, claims, text, window), CACHE.live);
    },

    async listArticleClaims(params, query, format) {
      const key = parseArticleKey(params.articleKey!);
      const [article, all] = await Promise.all([reader.getArticle(key), reader.listArticleClaims(key)]);
      if (!article && all.length === 0) throw notFound(`articleKey: no article "${key.length > 80 ? `${key.slice(0, 80)}…` : key}"`);
      const { claims: items, omitted } = claimsWithin(all, MAX_RESPONSE_BYTES);
      return claimListResult({ article: article ?? null, items, ...(omitted > 0 && { claimsOmitted: omitted }) }, query, format, `claims-article-${key}`);
    },

    async listClaimChanges(_params, query) {
      const limit = parseLimit(query.get("limit"));
      const since = query.get("since");
      const from = query.has("from") ? parseDate("from", query.get("from")!) : undefined;
      if (since !== undefined && from !== undefined) throw badRequest("from: give either since (a position) or from (a time), not both");
      const scope = tokenScope("listClaimChanges", {});
      try {
        const page = await reader.readFeed({ limit, ...(since !== undefined && { cursor: tokens.verify(since, scope, "since") }), ...(from !== undefined && { fromTime: Date.parse(from) }) });
        return jsonResult(200, { items: page.items, nextSince: tokens.sign(page.cursor, scope), caughtUp: page.caughtUp }, CACHE.live);
      } catch (e) {
        if (e instanceof FeedPositionExpiredError) {
          throw gone(from !== undefined ? `from: ${e.message.replace(/^the position/, "the time")}; ask for a later time` : `since: ${e.message}; sync again from the start (without since)`);
        }
        if (e instanceof InvalidCursorError) throw badRequest("since: not a position of this feed; pass the nextSince of a previous page unchanged");
        throw e;
      }
    },

    async getClaim(params) {
      const id = parseClaimId(params.claimId!);
      const claim = await reader.getClaim(id);
      if (!claim) throw notFound(`claimId: no claim "${id}"`);
      return jsonResult(200, claim, CACHE.claim);
    },

    async listRelatedClaims(params, query) {
      const id = parseClaimId(params.claimId!);
      const limit = parseLimit(query.get("limit"));
      const scope = tokenScope("listRelatedClaims", { claimId: id });
      const token = query.get("nextToken");
      const group = await reader.listRelatedClaims(id, { limit, ...(token !== undefined && { cursor: tokens.verify(token, scope) }) });
      if (!group) throw notFound(`claimId: no claim "${id}"`);
      const { cursor, ...body } = group;
      return jsonResult(200, { ...body, ...(cursor !== undefined && { nextToken: tokens.sign(cursor, scope) }) }, CACHE.live);
    },

    document(doc) {
      return jsonResult(200, doc, CACHE.document);
    },
  };
}
