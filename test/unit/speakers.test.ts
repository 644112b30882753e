import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractClaims } from "../../lambdas/core/pipeline.ts";
import { score, speakerMatch, tokenF1, type GoldArticle, type PredictedClaim } from "../../lambdas/eval/score.ts";

const speakersOf = (text: string) => extractClaims(text, { articleKey: "s" }).map((c) => ({ speaker: c.speaker, type: c.speakerType, mention: c.speakerMention }));

describe("speaker resolution", () => {
  it.each([
    ["title stripped from a full name", "Foreign Minister Lena Vogt said the talks had failed.", { speaker: "Lena Vogt", type: "person", mention: "Foreign Minister Lena Vogt" }],
    ["abbreviated title", "Sen. Maria Lopez said the bill would pass.", { speaker: "Maria Lopez", type: "person", mention: "Sen. Maria Lopez" }],
    ["parenthesised party after the name", "Rep. Alan Ford (D-Ohio) said the vote was rigged.", { speaker: "Alan Ford", type: "person" }],
    ["a role-first appositive", "The bank's chief economist, Ines Costa, said rates would stay high.", { speaker: "Ines Costa", type: "person" }],
    ["an organization", "Reuters reported that the plant had closed.", { speaker: "Reuters", type: "organization" }],
    ["a country speaking for its government", "Russia said the fishing quota was unfair.", { speaker: "Russia", type: "organization" }],
    ["a group", "Local residents said the road had been closed for weeks.", { type: "group", mention: "Local residents" }],
    ["an anonymous source", "A person familiar with the talks said the deal was close.", { type: "anonymous" }],
    ["an unnamed person with any noun", "One shopkeeper said sales had halved since March.", { type: "anonymous", mention: "One shopkeeper" }],
  ])("%s", (_name, text, expected) => {
    expect(speakersOf(text)[0]).toMatchObject(expected);
  });

  it("maps a surname, a nominal and pronouns back to the person introduced first", () => {
    const text =
      "Fire Chief Robert Lang arrived at noon. Lang said the cause was unknown. " +
      "The chief added that two crews were still on site. He said the road would reopen on Friday.";
    expect(speakersOf(text).map((s) => s.speaker)).toEqual(["Robert Lang", "Robert Lang", "Robert Lang"]);
  });

  it("maps the company to the organization named before it", () => {
    const text = "Northwind Energy Corp. posted a loss on Monday. The company said demand had collapsed.";
    expect(speakersOf(text)[0]).toMatchObject({ speaker: "Northwind Energy Corp", type: "organization", mention: "The company" });
  });

  it("keeps two people apart by gender and recency", () => {
    const text = "Karl Brandt met Maria Lopez on Tuesday. She said the meeting was useful. He said nothing had been agreed.";
    expect(speakersOf(text).map((s) => s.speaker)).toEqual(["Maria Lopez", "Karl Brandt"]);
  });

  it("collapses a garbled repeated name", () => {
    const text = "spokesman Erik Lund spoke first . Lund Lund said the talks would continue .";
    expect(speakersOf(text)[0]).toMatchObject({ speaker: "Erik Lund" });
  });

  it("gives a stable slug id", () => {
    const [c] = extractClaims("“We are ready,” said Zoë Ärnlund.", { articleKey: "s" });
    expect(c).toMatchObject({ speaker: "Zoë Ärnlund", speakerId: "zoe-arnlund" });
  });
});

describe("scorer", () => {
  it("matches contents by token F1 and speakers by name", () => {
    expect(tokenF1("the bridge will reopen", "The bridge will reopen in May")).toBeGreaterThan(0.7);
    expect(tokenF1("completely different words", "the bridge will reopen")).toBe(0);
    expect(speakerMatch("Dmitry Peskov", "spokesman Dmitry Peskov")).toEqual({ strict: true, lenient: true });
    expect(speakerMatch("Peskov", "Dmitry Peskov")).toEqual({ strict: false, lenient: true });
  });

  it("counts a prediction at most once", () => {
    const gold: GoldArticle[] = [{ id: "a", text: "", claims: [{ content: "the bridge will reopen", speakerEntity: "Lena Vogt" }, { content: "the bridge will reopen soon", speakerEntity: "Lena Vogt" }] }];
    const preds: PredictedClaim[] = [{ source: "dir/a.txt", speaker: "Lena Vogt", content: "the bridge will reopen" }];
    const r = score(gold, preds);
    expect(r.claim).toEqual({ p: 1, r: 0.5, f1: 0.667 });
    expect(r.attributedStrict.f1).toBe(0.667);
  });
});

describe("hand-annotated news paragraphs (test/fixtures/news-paragraphs.jsonl)", () => {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/news-paragraphs.jsonl");
  const gold = readFileSync(fixture, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldArticle);
  const preds = gold.flatMap((a) => extractClaims(a.text, { articleKey: a.id }).map((c) => ({ source: a.id, ...c })));
  const report = score(gold, preds);

  it("finds the claims with their canonical speakers", () => {
    expect(report.goldClaims).toBeGreaterThan(30);
    expect(report.claim.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.attributedStrict.f1).toBeGreaterThanOrEqual(0.9);
  });
});
