/** Typed client for the read API. Every response is checked for the fields the views rely on. */
import type { ArticleRecord, ClaimSort, FeedChange, Ranking, RelatedClaims, RepeatedStatement, SpeakerSummary, StoredClaim, TopicSummary } from "../../../lambdas/store/types.ts";

export type { ArticleRecord, ClaimSort, Ranking, RepeatedStatement, SpeakerSummary, StoredClaim, TopicSummary };
/** One claim's change in the change feed: added or changed (with the claim as it is now), or removed. */
export type ClaimChange = FeedChange;
/** GET /claims: a page of the change feed. */
export interface ChangePage {
  items: ClaimChange[];
  /** Where the next page starts; always present, also to poll with once caught up. */
  nextSince: string;
  /** The page reached the newest settled change. */
  caughtUp: boolean;
}
/** The feed's page sizes (`limit`). */
export const MAX_CHANGES_LIMIT = 100;
/** A claim's group as the API serves it (the store's cursor signed into nextToken). */
export type RelatedGroup = Omit<RelatedClaims, "cursor"> & { nextToken?: string };
/** GET /speakers/{id}: the summary with the speaker's most repeated statements. */
export type SpeakerDetail = SpeakerSummary & { mostRepeated?: RepeatedStatement[] };

export interface Page<T> {
  items: T[];
  nextToken?: string;
  /** On a list sorted by checkworthiness: how many claims the ranking covers. */
  ranking?: Ranking;
}

/** What a claim list can be downloaded as, and the media type the API is asked for. */
export const DOWNLOAD_FORMATS = {
  csv: { accept: "text/csv", extension: "csv", type: "text/csv;charset=utf-8", label: "CSV" },
  jsonl: { accept: "application/x-ndjson", extension: "jsonl", type: "application/x-ndjson", label: "JSON Lines" },
} as const;
export type DownloadFormat = keyof typeof DOWNLOAD_FORMATS;

/** The API's page size for downloads; the dashboard stops after MAX_DOWNLOAD_CLAIMS. */
export const DOWNLOAD_PAGE = 500;
export const MAX_DOWNLOAD_CLAIMS = 20_000;

export interface Download {
  /** The whole file: one CSV (one byte-order mark, one header) or JSON Lines. */
  parts: string[];
  claims: number;
  /** More claims were left out after MAX_DOWNLOAD_CLAIMS. */
  truncated: boolean;
}

/** What the article view shows of the article's status record. */
export type ArticleSummary = Pick<ArticleRecord, "key" | "status" | "title" | "url" | "publishedAt" | "claimCount" | "errorReason" | "errorMessage">;

export interface ArticleWithClaims {
  articleKey: string;
  article?: ArticleSummary;
  /** The decoded article text, when the API could read it. */
  text?: string;
  /** True only when `text` is the version the claims were extracted from, so their offsets index into it. */
  textMatchesClaims: boolean;
  /** Why there is no text: "gone", "too-large", "undecodable" or "not-configured". */
  textUnavailable?: string;
  claims: StoredClaim[];
}

