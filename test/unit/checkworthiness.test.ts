import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BIAS, CHECKWORTHINESS_REASONS, checkworthinessOf, FEATURES, type CheckworthinessReason } from "../../lambdas/core/checkworthiness/index.ts";
import { extractClaims } from "../../lambdas/core/pipeline.ts";

/** [content, cue, fires?]: each feature is checked on claims that should and should not fire it. */
type Row = [string, string, boolean];

const TABLE: Record<CheckworthinessReason, Row[]> = {
  figure: [
    ["Unemployment is 4.2%", "said", true],
    ["the deal is worth $3.5bn", "said", true],
    ["It will cost £20m", "said", true],
    ["3,000 jobs will go", "said", true],
    ["two million people have signed", "said", true],
    ["half of all voters agree", "said", true],
    ["inflation stood at 7 per cent", "said", true],
    ["the law was passed in 2019", "said", false],
    ["it was the 21st attempt", "said", false],
    ["one of us has to go", "said", false],
    ["the plan is sound", "said", false],
  ],
  comparison: [
    ["crime is lower than it was", "said", true],
    ["prices rose sharply", "said", true],
    ["sales fell in the spring", "said", true],
    ["the figure doubled", "said", true],
    ["compared with last spring, it is better", "said", true],
    ["we chose talks rather than war", "said", false],
    ["nothing other than a full inquiry will do", "said", false],
    ["the plan is sound", "said", false],
  ],
  superlative: [
    ["it is the highest rate on record", "said", true],
    ["Britain's biggest bank is in trouble", "said", true],
    ["the most expensive project", "said", true],
    ["prices hit a record high", "said", true],
    ["this was an unprecedented attack", "said", true],
    ["the best thing we did", "said", true],
    ["in the interest of the public", "said", false],
    ["the protest went ahead", "said", false],
    ["most people agree", "said", false],
    ["it is on record", "said", false],
  ],
  causal: [
    ["the plant closed because demand collapsed", "said", true],
    ["delays were due to the strike", "said", true],
    ["the cuts led to job losses", "said", true],
    ["as a result, fares rose", "said", true],
    ["the flood caused damage", "said", true],
    ["the team was led by Ms Ortiz", "said", false],
    ["thanks for coming", "said", false],
  ],
  prediction: [
    ["prices will rise next year", "said", true],
    ["the bill is expected to pass", "said", true],
    ["the vote is likely to be close", "said", true],
    ["the storm hits on Friday", "predicted", true],
    ["they're going to lose", "said", true],
    ["we will cut taxes", "said", false],
    ["I'll be there", "said", false],
    ["the plant closed", "said", false],
    ["will you stand again?", "asked", false],
  ],
  "factual-event": [
    ["the plant closed last year", "said", true],
    ["troops went into the town", "said", true],
    ["we have not announced any such meetings", "said", true],
    ["it happened two weeks ago", "said", true],
    ["we will cut taxes", "said", false],
    ["I am deeply saddened", "said", false],
    ["we are concerned about the plan", "said", false],
    ["the bill is expected to pass", "said", false],
  ],
  opinion: [
    ["I think the plan is flawed", "said", true],
    ["in my view it is a mistake", "said", true],
    ["he should resign", "said", true],
    ["this is a disgrace", "said", true],
    ["we believe the policy works", "said", true],
    ["the plan was approved on Monday", "said", false],
    ["voters think the plan is flawed", "said", false],
  ],
  feeling: [
    ["I am deeply saddened by the news", "said", true],
    ["we're thrilled with the result", "said", true],
    ["thank you to all our volunteers", "said", true],
    ["our condolences go to the family", "said", true],
    ["voters were angry about the cuts", "said", false],
    ["the plan was approved on Monday", "said", false],
  ],
  question: [
    ["Why would anyone believe that?", "said", true],
    ["whether the plan would work", "asked", true],
    ["the plan will work", "said", false],
  ],
  promise: [
    ["we will cut taxes", "said", true],
    ["I'll be there", "said", true],
    ["I'm going to fix it", "said", true],
    ["we are going to build it", "said", true],
    ["the roads will be fixed", "promised", true],
    ["we pledge to end the waiting lists", "said", true],
    ["prices will rise next year", "said", false],
    ["they're going to lose", "said", false],
  ],
};

