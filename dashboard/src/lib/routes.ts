/**
 * Hash routes: every view and its filters live in `location.hash`, so a URL reproduces the view on
 * reload or when shared, and static hosting (S3/CloudFront, the local server) needs no rewrite rules.
 */
export type Query = Readonly<Record<string, string>>;

export type Route =
  | { view: "speakers"; query: Query }
  | { view: "speaker"; speakerId: string; query: Query }
  | { view: "topics"; query: Query }
  | { view: "topic"; topic: string; query: Query }
  | { view: "article"; articleKey: string; query: Query }
  | { view: "claim"; claimId: string; query: Query }
  | { view: "related"; claimId: string; query: Query }
  | { view: "changes"; hours: ChangeWindow; query: Query }
  | { view: "not-found"; path: string; query: Query };

/** The windows the "What's new" page offers, in hours: the last hour, day and week. */
export const CHANGE_WINDOWS = [1, 24, 168] as const;
export type ChangeWindow = (typeof CHANGE_WINDOWS)[number];
export const DEFAULT_CHANGE_WINDOW: ChangeWindow = 24;

/** The `hours` filter of `#/changes`; anything but an offered window is the default. */
export function changeWindow(value: string | undefined): ChangeWindow {
  return CHANGE_WINDOWS.find((h) => String(h) === value) ?? DEFAULT_CHANGE_WINDOW;
}

export function parseHash(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  const qIndex = raw.indexOf("?");
  const path = qIndex >= 0 ? raw.slice(0, qIndex) : raw;
  const query = parseQuery(qIndex >= 0 ? raw.slice(qIndex + 1) : "");
  const parts = path.split("/").filter(Boolean);
  const segments: string[] = [];
  for (const part of parts) {
    const decoded = safeDecode(part);
    if (decoded === undefined) return { view: "not-found", path, query };
    segments.push(decoded);
  }
  const [first, second, ...rest] = segments;
  if (first === "claims" && second && rest.length === 1 && rest[0] === "related") return { view: "related", claimId: second, query };
  if (rest.length === 0) {
    if (first === undefined || (first === "speakers" && second === undefined)) return { view: "speakers", query };
    if (first === "speakers" && second) return { view: "speaker", speakerId: second, query };
    if (first === "topics" && second === undefined) return { view: "topics", query };
    if (first === "changes" && second === undefined) return { view: "changes", hours: changeWindow(query.hours), query };
    if (first === "topics" && second) return { view: "topic", topic: second, query };
    if (first === "articles" && second) return { view: "article", articleKey: second, query };
    if (first === "claims" && second) return { view: "claim", claimId: second, query };
  }
  return { view: "not-found", path, query };
}

function parseQuery(search: string): Query {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) if (v !== "") out[k] = v;
  return out;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

type QueryInput = Readonly<Record<string, string | undefined>>;

function withQuery(path: string, query: QueryInput = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ""}`;
}

const seg = encodeURIComponent;

/** Builders for every in-app link; ids and article keys (which contain `/`) are encoded as one segment. */
export const href = {
  speakers: (query?: QueryInput) => withQuery("/speakers", query),
  speaker: (speakerId: string, query?: QueryInput) => withQuery(`/speakers/${seg(speakerId)}`, query),
  topics: () => withQuery("/topics"),
  topic: (topic: string, query?: QueryInput) => withQuery(`/topics/${seg(topic)}`, query),
  article: (articleKey: string, query?: QueryInput) => withQuery(`/articles/${seg(articleKey)}`, query),
  claim: (claimId: string) => withQuery(`/claims/${seg(claimId)}`),
  /** The claim's group: every report of the statement, side by side. */
  related: (claimId: string) => withQuery(`/claims/${seg(claimId)}/related`),
  /** What changed in the last `hours` (the default window leaves the URL bare). */
  changes: (hours: ChangeWindow = DEFAULT_CHANGE_WINDOW) => withQuery("/changes", { hours: hours === DEFAULT_CHANGE_WINDOW ? undefined : String(hours) }),
};

/** The same route with some filters changed (undefined or "" removes a filter). */
export function withFilters(route: Route, changes: QueryInput): string {
  const query: Record<string, string | undefined> = { ...route.query, ...changes };
  switch (route.view) {
    case "speakers":
      return href.speakers(query);
    case "speaker":
      return href.speaker(route.speakerId, query);
    case "topics":
      return withQuery("/topics", query);
    case "topic":
      return href.topic(route.topic, query);
    case "article":
      return href.article(route.articleKey, query);
    case "claim":
      return withQuery(`/claims/${seg(route.claimId)}`, query);
    case "related":
      return withQuery(`/claims/${seg(route.claimId)}/related`, query);
    case "changes":
      return withQuery("/changes", query);
    case "not-found":
      return withQuery(route.path, query);
  }
}

/** Views differ by path; a change of filters only is not a new page (focus and scroll stay put). */
export function pageKey(route: Route): string {
  switch (route.view) {
    case "speaker":
      return `speaker:${route.speakerId}`;
    case "topic":
      return `topic:${route.topic}`;
    case "article":
      return `article:${route.articleKey}`;
    case "claim":
      return `claim:${route.claimId}`;
    case "related":
      return `related:${route.claimId}`;
    case "not-found":
      return `not-found:${route.path}`;
    default:
      return route.view;
  }
}
