import { describe, expect, it } from "vitest";
import { countClaims, diffCounts } from "../../lambdas/store/article-counts.ts";
import { speakerChangeOp, tidySpeaker, toSpeakerSummary, MAX_ALIASES } from "../../lambdas/store/speaker-summary.ts";
import { speakerListSortKey } from "../../lambdas/store/keys.ts";
import { claimsFor } from "../support/claims.ts";

describe("article counts", () => {
  const a = claimsFor("k", [
    { content: "One thing", speaker: "Jane Doe" },
    { content: "Two things", speaker: "Jane Doe", topic: "sport" },
    { content: "Three things", speaker: "John Roe" },
  ]).claims;
  const b = claimsFor("k", [{ content: "Two things", speaker: "Jane Doe", topic: "sport" }, { content: "Four", speaker: "Ann Poe", mention: "Ms Poe" }]).claims;

  it("diffs two versions per speaker and topic, leaving out what did not change", () => {
    const d = diffCounts(countClaims(a), countClaims(b), b);
    expect(d.topics).toEqual({ "politics-government": -1 });
    const bySpeaker = Object.fromEntries(d.speakers.map((s) => [s.speakerId, s]));
    expect(bySpeaker["jane-doe"]).toMatchObject({ claimDelta: -1, topicDeltas: { "politics-government": -1 } });
    expect(bySpeaker["john-roe"]).toMatchObject({ claimDelta: -1, topicDeltas: { "politics-government": -1 } });
    expect(bySpeaker["john-roe"]?.speaker).toBeUndefined();
    expect(bySpeaker["ann-poe"]).toMatchObject({ claimDelta: 1, speaker: "Ann Poe", aliases: ["Ms Poe"] });
    expect(diffCounts(countClaims(b), countClaims(b), b)).toEqual({ speakers: [], topics: {} });
  });
});

describe("speaker summary updates", () => {
  const change = { speakerId: "jane-doe", claimDelta: 2, topicDeltas: { sport: 2 }, speaker: "Jane Doe", speakerType: "person" as const, aliases: ["Ms Doe"], latestClaimAt: "2024-05-02T00:00:00.000Z" };

  it("adds the differences and places a speaker by the count it expects", () => {
    const op = speakerChangeOp("t", change, { PK: "SPEAKER#jane-doe", SK: "PROFILE", claimCount: 3, speaker: "Jane Doe" }).Update;
    expect(op.UpdateExpression).toMatch(/ADD #n :dn, #rev :one, #t0 :t0, #al :al/);
    expect(op.ExpressionAttributeValues[":gsk"]).toBe(speakerListSortKey(5, "jane-doe"));
    expect(op.ExpressionAttributeValues[":search"]).toBe("jane doe\nms doe");
    // Values never enter the expression text.
    expect(op.UpdateExpression).not.toContain("jane");
  });

  it("takes a speaker whose count reaches zero out of the listing", () => {
    const op = speakerChangeOp("t", { speakerId: "x", claimDelta: -3, topicDeltas: { sport: -3 }, aliases: [] }, { PK: "SPEAKER#x", SK: "PROFILE", claimCount: 3 }).Update;
    expect(op.UpdateExpression).toMatch(/REMOVE #gpk, #gsk$/);
  });

  it("tidies: re-sorts a stale position, trims aliases, drops zero topics, deletes at zero", () => {
    const base = { PK: "SPEAKER#jane-doe", SK: "PROFILE", speakerId: "jane-doe", speaker: "Jane Doe", claimCount: 7, GSI3PK: "SPEAKERS#0", search: "jane doe" };
    const aliases = new Set(Array.from({ length: MAX_ALIASES + 3 }, (_, i) => `Alias ${String(i).padStart(2, "0")}`));
    const action = tidySpeaker({ ...base, GSI3SK: speakerListSortKey(6, "jane-doe"), t_sport: 0, t_health: 7, aliases });
    expect(action?.kind).toBe("update");
    if (action?.kind !== "update") return;
    expect(action.set.GSI3SK).toBe(speakerListSortKey(7, "jane-doe"));
    expect((action.set.aliases as Set<string>).size).toBe(MAX_ALIASES);
    expect(action.remove).toContain("t_sport");
    expect(tidySpeaker({ ...base, claimCount: 0 })).toEqual({ kind: "delete" });
  });

  it("leaves a summary that is already in order alone", () => {
    const item = { PK: "SPEAKER#a", SK: "PROFILE", speakerId: "a", speaker: "A", claimCount: 2, GSI3PK: "", GSI3SK: speakerListSortKey(2, "a"), search: "a" };
    const fixed = tidySpeaker(item);
    const settled = { ...item, ...(fixed?.kind === "update" ? fixed.set : {}) };
    expect(tidySpeaker(settled)).toBeUndefined();
  });

  it("reads topics, aliases, roles and affiliations back into the API shape", () => {
    const item = { speakerId: "a", speaker: "A", speakerType: "person", claimCount: 3, t_sport: 2, t_health: 1, t_weather: 0, aliases: new Set(["Mr A", "A"]), roles: new Set(["MP", "Minister"]) };
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

  it("adds roles and affiliations to their sets and trims them when they grow past the bound", () => {
    const op = speakerChangeOp("t", { speakerId: "a", claimDelta: 1, topicDeltas: {}, aliases: [], roles: ["MP"], affiliations: ["Labour"] }, undefined);
    expect(op.Update.UpdateExpression).toContain("#as0 :as0");
    expect(op.Update.ExpressionAttributeValues[":as0"]).toEqual(new Set(["MP"]));
    expect(op.Update.ExpressionAttributeValues[":as1"]).toEqual(new Set(["Labour"]));
    const many = new Set(Array.from({ length: 11 }, (_, i) => `role ${i}`));
    const action = tidySpeaker({ PK: "SPEAKER#a", SK: "PROFILE", speakerId: "a", speaker: "A", claimCount: 1, roles: many });
    expect(action?.kind === "update" && (action.set.roles as Set<string>).size).toBe(8);
  });
});
