import { describe, expect, it } from "vitest";
import { HttpError } from "../../lambdas/api/http.ts";
import { parseCheckworthinessQuery, parseMinCheckworthiness, parseSort } from "../../lambdas/api/claim-list-query.ts";
import { EXPORT_LIMIT } from "../../lambdas/api/list-formats.ts";
import { parseArticleKey, parseClaimId, parseDate, parseDateRange, parseLimit, parseSearch, parseSlugId, parseSpeakerScope, parseSpeakerType, parseTopic, readQuery } from "../../lambdas/api/query.ts";

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).statusCode).toBe(400);
    return (e as HttpError).message;
  }
  throw new Error("expected a 400");
}

describe("limit", () => {
  it.each([
    [undefined, 20],
    ["1", 1],
    ["100", 100],
    ["007", 7],
  ])("%s -> %i", (raw, n) => expect(parseLimit(raw)).toBe(n));

  it.each(["0", "101", "-1", "1.5", "1e2", "abc", " 5", "99999", "0x10"])("rejects %j", (raw) => {
    expect(badRequestMessage(() => parseLimit(raw))).toMatch(/^limit: must be an integer from 1 to 100/);
  });
});

describe("download limit", () => {
  it("takes larger pages, with its own default and bound", () => {
    expect(parseLimit(undefined, EXPORT_LIMIT)).toBe(EXPORT_LIMIT.default);
    expect(parseLimit(String(EXPORT_LIMIT.max), EXPORT_LIMIT)).toBe(EXPORT_LIMIT.max);
    expect(badRequestMessage(() => parseLimit(String(EXPORT_LIMIT.max + 1), EXPORT_LIMIT))).toMatch(new RegExp(`^limit: must be an integer from 1 to ${EXPORT_LIMIT.max}`));
  });
});

describe("checkworthiness parameters", () => {
  it.each([
    ["0", 0],
    ["0.5", 0.5],
    ["0.65", 0.65],
    ["1", 1],
    ["1.0", 1],
    [".7", 0.7],
  ])("minCheckworthiness %j -> %d", (raw, n) => expect(parseMinCheckworthiness(raw)).toBe(n));

  it.each(["1.01", "2", "-0.1", "0.555", "abc", "NaN", "Infinity", " 0.5", "0,5", "1e-1", "0x1"])("rejects minCheckworthiness %j", (raw) => {
    expect(badRequestMessage(() => parseMinCheckworthiness(raw))).toMatch(/^minCheckworthiness: must be a number from 0 to 1/);
  });

  it("sort is newest or checkworthiness; newest is the default and adds nothing to the query", () => {
    expect(parseSort("checkworthiness")).toBe("checkworthiness");
    expect(badRequestMessage(() => parseSort("score"))).toBe('sort: must be one of newest, checkworthiness, got "score"');
    expect(parseCheckworthinessQuery(new Map([["sort", "newest"]]))).toEqual({});
    expect(parseCheckworthinessQuery(new Map([["sort", "checkworthiness"], ["minCheckworthiness", "0.7"]]))).toEqual({ sort: "checkworthiness", minCheckworthiness: 0.7 });
  });
});

describe("dates", () => {
  it.each([
    ["from", "2024-05-01", "2024-05-01"],
    ["to", "2024-05-01", "2024-05-01T23:59:59.999Z"],
    ["from", "2024-05-01T10:30Z", "2024-05-01T10:30:00.000Z"],
    ["from", "2024-05-01T10:30:15.5+02:00", "2024-05-01T08:30:15.500Z"],
    ["to", "2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"],
  ] as const)("%s=%s -> %s", (name, raw, iso) => expect(parseDate(name, raw)).toBe(iso));

  it.each(["2024-02-30", "2023-02-29", "2024-13-01", "2024-5-1", "yesterday", "2024-05-01T25:00Z", "2024-05-01T10:00", "20240501", "2024-05-01 10:00Z"])("rejects %j", (raw) => {
    expect(badRequestMessage(() => parseDate("from", raw))).toMatch(/^from: must be an ISO date/);
  });

  it("accepts from equal to to and rejects from after to", () => {
    expect(parseDateRange(new Map([["from", "2024-05-01"], ["to", "2024-05-01"]]))).toEqual({ from: "2024-05-01", to: "2024-05-01T23:59:59.999Z" });
    expect(parseDateRange(new Map([["from", "2024-05-01"], ["to", "2024-05-01T00:00Z"]]))).toEqual({ from: "2024-05-01", to: "2024-05-01T00:00:00.000Z" });
    expect(() => parseDateRange(new Map([["from", "2024-05-02"], ["to", "2024-05-01T23:59Z"]]))).toThrow(/from: must not be after to/);
    expect(badRequestMessage(() => parseDateRange(new Map([["from", "2024-05-02"], ["to", "2024-05-01"]])))).toMatch(/^from: must not be after to/);
  });
});

