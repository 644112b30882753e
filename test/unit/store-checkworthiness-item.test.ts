import { describe, expect, it } from "vitest";
import { CHECKWORTHINESS_REASONS } from "../../lambdas/core/checkworthiness/index.ts";
import { checkworthinessAttributes, checkworthinessFields } from "../../lambdas/store/checkworthiness-item.ts";
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