describe("checkworthiness features", () => {
  it("has a table for every feature, and every feature is in the table", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...CHECKWORTHINESS_REASONS].sort());
    expect(FEATURES.map((f) => f.id).sort()).toEqual([...CHECKWORTHINESS_REASONS].sort());
  });

  for (const [reason, rows] of Object.entries(TABLE) as [CheckworthinessReason, Row[]][]) {
    describe(reason, () => {
      it.each(rows)("%j (cue %j) fires: %s", (content, cue, fires) => {
        expect(checkworthinessOf(content, cue).checkworthinessReasons.includes(reason)).toBe(fires);
      });
    });
  }

  it("raises the score for raising features and lowers it for lowering ones", () => {
    for (const f of FEATURES) {
      const [content, cue] = TABLE[f.id].find(([, , fires]) => fires)!;
      const { checkworthiness, checkworthinessReasons } = checkworthinessOf(content, cue);
      const logit = BIAS + FEATURES.filter((g) => checkworthinessReasons.includes(g.id)).reduce((s, g) => s + g.weight, 0);
      expect(checkworthiness).toBeCloseTo(1 / (1 + Math.exp(-logit)), 2);
      if (checkworthinessReasons.length === 1) expect(Math.sign(checkworthiness - 1 / (1 + Math.exp(-BIAS)))).toBe(Math.sign(f.weight));
    }
  });

  it("ranks a statistic above a bare statement above an opinion above a question", () => {
    const score = (s: string) => checkworthinessOf(s, "said").checkworthiness;
    const statistic = score("Unemployment rose to 4.2 per cent in 2019, the highest since 1990");
    const bare = score("the economy is strong");
    const opinion = score("this is a disgrace and he should resign");
    const question = score("why would anyone believe that?");
    expect(statistic).toBeGreaterThan(0.9);
    expect(bare).toBeCloseTo(1 / (1 + Math.exp(-BIAS)), 2);
    expect(statistic).toBeGreaterThan(bare);
    expect(bare).toBeGreaterThan(opinion);
    expect(opinion).toBeGreaterThan(question);
  });

  it("lists raising reasons before lowering ones, each by weight", () => {
    const r = checkworthinessOf("I think prices rose 5% because of the war?", "said").checkworthinessReasons;
    expect(r).toEqual(["figure", "comparison", "causal", "factual-event", "question", "opinion"]);
  });

  it("gives any text a score in [0, 1] with two decimals and known, distinct reasons", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 20 }), (content, cue) => {
        const r = checkworthinessOf(content, cue);
        expect(r.checkworthiness).toBeGreaterThanOrEqual(0);
        expect(r.checkworthiness).toBeLessThanOrEqual(1);
        expect(Math.round(r.checkworthiness * 100) / 100).toBe(r.checkworthiness);
        expect(new Set(r.checkworthinessReasons).size).toBe(r.checkworthinessReasons.length);
        for (const id of r.checkworthinessReasons) expect(CHECKWORTHINESS_REASONS).toContain(id);
      }),
    );
  });
});

describe("the pipeline", () => {
  it("scores every claim from its content and cue", () => {
    const text =
      'Unemployment rose to 4.2 per cent last year, the highest since 1990, Finance Minister Ana Ruiz said on Monday. ' +
      '"Why would anyone believe that?" asked opposition leader Tom Hale.';
    const claims = extractClaims(text, { articleKey: "cw.txt" });
    expect(claims.length).toBeGreaterThanOrEqual(2);
    for (const c of claims) expect(c).toMatchObject(checkworthinessOf(c.content, c.cue));
    const figure = claims.find((c) => c.content.startsWith("Unemployment"))!;
    const question = claims.find((c) => c.content.includes("Why"))!;
    expect(figure.checkworthinessReasons).toContain("figure");
    expect(question.checkworthinessReasons).toContain("question");
    expect(figure.checkworthiness!).toBeGreaterThan(question.checkworthiness!);
  });
});