describe("enumerations and free text", () => {
  const topics = ["politics-government", "sport"];
  it("topic must be in the taxonomy", () => {
    expect(parseTopic("topic", "sport", topics)).toBe("sport");
    expect(badRequestMessage(() => parseTopic("topic", "Sport", topics))).toMatch(/unknown topic "Sport" \(one of: politics-government, sport\)/);
  });
  it("type must be a speaker type", () => {
    expect(parseSpeakerType("organization")).toBe("organization");
    expect(badRequestMessage(() => parseSpeakerType("robot"))).toMatch(/^type: must be one of person, organization/);
    expect(parseSpeakerType("document")).toBe("document");
  });
  it("scope must be global, article or all", () => {
    for (const scope of ["global", "article", "all"]) expect(parseSpeakerScope(scope)).toBe(scope);
    expect(badRequestMessage(() => parseSpeakerScope("Global"))).toBe('scope: must be one of global, article, all, got "Global"');
  });
  it("q is bounded and free of control characters", () => {
    expect(parseSearch("  Peskov ")).toBe("Peskov");
    expect(parseSearch("é".repeat(100))).toHaveLength(100);
    expect(badRequestMessage(() => parseSearch("x".repeat(101)))).toMatch(/^q: must be at most 100 characters, got 101/);
    for (const bad of ["a\u0000b", "tab\there", "\u007f", "\u0085", "\ud800"]) expect(badRequestMessage(() => parseSearch(bad))).toMatch(/^q: must not contain control/);
    // The index reads by a word of at least two characters; shorter searches would match most speakers.
    for (const short of ["a", "x y", "-", "é", "he", "the a"]) expect(badRequestMessage(() => parseSearch(short))).toMatch(/^q: must contain a name word of at least 2 letters or digits/);
    expect(parseSearch("j rowling")).toBe("j rowling");
    expect(parseSearch("   ")).toBe("");
  });
  it("ids have a bounded charset", () => {
    expect(parseSlugId("speakerId", "dmitry-peskov")).toBe("dmitry-peskov");
    expect(parseClaimId("aB3_-x")).toBe("aB3_-x");
    for (const bad of ["", "-x", "x-", "Dmitry", "a b", "a/b", "x".repeat(129)]) expect(badRequestMessage(() => parseSlugId("speakerId", bad))).toMatch(/^speakerId:/);
    for (const bad of ["", "a.b", "a b", "x".repeat(65)]) expect(badRequestMessage(() => parseClaimId(bad))).toMatch(/^claimId:/);
  });
  it("article keys are 1-1024 bytes of UTF-8, control characters included, as S3 takes them", () => {
    expect(parseArticleKey("news/a b+c.txt")).toBe("news/a b+c.txt");
    expect(parseArticleKey("é".repeat(512))).toHaveLength(512);
    expect(badRequestMessage(() => parseArticleKey("é".repeat(513)))).toMatch(/^articleKey: must be 1-1024 bytes/);
    for (const key of ["a\tb", "a\nb", "\u0001", "\u007f", "a\u0085b", "\u009f"]) expect(parseArticleKey(key)).toBe(key);
    expect(badRequestMessage(() => parseArticleKey("a\ud800b"))).toMatch(/^articleKey: must be valid UTF-8/);
  });
});

describe("readQuery", () => {
  const allowed = ["topic", "limit"];
  it("reads the raw query string, treating empty values as absent", () => {
    expect([...readQuery("topic=sport&limit=", undefined, allowed)]).toEqual([["topic", "sport"]]);
    expect([...readQuery("topic=a%20b", undefined, allowed)]).toEqual([["topic", "a b"]]);
  });
  it("falls back to queryStringParameters when there is no raw string", () => {
    expect([...readQuery(undefined, { limit: "5" }, allowed)]).toEqual([["limit", "5"]]);
  });
  it("rejects unknown and repeated parameters, naming them", () => {
    expect(badRequestMessage(() => readQuery("tpoic=sport", undefined, allowed))).toBe("tpoic: unknown query parameter (accepted: topic, limit)");
    expect(badRequestMessage(() => readQuery("x=1", undefined, []))).toBe("x: unknown query parameter (this route takes no query parameters)");
    expect(badRequestMessage(() => readQuery("limit=1&limit=2", undefined, allowed))).toBe("limit: given more than once");
  });
});
