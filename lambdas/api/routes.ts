import { badRequest } from "./http.ts";

/** Every route of the read API; the OpenAPI document and the dispatcher are both built from this list. */
export const ROUTES = {
  index: { path: "/", query: [] },
  listSpeakers: { path: "/speakers", query: ["type", "q", "scope", "limit", "nextToken"] },
  getSpeaker: { path: "/speakers/{speakerId}", query: [] },
  listSpeakerClaims: { path: "/speakers/{speakerId}/claims", query: ["topic", "from", "to", "minCheckworthiness", "sort", "limit", "nextToken"] },
  listTopics: { path: "/topics", query: [] },
  listTopicClaims: { path: "/topics/{topic}/claims", query: ["from", "to", "minCheckworthiness", "sort", "limit", "nextToken"] },
  getArticle: { path: "/articles/{articleKey}", query: ["textOffset", "textLimit"] },
  listArticleClaims: { path: "/articles/{articleKey}/claims", query: [] },
  listClaimChanges: { path: "/claims", query: ["since", "from", "limit"] },
  getClaim: { path: "/claims/{claimId}", query: [] },
  listRelatedClaims: { path: "/claims/{claimId}/related", query: ["limit", "nextToken"] },
  openapi: { path: "/openapi.json", query: [] },
} as const satisfies Record<string, { path: string; query: readonly string[] }>;

export type RouteName = keyof typeof ROUTES;

/** Routes that also answer `Accept: text/csv` and `application/x-ndjson` (lambdas/api/list-formats.ts). */
export const DOWNLOADABLE_ROUTES: ReadonlySet<RouteName> = new Set(["listSpeakerClaims", "listTopicClaims", "listArticleClaims"]);

export interface RouteMatch {
  name: RouteName;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

/**
 * Matches a path relative to the API base. Segments are matched on the still-encoded path so an
 * encoded "/" inside an id cannot split it; the article key alone may also arrive with its slashes
 * decoded (API Gateway decodes some escapes), so it takes everything between "/articles/" and "/claims"
 * (or the end, for the article itself).
 */
export function matchRoute(path: string): RouteMatch | undefined {
  const segments = path.split("/").slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  const [head, id, tail, ...rest] = segments;
  if (segments.length === 1 && head === "") return { name: "index", params: {} };
  const one = (name: RouteName, key: string, value: string): RouteMatch => ({ name, params: { [key]: decodeSegment(key, value) } });

  if (head === "articles" && segments.length >= 3 && segments[segments.length - 1] === "claims") {
    return one("listArticleClaims", "articleKey", segments.slice(1, -1).join("/"));
  }
  if (head === "articles" && segments.length >= 2 && id !== "") return one("getArticle", "articleKey", segments.slice(1).join("/"));
  if (rest.length > 0) return undefined;
  switch (head) {
    case "speakers":
      if (id === undefined) return { name: "listSpeakers", params: {} };
      if (tail === undefined) return one("getSpeaker", "speakerId", id);
      return tail === "claims" ? one("listSpeakerClaims", "speakerId", id) : undefined;
    case "topics":
      if (id === undefined) return { name: "listTopics", params: {} };
      return tail === "claims" ? one("listTopicClaims", "topic", id) : undefined;
    case "claims":
      if (id === undefined) return { name: "listClaimChanges", params: {} };
      if (tail === undefined) return one("getClaim", "claimId", id);
      return tail === "related" ? one("listRelatedClaims", "claimId", id) : undefined;
    case "openapi.json":
      return id === undefined ? { name: "openapi", params: {} } : undefined;
    default:
      return undefined;
  }
}

function decodeSegment(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw badRequest(`${name}: not a valid percent-encoded path segment`);
  }
}

/**
 * The path relative to the API base. API Gateway puts a named stage in rawPath ("/prod/speakers") but
 * not the `$default` stage; a custom domain mapping or the local server may add a base such as "/api".
 */
export function relativePath(rawPath: string, stage: string | undefined, basePath: string): string {
  let path = rawPath || "/";
  for (const prefix of [stage && stage !== "$default" ? `/${stage}` : "", basePath.replace(/\/+$/, "")]) {
    if (prefix && (path === prefix || path.startsWith(`${prefix}/`))) path = path.slice(prefix.length) || "/";
  }
  return path;
}

/**
 * Matches a path whose prefix is not known here (an API mapping on a custom domain adds one), using
 * the route API Gateway itself matched: with an explicit route key such as
 * "GET /speakers/{speakerId}", leading segments are dropped until the rest is that route.
 */
export function matchRouteKey(path: string, routeKey: string | undefined): RouteMatch | undefined {
  const template = /^[A-Z]+ (\/\S*)$/.exec(routeKey ?? "")?.[1];
  const direct = matchRoute(path);
  if (!template || (direct && ROUTES[direct.name].path === template)) return direct;
  const segments = path.split("/");
  for (let drop = 2; drop < segments.length; drop++) {
    const candidate = matchRoute(`/${segments.slice(drop).join("/")}`);
    if (candidate && ROUTES[candidate.name].path === template) return candidate;
  }
  return direct;
}
