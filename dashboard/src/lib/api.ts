/** Typed client for the read API. Every response is checked for the fields the views rely on. */
import type { ArticleRecord, RelatedClaims, RepeatedStatement, SpeakerSummary, StoredClaim, TopicSummary } from "../../../lambdas/store/types.ts";

export type { ArticleRecord, RepeatedStatement, SpeakerSummary, StoredClaim, TopicSummary };
/** A claim's group as the API serves it (the store's cursor signed into nextToken). */
export type RelatedGroup = Omit<RelatedClaims, "cursor"> & { nextToken?: string };
/** GET /speakers/{id}: the summary with the speaker's most repeated statements. */
export type SpeakerDetail = SpeakerSummary & { mostRepeated?: RepeatedStatement[] };

export interface Page<T> {
  items: T[];
  nextToken?: string;
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
    return this.getPage<StoredClaim>(`/speakers/${encodeURIComponent(speakerId)}/claims`, params, signal);
  }

  listTopics(signal?: AbortSignal) {
    return this.getPage<TopicSummary>("/topics", {}, signal).then((page) => page.items);
  }

  listTopicClaims(topic: string, params: Omit<ClaimFilters, "topic">, signal?: AbortSignal) {
    return this.getPage<StoredClaim>(`/topics/${encodeURIComponent(topic)}/claims`, params, signal);
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

  private async getPage<T>(path: string, params: Params, signal?: AbortSignal): Promise<Page<T>> {
    return asPage<T>(await this.get<unknown>(path, params, signal));
  }

  private async get<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
    const qs = search.toString();
    const url = `${this.base}${path}${qs ? `?${qs}` : ""}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { signal, headers: { accept: "application/json" } });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(`Cannot reach the API at ${this.base}. Is the stack running?`, 0, "network");
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const apiBody = isRecord(body) ? body : {};
      const message = typeof apiBody.message === "string" ? apiBody.message : `The API answered ${response.status}.`;
      const code = typeof apiBody.error === "string" ? apiBody.error : `http-${response.status}`;
      throw new ApiError(message, response.status, code);
    }
    if (body === undefined) throw new ApiError("The API answered with something other than JSON.", response.status, "bad-response");
    return body as T;
  }
}

export type ClaimFilters = {
  topic?: string;
  from?: string;
  to?: string;
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
  return { items: body.items as T[], nextToken };
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
