import { describe, expect, it } from "vitest";
import { DASHBOARD_VIEWS, DEEP_LINK_FUNCTION_CODE, deepLinkTarget } from "../../lib/dashboard-deep-links.ts";
import { parseHash, type Route } from "../../dashboard/src/lib/routes.ts";
import { runViewerRequestFunction, type CloudFrontQuery } from "../support/cloudfront-function.ts";

const toQuery = (raw: string): CloudFrontQuery => {
  const out: CloudFrontQuery = {};
  for (const part of raw.split("&").filter(Boolean)) {
    const [name = "", value = ""] = part.split("=");
    const entry = out[name];
    if (entry) entry.multiValue = [...(entry.multiValue ?? [{ value: entry.value }]), { value }];
    else out[name] = { value };
  }
  return out;
};

/** [path, raw query, the dashboard route the redirect must open]. */
const CASES: [string, string, Partial<Route> & { view: Route["view"] }][] = [
  ["/speakers/ellen-park", "", { view: "speaker", speakerId: "ellen-park", query: {} }],
  ["/speakers/ellen-park/", "topic=sport&from=2024-01-01", { view: "speaker", speakerId: "ellen-park", query: { topic: "sport", from: "2024-01-01" } }],
  ["/speakers", "q=park", { view: "speakers", query: { q: "park" } }],
  ["/topics/politics-government", "", { view: "topic", topic: "politics-government", query: {} }],
  ["/topics", "", { view: "topics", query: {} }],
  ["/changes", "hours=1", { view: "changes", hours: 1, query: { hours: "1" } }],
  ["/claims/4ncVQEHHF3VIs46ilv2ze9", "", { view: "claim", claimId: "4ncVQEHHF3VIs46ilv2ze9", query: {} }],
  ["/articles/news%2F2024%2Fcity%20hall.txt", "", { view: "article", articleKey: "news/2024/city hall.txt", query: {} }],
  ["/articles/news/2024/city%20hall.txt", "", { view: "article", articleKey: "news/2024/city hall.txt", query: {} }],
  ["/speakers/x", "q=a%20b%26c", { view: "speaker", speakerId: "x", query: { q: "a b&c" } }],
  ["/speakers/jos%C3%A9-mart%C3%ADnez", "", { view: "speaker", speakerId: "josé-martínez", query: {} }],
];

const NOT_DEEP_LINKS = ["/", "/index.html", "/config.json", "/assets/app-1234.js", "/favicon.ico", "/speakers.json", "/api/speakers", "/constructor/x", "/__proto__"];

describe("dashboard deep links", () => {
  describe.each([
    ["the local server's rule", (path: string, query: string) => deepLinkTarget(path, query)],
    [
      "the CloudFront Function",
      (path: string, query: string) => {
        const result = runViewerRequestFunction(DEEP_LINK_FUNCTION_CODE, path, toQuery(query));
        if (result.statusCode === undefined) return undefined;
        expect(result.statusCode).toBe(302);
        expect(result.headers?.["cache-control"]?.value).toBe("no-cache");
        return result.headers?.location?.value;
      },
    ],
  ] as const)("%s", (_name, target) => {
    it.each(CASES)("%s?%s opens the dashboard's view", (path, query, route) => {
      const location = target(path, query);
      expect(location).toMatch(/^\/#\//);
      expect(parseHash(location!.slice(1))).toEqual(route);
    });

    it.each(NOT_DEEP_LINKS)("%s is left alone", (path) => {
      expect(target(path, "")).toBeUndefined();
    });
  });

  it("covers every view the dashboard routes", () => {
    for (const view of DASHBOARD_VIEWS) expect([`#/${view}`, `#/${view}/x`].some((hash) => parseHash(hash).view !== "not-found")).toBe(true);
  });

  it("the CloudFront Function returns the request itself when it does not redirect", () => {
    const result = runViewerRequestFunction(DEEP_LINK_FUNCTION_CODE, "/assets/app.js");
    expect(result).toMatchObject({ uri: "/assets/app.js", method: "GET" });
  });
});
