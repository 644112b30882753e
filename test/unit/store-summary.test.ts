import { describe, expect, it } from "vitest";
import { countClaims, diffCounts, MAX_ATTRIBUTES, NO_COUNTS } from "../../lambdas/store/article-counts.ts";
import { mergeSpeakerChanges, nextSpeakerSummary, toSpeakerSummary, MAX_ALIASES } from "../../lambdas/store/speaker-summary.ts";
import { speakerKey, speakerListSortKey } from "../../lambdas/store/keys.ts";
import { claimsFor } from "../support/claims.ts";

describe("article counts", () => {
  const a = claimsFor("k", [
    { content: "One thing", speaker: "Jane Doe" },
    { content: "Two things", speaker: "Jane Doe", topic: "sport" },
    { content: "Three things", speaker: "John Roe" },
  ]).claims;
  const b = claimsFor("k", [{ content: "Two things", speaker: "Jane Doe", topic: "sport" }, { content: "Four", speaker: "Ann Poe", mention: "Ms Poe" }]).claims;

  it("diffs two versions per speaker and topic, leaving out what did not change", () => {
    const d = diffCounts(countClaims(a), countClaims(b));
    expect(d.topics).toEqual({ "politics-government": -1 });
    const bySpeaker = Object.fromEntries(d.speakers.map((s) => [s.speakerId, s]));
    expect(bySpeaker["jane-doe"]).toMatchObject({ claimDelta: -1, topicDeltas: { "politics-government": -1 } });
    expect(bySpeaker["john-roe"]).toMatchObject({ claimDelta: -1, topicDeltas: { "politics-government": -1 } });
    expect(bySpeaker["john-roe"]?.speaker).toBeUndefined();
    expect(bySpeaker["ann-poe"]).toMatchObject({ claimDelta: 1, speaker: "Ann Poe", aliases: ["Ms Poe"] });
    expect(diffCounts(countClaims(b), countClaims(b))).toEqual({ speakers: [], topics: {} });
  });

  it("counts a speaker's articles: +1 when it enters a version, -1 when it leaves, nothing while it stays", () => {
    const bySpeaker = Object.fromEntries(diffCounts(countClaims(a), countClaims(b)).speakers.map((s) => [s.speakerId, s.articleDelta]));
    expect(bySpeaker).toEqual({ "jane-doe": undefined, "john-roe": -1, "ann-poe": 1 });
    const created = nextSpeakerSummary(undefined, { speakerId: "ann-poe", claimDelta: 1, articleDelta: 1, topicDeltas: {}, aliases: [] });
    const merged = mergeSpeakerChanges({ speakerId: "ann-poe", claimDelta: 2, articleDelta: 1, topicDeltas: {}, aliases: [] }, { speakerId: "ann-poe", claimDelta: 1, articleDelta: 1, topicDeltas: {}, aliases: [] });
    expect(nextSpeakerSummary(created, merged)).toMatchObject({ claimCount: 4, articleCount: 3 });
    expect(nextSpeakerSummary(created, { speakerId: "ann-poe", claimDelta: -1, articleDelta: -1, topicDeltas: {}, aliases: [] }).articleCount).toBeUndefined();
  });
});

