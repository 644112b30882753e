import { describe, expect, it } from "vitest";
import { align, type GoldArticle, type PredictedClaim } from "../../lambdas/eval/score.ts";
import { classifyErrors, goldSpan, nonClaimReason, quoteIntro } from "../../lambdas/eval/errors.ts";

describe("nonClaimReason", () => {
  it.each([
    ["the allegations", "noun-phrase"],
    ["a rise in full-year revenues", "noun-phrase"],
    ["an adapter for its console so it can play music", "noun-phrase"],
    ["Tory plans for annual limits on numbers", "noun-phrase"],
    ["the allegations on Monday and unveiled a plan for cheaper childcare", "noun-phrase"],
    ["prices rose and wages fell", undefined],
    ["to present his conclusions at an IMF meeting", "intention"],
    ["plans to write off the debts", "intention"],
    ["was discovered only a few days earlier", "action"],
    ["but contacted the anti-doping agency", "action"],
    ["showing a surprise rise in unemployment", "action"],
    ["the plan would fail", undefined],
    ["the results were respectable", undefined],
    ["Sales fell 5%", undefined],
    ["the economy grew faster than expected", undefined],
    ["it could not comment", undefined],
    ["British business brought greater maturity to its use of computers", undefined],
    ["the company's shares dropped sharply", undefined],
  ])("%j → %s", (content, reason) => {
    expect(nonClaimReason(content)).toBe(reason);
  });
  it("calls speech negated when the text before the cue negates it", () => {
    expect(nonClaimReason("how much it had paid", "The club did not ")).toBe("negated");
    expect(nonClaimReason("how many", "Officials wouldn't ")).toBe("negated");
    expect(nonClaimReason("the plan would fail", "The club ")).toBeUndefined();
  });
});

describe("quoteIntro", () => {
  const text = 'Anna Berg said: "The bridge will open.\n"We are ready."\n"It will be late," said Tom Hale.';
  const span = (s: string) => goldSpan(text, { content: s })!;
  const quotes = ["The bridge will open.", "We are ready.", "It will be late,"].map(span);
  it("tells colon quotes, quote-only paragraphs and inline quotes apart", () => {
    expect(quoteIntro(text, quotes[0]!, quotes)).toBe("colon");
    expect(quoteIntro(text, quotes[1]!, quotes)).toBe("paragraph");
    expect(quoteIntro(text, quotes[2]!, quotes)).toBe("inline");
  });
});

describe("classifyErrors", () => {
  const text =
    'The mayor spoke on Monday. Anna Berg said: "The bridge will open. It is safe.\n"We are ready."\n' +
    '"It will be late," said Tom Hale, a spokesman. "Costs rose."\nA report by the audit office found that costs had doubled.\nBerg denied the allegations.';
  const gold: GoldArticle[] = [
    {
      id: "t",
      text,
      claims: [
        { speakerEntity: "Anna Berg", speakerType: "person", content: "The bridge will open. It is safe.", kind: "direct" },
        { speakerEntity: "Anna Berg", speakerType: "person", content: "We are ready.", kind: "direct" },
        { speakerEntity: "Tom Hale", speakerType: "person", content: "It will be late,", kind: "direct" },
        { speakerEntity: "Tom Hale", speakerType: "person", content: "Costs rose.", kind: "direct" },
        { speakerEntity: "report by the audit office", speakerType: "anonymous", document: true, content: "costs had doubled", kind: "indirect" },
      ],
    },
  ];
  const at = (content: string) => {
    const s = text.indexOf(content);
    return { contentStart: s, contentEnd: s + content.length };
  };
  // One quote run swallowed by a single prediction: it matches nothing and overlaps three gold quotes.
  const run = 'We are ready."\n"It will be late," said Tom Hale, a spokesman. "Costs rose.';
  const preds: PredictedClaim[] = [
    { source: "t", speaker: "Anna Berg", content: "The bridge will open. It is safe.", kind: "direct", ...at("The bridge will open. It is safe.") },
    { source: "t", speaker: "Tom Hale", content: run, kind: "direct", ...at(run) },
    { source: "t", speaker: "audit office", speakerType: "document", content: "costs had doubled", kind: "indirect", ...at("costs had doubled") },
    { source: "t", speaker: "Anna Berg", content: "the allegations", kind: "indirect", ...at("the allegations") },
    { source: "t", speaker: "Anna Berg", content: "to build a second bridge", kind: "indirect" },
    { source: "t", speaker: "The mayor", content: "was discovered on Monday", kind: "indirect" },
    { source: "t", speaker: "statistics office", speakerType: "document", content: "the town has grown", kind: "indirect" },
    { source: "t", speaker: "The mayor", content: '" The mayor spoke', kind: "mixed" },
  ];
  const e = classifyErrors(align(gold, preds));

  it("puts each gold claim and each spurious prediction in its class", () => {
    expect(e.byClass.quotes).toEqual({ gold: 2, found: 0, inexact: 0, attributed: 0, missed: 0, wrongExtent: 2, wrongSpeaker: 0, spurious: 2 });
    expect(e.byClass["colon-quotes"]).toEqual({ gold: 2, found: 1, inexact: 0, attributed: 1, missed: 0, wrongExtent: 1, wrongSpeaker: 0, spurious: 0 });
    expect(e.byClass["non-claims"].spurious).toBe(3);
    expect(e.nonClaims).toEqual({ negated: 0, "noun-phrase": 1, action: 1, intention: 1 });
    expect(e.byClass.documents).toEqual({ gold: 1, found: 1, inexact: 0, attributed: 1, missed: 0, wrongExtent: 0, wrongSpeaker: 0, spurious: 1 });
    expect(e.byClass.other.gold + e.byClass.other.spurious).toBe(0);
    expect(e.totals).toEqual({ missed: 0, wrongExtent: 3, spurious: 6, wrongSpeaker: 0 });
  });
});
