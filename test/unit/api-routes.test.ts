import { describe, expect, it } from "vitest";
import { HttpError } from "../../lambdas/api/http.ts";
import { matchRoute, matchRouteKey, relativePath } from "../../lambdas/api/routes.ts";

describe("matchRoute", () => {
  it.each([
    ["/speakers", "listSpeakers", {}],
    ["/speakers/", "listSpeakers", {}],
    ["/speakers/dmitry-peskov", "getSpeaker", { speakerId: "dmitry-peskov" }],
    ["/speakers/dmitry-peskov/claims", "listSpeakerClaims", { speakerId: "dmitry-peskov" }],
    ["/topics", "listTopics", {}],
    ["/topics/sport/claims", "listTopicClaims", { topic: "sport" }],
    ["/claims/abc_-1", "getClaim", { claimId: "abc_-1" }],
    ["/claims/abc_-1/related", "listRelatedClaims", { claimId: "abc_-1" }],
    ["/openapi.json", "openapi", {}],
    ["/", "index", {}],
    ["/articles/news%2F2024%2Fa%20b%2Bc.txt/claims", "listArticleClaims", { articleKey: "news/2024/a b+c.txt" }],
    // API Gateway may hand over the key with its slashes already decoded.
    ["/articles/news/2024/a.txt/claims", "listArticleClaims", { articleKey: "news/2024/a.txt" }],
    ["/articles/x%2Fclaims/claims", "listArticleClaims", { articleKey: "x/claims" }],
    ["/articles/news%2F2024%2Fa%20b%2Bc.txt", "getArticle", { articleKey: "news/2024/a b+c.txt" }],
    ["/articles/news/2024/a.txt", "getArticle", { articleKey: "news/2024/a.txt" }],
    ["/articles/news%2Fa.txt/", "getArticle", { articleKey: "news/a.txt" }],
    // A key named "claims" is an article like any other; only a trailing "/claims" lists claims.
    ["/articles/claims", "getArticle", { articleKey: "claims" }],
    ["/claims", "listClaimChanges", {}],
    ["/claims/", "listClaimChanges", {}],
    ["/articles/x%2Fclaims", "getArticle", { articleKey: "x/claims" }],
  ])("%s -> %s", (path, name, params) => {
    expect(matchRoute(path)).toEqual({ name, params });
  });

  it.each(["", "/x", "/speaker", "/speakers/a/b", "/speakers/a/claims/x", "/topics/sport", "/claims/a/b", "/claims/a/related/b", "/openapi.json/x", "/api/speakers"])("%j matches nothing", (path) => {
    expect(matchRoute(path)).toBeUndefined();
  });

  it("an encoded slash does not split a speaker id", () => {
    expect(matchRoute("/speakers/a%2Fb")).toEqual({ name: "getSpeaker", params: { speakerId: "a/b" } });
  });

  it("a malformed escape is a 400 naming the parameter", () => {
    expect(() => matchRoute("/claims/%E0%A4%A")).toThrow(HttpError);
    expect(() => matchRoute("/claims/%zz")).toThrow(/claimId: not a valid percent-encoded/);
  });
});

describe("relativePath", () => {
  it.each([
    ["/speakers", "$default", "", "/speakers"],
    ["/prod/speakers", "prod", "", "/speakers"],
    ["/api/speakers", "$default", "/api", "/speakers"],
    ["/api", "$default", "/api", "/"],
    ["/prod/api/speakers", "prod", "/api/", "/speakers"],
    ["/apix/speakers", "$default", "/api", "/apix/speakers"],
    ["/speakers", undefined, "", "/speakers"],
  ])("%s (stage %s, base %j) -> %s", (raw, stage, base, rel) => {
    expect(relativePath(raw, stage, base)).toBe(rel);
  });
});

describe("matchRouteKey", () => {
  it("uses API Gateway's route key to find the route under an unknown prefix", () => {
    expect(matchRouteKey("/v1/speakers/jane-doe", "GET /speakers/{speakerId}")).toEqual({ name: "getSpeaker", params: { speakerId: "jane-doe" } });
    expect(matchRouteKey("/claims-api/v1/articles/a%2Fb/claims", "GET /articles/{articleKey}/claims")).toEqual({ name: "listArticleClaims", params: { articleKey: "a/b" } });
    // A path that already is the route needs no stripping, even if a prefix would also fit.
    expect(matchRouteKey("/speakers/topics", "GET /speakers/{speakerId}")).toEqual({ name: "getSpeaker", params: { speakerId: "topics" } });
  });

  it("changes nothing for the $default route or a proxy route", () => {
    expect(matchRouteKey("/v1/speakers", "$default")).toBeUndefined();
    expect(matchRouteKey("/v1/speakers", "ANY /{proxy+}")).toBeUndefined();
    expect(matchRouteKey("/speakers", undefined)).toEqual({ name: "listSpeakers", params: {} });
  });
});
