import { describe, expect, it } from "vitest";
import { distinctAliases, rankSpeakers, topicLeaders, topTopics } from "../../dashboard/src/lib/leaders.ts";
import { quoteBody } from "../../dashboard/src/lib/quotes.ts";
import { safeExternalUrl } from "../../dashboard/src/lib/safe-url.ts";
import { topicLabel } from "../../dashboard/src/lib/topics.ts";

const speakers: { speakerId: string; speaker: string; claimCount: number; topics: Record<string, number> }[] = [
  { speakerId: "a", speaker: "Alice", claimCount: 10, topics: { health: 2, sport: 8 } },
  { speakerId: "b", speaker: "Bob", claimCount: 5, topics: { health: 5 } },
  { speakerId: "c", speaker: "Carol", claimCount: 5, topics: { health: 2, weather: 3 } },
  { speakerId: "d", speaker: "Dan", claimCount: 1, topics: { sport: 0, weather: 1 } },
];

describe("most-cited speakers per topic", () => {
  it("ranks each topic's speakers by their claims on it, ties by name, at most n", () => {
    const leaders = topicLeaders(speakers, 2);
    expect(leaders.get("health")).toEqual([
      { speakerId: "b", speaker: "Bob", count: 5 },
      { speakerId: "a", speaker: "Alice", count: 2 },
    ]);
    expect(leaders.get("sport")).toEqual([{ speakerId: "a", speaker: "Alice", count: 8 }]);
    expect(leaders.get("weather")?.map((l) => l.speakerId)).toEqual(["c", "d"]);
  });

  it("lists a speaker's topics most frequent first, without zero counts", () => {
    expect(topTopics(speakers[0]!.topics, 5)).toEqual([["sport", 8], ["health", 2]]);
    expect(topTopics(speakers[3]!.topics, 5)).toEqual([["weather", 1]]);
  });

  it("ranks speakers by total claims, or by claims on the filtered topic", () => {
    expect(rankSpeakers(speakers, "").map((s) => s.speakerId)).toEqual(["a", "b", "c", "d"]);
    expect(rankSpeakers(speakers, "health").map((s) => s.speakerId)).toEqual(["b", "a", "c"]);
    expect(rankSpeakers(speakers, "sport").map((s) => s.speakerId)).toEqual(["a"]);
  });
});

describe("display helpers", () => {
  it("labels the IPTC top-level topics and humanises unknown ones", () => {
    expect(topicLabel("politics-government")).toBe("Politics & government");
    expect(topicLabel("space-exploration")).toBe("Space exploration");
  });

  it.each([
    ["https://example.com/a?b=1", "https://example.com/a?b=1"],
    ["http://example.com", "http://example.com/"],
    ["javascript:alert(1)", undefined],
    ["JaVaScRiPt:alert(1)", undefined],
    ["data:text/html,<script>alert(1)</script>", undefined],
    ["//evil.example", undefined],
    ["not a url", undefined],
    [undefined, undefined],
  ])("links %s only when it is http(s)", (url, expected) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });
});

describe("quoteBody", () => {
  it.each([
    ['"We have not announced any such meetings,"', "We have not announced any such meetings,", true],
    ["\u201CWe will win\u201D", "We will win", true],
    ["\u00ABNon\u00BB", "Non", true],
    ['"a" and "b"', '"a" and "b"', false],
    ['"dangling quote', '"dangling quote', false],
    ["no marks at all", "no marks at all", false],
    ['"', '"', false],
    ['"<script>x</script>"', "<script>x</script>", true],
  ])("%s", (content, text, enclosed) => {
    expect(quoteBody(content)).toEqual({ text, enclosed });
  });
});

describe("distinctAliases", () => {
  it("lists other names once each, whatever their case, without the canonical name", () => {
    expect(distinctAliases("Donald Trump", ["Trump", "he", "He", "donald trump", " Trump ", "", "Republican nominee Donald Trump"])).toEqual([
      "Trump",
      "he",
      "Republican nominee Donald Trump",
    ]);
  });
});