/** A failed call, carrying the API's `{error, message}` when there was one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Params = Readonly<Record<string, string | number | undefined>>;
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
  }

  listSpeakers(params: { type?: string; q?: string; scope?: string; limit?: number; nextToken?: string }, signal?: AbortSignal) {
    return this.getPage<SpeakerSummary>("/speakers", params, signal);
  }

  getSpeaker(speakerId: string, signal?: AbortSignal) {
    return this.get<SpeakerDetail>(`/speakers/${encodeURIComponent(speakerId)}`, {}, signal);
  }

  listSpeakerClaims(speakerId: string, params: ClaimFilters, signal?: AbortSignal) {
    return this.getPage<StoredClaim>(speakerClaimsPath(speakerId), params, signal);
  }

  listTopics(signal?: AbortSignal) {
    return this.getPage<TopicSummary>("/topics", {}, signal).then((page) => page.items);
  }

  listTopicClaims(topic: string, params: Omit<ClaimFilters, "topic">, signal?: AbortSignal) {
    return this.getPage<StoredClaim>(topicClaimsPath(topic), params, signal);
  }

  /**
   * Every claim of a list in a download format, page after page (the API sends the next page's token
   * in `x-next-token`). `list` is the list's path: speakerClaimsPath or topicClaimsPath.
   */
  async download(list: string, params: Omit<ClaimFilters, "limit" | "nextToken">, format: DownloadFormat, onProgress?: (claims: number) => void, signal?: AbortSignal): Promise<Download> {
    const parts: string[] = [];
    let claims = 0;
    let token: string | undefined;
    do {
      const response = await this.fetchRaw(list, { ...params, limit: DOWNLOAD_PAGE, nextToken: token }, DOWNLOAD_FORMATS[format].accept, signal);
      if (!response.ok) throw await errorOf(response);
      // Kept byte for byte: text() would drop the CSV's byte-order mark.
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
      const count = Number(response.headers.get("x-item-count") ?? Number.NaN);
      parts.push(format === "csv" && parts.length > 0 ? withoutCsvHeader(text) : text);
      claims += Number.isFinite(count) ? count : 0;
      token = response.headers.get("x-next-token") ?? undefined;
      onProgress?.(claims);
    } while (token && claims < MAX_DOWNLOAD_CLAIMS);
    return { parts, claims, truncated: Boolean(token) };
  }

  async getArticle(articleKey: string, signal?: AbortSignal): Promise<ArticleWithClaims> {
    const body = await this.get<Record<string, unknown>>(`/articles/${encodeURIComponent(articleKey)}`, {}, signal);
    return asArticle(articleKey, body);
  }

  getClaim(claimId: string, signal?: AbortSignal) {
    return this.get<StoredClaim>(`/claims/${encodeURIComponent(claimId)}`, {}, signal);
  }

  listRelatedClaims(claimId: string, params: { limit?: number; nextToken?: string }, signal?: AbortSignal) {
    return this.get<RelatedGroup>(`/claims/${encodeURIComponent(claimId)}/related`, params, signal);
  }

  /**
   * The change feed, oldest change first: from a time (`from`, an ISO date-time) or from a position
   * (`since`, a previous page's nextSince). `limit` is 1 to MAX_CHANGES_LIMIT.
   */
  async listChanges(params: { from?: string; since?: string; limit?: number }, signal?: AbortSignal): Promise<ChangePage> {
    return asChangePage(await this.get<unknown>("/claims", params, signal));
  }

  private async getPage<T>(path: string, params: Params, signal?: AbortSignal): Promise<Page<T>> {
    return asPage<T>(await this.get<unknown>(path, params, signal));
  }

  private async fetchRaw(path: string, params: Params, accept: string, signal?: AbortSignal): Promise<Response> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
    const qs = search.toString();
    const url = `${this.base}${path}${qs ? `?${qs}` : ""}`;
    try {
      return await this.fetchImpl(url, { signal, headers: { accept } });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(`Cannot reach the API at ${this.base}. Is the stack running?`, 0, "network");
    }
  }

  private async get<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
    const response = await this.fetchRaw(path, params, "application/json", signal);
    if (!response.ok) throw await errorOf(response);
    const body: unknown = await response.json().catch(() => undefined);
    if (body === undefined) throw new ApiError("The API answered with something other than JSON.", response.status, "bad-response");
    return body as T;
  }
}

/** The API's `{error, message}` as an ApiError, or the status when the body is not the API's. */
async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const apiBody = isRecord(body) ? body : {};
  const message = typeof apiBody.message === "string" ? apiBody.message : `The API answered ${response.status}.`;
  const code = typeof apiBody.error === "string" ? apiBody.error : `http-${response.status}`;
  return new ApiError(message, response.status, code);
}

