import { describe, expect, it } from "vitest";
import { CHECKWORTHINESS_REASONS } from "../../lambdas/core/checkworthiness/index.ts";
import { checkworthinessAttributes, checkworthinessFields, groupScores, UNSCORED } from "../../lambdas/store/checkworthiness-item.ts";
import { groupItems } from "../../lambdas/store/article-groups.ts";
import { articleScopedId } from "../../lambdas/core/ids.ts";
import { fromClaimItem, toClaimItem } from "../../lambdas/store/claim-item.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";

const claim: StoredClaim = {
  id: "c1", speaker: "Ana Ruiz", speakerId: "ana-ruiz", speakerType: "person", speakerScope: "global", rule: "quote-after", speakerMention: "Ana Ruiz",
  speakerStart: 0, speakerEnd: 8, cue: "said", cueStart: 9, cueEnd: 13, content: "Exports fell 3%", contentStart: 20, contentEnd: 35, kind: "indirect",
  topic: "economy-business-finance", subjects: [], confidence: 0.9, checkworthiness: 0.91, checkworthinessReasons: ["figure", "comparison", "factual-event"],
  articleKey: "a.txt", publishedAt: "2024-01-01T00:00:00.000Z", extractedAt: "2024-01-02T00:00:00.000Z", extractorVersion: "2.0.0",
  context: "Exports fell 3%", contextContentStart: 0, contextContentEnd: 15,
};

describe("checkworthiness on the claim item", () => {
  it("stores the score and one letter per reason, and reads them back", () => {
    const item = toClaimItem(claim, "0001");
    expect(item).toMatchObject({ cw: 0.91, cr: "fce" });
    expect(fromClaimItem(item)).toMatchObject({ checkworthiness: 0.91, checkworthinessReasons: ["figure", "comparison", "factual-event"] });
  });

  it("every reason has its own code and survives the round trip", () => {
    const attrs = checkworthinessAttributes({ checkworthiness: 0.5, checkworthinessReasons: [...CHECKWORTHINESS_REASONS] });
    expect(new Set(attrs.cr as string).size).toBe(CHECKWORTHINESS_REASONS.length);
    expect(checkworthinessFields(attrs).checkworthinessReasons).toEqual([...CHECKWORTHINESS_REASONS]);
  });

  it("a claim stored before scoring has no score and no reasons; unknown codes are skipped", () => {
    const { checkworthiness: _s, checkworthinessReasons: _r, ...unscored } = claim;
    const item = toClaimItem(unscored, "0001");
    expect(item).not.toHaveProperty("cw");
    expect(item).not.toHaveProperty("cr");
    expect(fromClaimItem(item)).not.toHaveProperty("checkworthiness");
    expect(checkworthinessFields({ cw: 0.3, cr: "fZq" })).toEqual({ checkworthiness: 0.3, checkworthinessReasons: ["figure", "question"] });
  });
});

describe("checkworthiness on the article's groups", () => {
  const { checkworthiness: _s, checkworthinessReasons: _r, ...unscored } = claim;
  const claims: StoredClaim[] = [
    { ...claim, id: "c1", checkworthiness: 0.914 },
    { ...unscored, id: "c2", topic: "politics-government" },
    { ...claim, id: "c3", checkworthiness: 0.2 },
    { ...claim, id: "c4", speakerId: articleScopedId("a-spokesman", "a.txt"), speakerScope: "article", checkworthiness: 0.655 },
  ];
  const items = groupItems("a.txt", "0001", claims);
  const at = (pk: string) => items.find((i) => i.PK.startsWith(pk))!;

  it("each group lists its claims' scores in the order of its ids, two decimals, -1 for a claim stored before scoring", () => {
    expect(at("SPK#ana-ruiz#")).toMatchObject({ ids: ["c1", "c2", "c3"], cws: [0.91, UNSCORED, 0.2] });
    expect(at("TOP#economy-business-finance#")).toMatchObject({ ids: ["c1", "c3", "c4"], cws: [0.91, 0.2, 0.66] });
    expect(at("TOP#politics-government#")).toMatchObject({ ids: ["c2"], cws: [UNSCORED] });
    // A speaker known only within the article: its group is its summary, scores included.
    expect(at("SPEAKERS#article#")).toMatchObject({ ids: ["c4"], cws: [0.66] });
  });

  it("reads a group's scores back, one per id; a group written before scoring has none", () => {
    for (const item of items) expect(groupScores(item, (item.ids as string[]).length)).toEqual(item.cws);
    expect(groupScores({ ids: ["a", "b"] }, 2)).toEqual([UNSCORED, UNSCORED]);
    expect(groupScores({ ids: ["a", "b"], cws: [0.5, "x"] }, 2)).toEqual([0.5, UNSCORED]);
  });
});
