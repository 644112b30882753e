/** Typed client for the read API. Every response is checked for the fields the views rely on. */
import type { ArticleRecord, SpeakerSummary, StoredClaim, TopicSummary } from "../../../lambdas/store/types.ts";

export type { ArticleRecord, SpeakerSummary, StoredClaim, TopicSummary };

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface ArticleWithClaims {
  articleKey: string;
  article?: ArticleRecord;
  /** The decoded article text, when the API exposes it; claims' offsets refer to it. */
  text?: string;
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

  listSpeakers(params: { type?: string; q?: string; limit?: number; nextToken?: string }, signal?: AbortSignal) {
    return this.getPage<SpeakerSummary>("/speakers", params, signal);
  }

  getSpeaker(speakerId: string, signal?: AbortSignal) {
    return this.get<SpeakerSummary>(`/speakers/${encodeURIComponent(speakerId)}`, {}, signal);
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
    const body = await this.get<Record<string, unknown>>(`/articles/${encodeURIComponent(articleKey)}/claims`, {}, signal);
    return asArticle(articleKey, body);
  }

  getClaim(claimId: string, signal?: AbortSignal) {
    return this.get<StoredClaim>(`/claims/${encodeURIComponent(claimId)}`, {}, signal);
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

/** Accepts the article endpoint's shape: the claims as `items` (or `claims`), the record as `article`. */
export function asArticle(articleKey: string, body: unknown): ArticleWithClaims {
  if (!isRecord(body)) throw new ApiError("The API answered without an article.", 200, "bad-response");
  const claims = Array.isArray(body.items) ? body.items : Array.isArray(body.claims) ? body.claims : undefined;
  if (!claims) throw new ApiError("The API answered without the article's claims.", 200, "bad-response");
  const article = isRecord(body.article) ? (body.article as unknown as ArticleRecord & { text?: unknown }) : undefined;
  const text = typeof body.text === "string" ? body.text : typeof article?.text === "string" ? article.text : undefined;
  return { articleKey, article, text, claims: claims as StoredClaim[] };
}