/** A later page of a CSV download without its byte-order mark and header record (field names only, so one line). */
export function withoutCsvHeader(page: string): string {
  const end = page.indexOf("\r\n");
  return end < 0 ? "" : page.slice(end + 2);
}

export const speakerClaimsPath = (speakerId: string) => `/speakers/${encodeURIComponent(speakerId)}/claims`;
export const topicClaimsPath = (topic: string) => `/topics/${encodeURIComponent(topic)}/claims`;

export type ClaimFilters = {
  topic?: string;
  from?: string;
  to?: string;
  minCheckworthiness?: string;
  sort?: ClaimSort;
  limit?: number;
  nextToken?: string;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asPage<T>(body: unknown): Page<T> {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw new ApiError("The API answered without a list of items.", 200, "bad-response");
  }
  const nextToken = typeof body.nextToken === "string" && body.nextToken ? body.nextToken : undefined;
  const ranking = isRecord(body.ranking) && typeof body.ranking.ranked === "number" ? { ranked: body.ranking.ranked, complete: body.ranking.complete === true } : undefined;
  return { items: body.items as T[], nextToken, ...(ranking && { ranking }) };
}

/**
 * Reads a GET /claims page. A change of an operation this dashboard does not know is skipped; a page
 * without its items, position or caughtUp, or a change without its claim id or time, is refused.
 */
export function asChangePage(body: unknown): ChangePage {
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiError("The API answered without a list of changes.", 200, "bad-response");
  if (typeof body.nextSince !== "string" || body.nextSince === "" || typeof body.caughtUp !== "boolean") {
    throw new ApiError("The API answered without the feed's position.", 200, "bad-response");
  }
  const items: ClaimChange[] = [];
  for (const item of body.items) {
    if (!isRecord(item) || typeof item.claimId !== "string" || typeof item.changedAt !== "string") {
      throw new ApiError("The API answered with a change lacking its claim id or time.", 200, "bad-response");
    }
    const { claimId, changedAt } = item;
    if (item.op === "delete") items.push({ op: "delete", claimId, changedAt });
    else if (item.op === "upsert") {
      if (!isRecord(item.claim) || item.claim.id !== claimId) throw new ApiError("The API answered with a changed claim lacking its content.", 200, "bad-response");
      items.push({ op: "upsert", claimId, changedAt, claim: item.claim as unknown as StoredClaim });
    }
  }
  return { items, nextSince: body.nextSince, caughtUp: body.caughtUp };
}

/** Reads GET /articles/{articleKey}: the status record's fields, the claims, and the text when there is one. */
export function asArticle(articleKey: string, body: unknown): ArticleWithClaims {
  if (!isRecord(body)) throw new ApiError("The API answered without an article.", 200, "bad-response");
  if (!Array.isArray(body.claims)) throw new ApiError("The API answered without the article's claims.", 200, "bad-response");
  if (!ARTICLE_STATUSES.includes(body.status as ArticleSummary["status"])) throw new ApiError("The API answered without the article's status.", 200, "bad-response");
  const str = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  const article: ArticleSummary = {
    key: str("key") ?? articleKey,
    status: body.status as ArticleSummary["status"],
    claimCount: typeof body.claimCount === "number" ? body.claimCount : body.claims.length,
  };
  for (const name of ["title", "url", "publishedAt", "errorReason", "errorMessage"] as const) {
    const value = str(name);
    if (value !== undefined) article[name] = value;
  }
  const text = str("text");
  return {
    articleKey,
    article,
    ...(text !== undefined && { text }),
    // Offsets index into the whole text: a first page of a longer one cannot place every claim, so the
    // view then shows each claim with its own context instead.
    textMatchesClaims: text !== undefined && body.textMatchesClaims === true && body.nextTextOffset === undefined && !body.textOffset,
    ...(str("textUnavailable") !== undefined && { textUnavailable: str("textUnavailable") }),
    claims: body.claims as StoredClaim[],
  };
}

const ARTICLE_STATUSES: readonly ArticleSummary["status"][] = ["processed", "failed", "deleted"];