describe("speaker summary updates", () => {
  const change = { speakerId: "jane-doe", claimDelta: 3, topicDeltas: { sport: 3 }, speaker: "Jane Doe", speakerType: "person" as const, aliases: ["Ms Doe"], latestClaimAt: "2024-05-02T00:00:00.000Z" };

  it("moves the counts by the change and places the speaker by its new count", () => {
    const before = { ...speakerKey("jane-doe"), speakerId: "jane-doe", speaker: "Jane Doe", claimCount: 3, tc: { sport: 1, health: 2 }, rev: 4, lastClaimAt: "2024-06-01T00:00:00.000Z" };
    const next = nextSpeakerSummary(before, change);
    expect(next).toMatchObject({ claimCount: 6, tc: { sport: 4, health: 2 }, rev: 5, GSI3SK: speakerListSortKey(6, "jane-doe"), lastClaimAt: "2024-06-01T00:00:00.000Z" });
    expect([...(next.aliases as Set<string>)]).toEqual(["Ms Doe"]);
  });

  it("creates a summary from its first change, and keeps a speaker at zero as a tombstone out of the listing", () => {
    const created = nextSpeakerSummary(undefined, change);
    expect(created).toMatchObject({ ...speakerKey("jane-doe"), speaker: "Jane Doe", speakerType: "person", claimCount: 3, rev: 1, GSI3SK: speakerListSortKey(3, "jane-doe") });
    const gone = nextSpeakerSummary(created, { speakerId: "jane-doe", claimDelta: -3, topicDeltas: { sport: -3 }, aliases: [] });
    expect(gone.claimCount).toBe(0);
    expect(gone).not.toHaveProperty("GSI3PK");
    expect(gone.tc).toEqual({});
  });

  it("ranks (GSI3 keys) only speakers with three claims or more; fewer are listed from the summaries' partition", () => {
    const one = { ...change, claimDelta: 1, topicDeltas: { sport: 1 } };
    const once = nextSpeakerSummary(undefined, one);
    const twice = nextSpeakerSummary(once, one);
    for (const item of [once, twice]) expect(item).not.toHaveProperty("GSI3PK");
    const thrice = nextSpeakerSummary(twice, one);
    expect(thrice).toMatchObject({ claimCount: 3, GSI3PK: speakerKey("jane-doe").PK, GSI3SK: speakerListSortKey(3, "jane-doe") });
    expect(nextSpeakerSummary(thrice, { ...change, claimDelta: -1, topicDeltas: { sport: -1 } })).not.toHaveProperty("GSI3SK");
  });

  it("keeps at most MAX_ALIASES aliases, never the name itself", () => {
    const many = { ...change, aliases: ["Jane Doe", ...Array.from({ length: MAX_ALIASES + 3 }, (_, i) => `Alias ${String(i).padStart(2, "0")}`)] };
    const aliases = [...(nextSpeakerSummary(undefined, many).aliases as Set<string>)];
    expect(aliases).toHaveLength(MAX_ALIASES);
    expect(aliases).not.toContain("Jane Doe");
  });

  it("merges two changes of one speaker as one", () => {
    const other = { speakerId: "jane-doe", claimDelta: -1, topicDeltas: { sport: -3, health: 1 }, aliases: ["Jane"], latestClaimAt: "2024-07-01T00:00:00.000Z" };
    expect(mergeSpeakerChanges(change, other)).toEqual({ ...change, claimDelta: 2, topicDeltas: { health: 1 }, aliases: ["Ms Doe", "Jane"], latestClaimAt: "2024-07-01T00:00:00.000Z" });
  });

  it("reads topics, aliases, roles and affiliations back into the API shape", () => {
    const item = { speakerId: "a", speaker: "A", speakerType: "person", claimCount: 3, tc: { sport: 2, health: 1, weather: 0 }, aliases: new Set(["Mr A", "A"]), roles: new Set(["MP", "Minister"]) };
    expect(toSpeakerSummary(item)).toEqual({
      speakerId: "a",
      speaker: "A",
      speakerType: "person",
      speakerScope: "global",
      claimCount: 3,
      topics: { sport: 2, health: 1 },
      aliases: ["Mr A"],
      roles: ["MP", "Minister"],
      affiliations: [],
    });
    expect(toSpeakerSummary({ ...item, speakerId: "a-spokesman--1a2b3c4d" }).speakerScope).toBe("article");
  });

  it("accumulates roles and affiliations from the article versions, bounded, and in merged changes", () => {
    const [one, two] = claimsFor("k", [
      { content: "One thing", speaker: "Jane Doe" },
      { content: "Two things", speaker: "Jane Doe" },
    ]).claims;
    const counts = countClaims([
      { ...one!, speakerRole: "MP", speakerAffiliation: "Labour" },
      { ...two!, speakerRole: "Minister" },
    ]);
    expect(counts.speakers["jane-doe"]).toMatchObject({ ro: ["MP", "Minister"], af: ["Labour"] });
    const [diff] = diffCounts(NO_COUNTS, counts).speakers;
    expect(diff).toMatchObject({ roles: ["MP", "Minister"], affiliations: ["Labour"] });
    const first = nextSpeakerSummary(undefined, diff!);
    const many = { ...diff!, roles: Array.from({ length: 11 }, (_, i) => `role ${String(i).padStart(2, "0")}`) };
    const next = nextSpeakerSummary(first, many);
    expect((next.roles as Set<string>).size).toBe(MAX_ATTRIBUTES);
    expect(next.affiliations).toEqual(new Set(["Labour"]));
    expect(mergeSpeakerChanges(diff!, { ...change, roles: ["Spokesman"] }).roles).toEqual(["MP", "Minister", "Spokesman"]);
  });

  it("lists article-scoped speakers apart from global ones", () => {
    expect(String(nextSpeakerSummary(undefined, { ...change, speakerId: "a-spokesman--1a2b3c4d" }).GSI3PK)).toMatch(/^SPEAKERS#article#\d+$/);
    expect(String(nextSpeakerSummary(undefined, change).GSI3PK)).toMatch(/^SPEAKERS#\d+$/);
  });
});
