/**
 * Deep links into the dashboard. Its views live in the URL's fragment (`/#/speakers/ID`), so a path
 * URL typed into the address bar (`/speakers/ID`) reaches the host, which has no such file: it used
 * to answer with index.html, whose relative asset and config.json URLs then resolved under
 * `/speakers/` and the page never got past "Loading". A path under one of the dashboard's views is
 * redirected (302) to its hash route instead, query string included:
 *
 *   /speakers/ellen-park?topic=sport   →  /#/speakers/ellen-park?topic=sport
 *   /articles/news/2024/a.txt          →  /#/articles/news%2F2024%2Fa.txt   (the key as one segment)
 *
 * Two implementations of the one rule: `deepLinkTarget` for the local server, and the CloudFront
 * Function's source for AWS (CloudFront Functions run their own JavaScript runtime, so the code is
 * shipped as text). test/unit/dashboard-deep-links.test.ts runs both over the same cases.
 */

/** The dashboard's views (dashboard/src/lib/routes.ts): a path under one of these is a deep link. */
export const DASHBOARD_VIEWS = ["speakers", "topics", "articles", "claims", "changes"] as const;

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Where a request for `rawPath` (still percent-encoded) should go, or undefined when it is not a deep link. */
export function deepLinkTarget(rawPath: string, rawQuery = ""): string | undefined {
  const [view, ...rest] = rawPath.split("/").filter((s) => s !== "");
  if (view === undefined || !(DASHBOARD_VIEWS as readonly string[]).includes(view)) return undefined;
  // An article key holds "/": typed with its slashes, it is joined back into one encoded segment.
  const tail = view === "articles" && rest.length > 1 ? encodeURIComponent(rest.map(safeDecode).join("/")) : rest.join("/");
  return `/#/${view}${tail ? `/${tail}` : ""}${rawQuery ? `?${rawQuery}` : ""}`;
}

/**
 * The same rule as a CloudFront Function (runtime cloudfront-js-2.0) on viewer requests. Query values
 * are decoded and encoded again, so the hash gets one canonical encoding whether CloudFront hands them
 * over encoded or not.
 */
export const DEEP_LINK_FUNCTION_CODE = `var VIEWS = ${JSON.stringify(DASHBOARD_VIEWS)};
function decode(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}
function queryString(qs) {
  var parts = [];
  Object.keys(qs).forEach(function (name) {
    var entry = qs[name];
    var values = entry.multiValue && entry.multiValue.length ? entry.multiValue : [entry];
    values.forEach(function (v) {
      parts.push(encodeURIComponent(decode(name)) + "=" + encodeURIComponent(decode(v.value)));
    });
  });
  return parts.join("&");
}
function handler(event) {
  var request = event.request;
  var segments = request.uri.split("/").filter(function (s) { return s !== ""; });
  var view = segments[0];
  if (view === undefined || VIEWS.indexOf(view) < 0) return request;
  var rest = segments.slice(1);
  var tail = view === "articles" && rest.length > 1 ? encodeURIComponent(rest.map(decode).join("/")) : rest.join("/");
  var query = queryString(request.querystring || {});
  var location = "/#/" + view + (tail ? "/" + tail : "") + (query ? "?" + query : "");
  return {
    statusCode: 302,
    statusDescription: "Found",
    headers: { location: { value: location }, "cache-control": { value: "no-cache" } },
  };
}
`;
