import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { extractClaims } from "../../lambdas/core/pipeline.ts";
import { score, type GoldArticle, type PredictedClaim } from "../../lambdas/eval/score.ts";

// A small gold and prediction set covering each of the reference scorer's definitions; every expected
// figure below was worked out by hand from those definitions (see the comments).
const A1 =
  '"We will not raise taxes," Mr Blair said. Labour MP Jean Corston said the bill would pass. A spokesman for the firm said profits would rise. ' +
  "A report by the National Audit Office found that costs had doubled. Gordon Brown said growth was strong. Cherie Blair believes the plan is fair. Analysts said shares would fall.";
const B1 = "He said the vote was rigged. Mr Smith told reporters prices would rise. Sales fell 5%, according to the firm.";

const gold: GoldArticle[] = [
  {
    id: "a1",
    text: A1,
    claims: [
      { speakerEntity: "Tony Blair", speakerType: "person", content: "We will not raise taxes,", kind: "direct" },
      { speakerEntity: "Jean Corston", speakerType: "person", content: "the bill would pass", kind: "indirect" },
      { speakerEntity: "spokesman for the firm", speakerType: "anonymous", content: "profits would rise", kind: "indirect" },
      { speakerEntity: "report by the National Audit Office", speakerType: "anonymous", document: true, content: "costs had doubled", kind: "indirect" },
      { speakerEntity: "Gordon Brown", speakerType: "person", content: "growth was strong", kind: "indirect" },
      { speakerEntity: "Cherie Blair", speakerType: "person", content: "the plan is fair", kind: "indirect", optional: true },
      { speakerEntity: "analysts", speakerType: "group", content: "shares would fall", kind: "indirect" },
    ],
  },
  {
    // Span-only gold, as PolNeAR: judged by speaker span overlap, else by the mention's name.
    id: "b1",
    text: B1,
    claims: [
      { speaker: "He", speakerStart: 0, speakerEnd: 2, content: "the vote was rigged", kind: "indirect" },
      { speaker: "Smith", speakerStart: 32, speakerEnd: 37, content: "prices would rise", kind: "indirect" },
      { speaker: "the firm", speakerStart: 99, speakerEnd: 107, content: "Sales fell 5%", kind: "according-to" },
    ],
  },
];

const preds: PredictedClaim[] = [
  // surname only for a person: strict no (gold "tony" missing), lenient yes (head "blair")
  { source: "news/a1.txt", speaker: "Mr Blair", speakerType: "person", content: "We will not raise taxes,", kind: "direct" },
  { source: "news/a1.txt", speaker: "Jean Corston", speakerType: "person", content: "the bill would pass", kind: "indirect" },
  // anonymous gold is judged by its head noun, "firm" (titles "spokesman", "the" are dropped)
  { source: "news/a1.txt", speaker: "the firm's spokesman", speakerType: "anonymous", content: "profits would rise", kind: "indirect" },
  // document gold (stored as anonymous) by its head noun too: the last token, "office"
  { source: "news/a1.txt", speaker: "National Audit Office", speakerType: "organization", content: "costs had doubled", kind: "indirect" },
  // matches the optional claim: counts neither way, and its speaker is not a wrong listed speaker
  { source: "news/a1.txt", speaker: "Cherie Blair", speakerType: "person", content: "the plan is fair", kind: "indirect" },
  // group head "analysts" with its plural s dropped
  { source: "news/a1.txt", speaker: "analyst", speakerType: "group", content: "shares would fall", kind: "indirect" },
  { source: "news/a1.txt", speaker: "he", speakerType: "unknown", content: "the economy", kind: "indirect" },
  // a second prediction of a claim already matched: spurious (ties go to the earlier prediction)
  { source: "news/a1.txt", speaker: "Jean Corston", speakerType: "person", content: "the bill would pass", kind: "indirect" },
  { source: "b1", speaker: "John Doe", speakerMention: "He", speakerStart: 0, speakerEnd: 2, content: "the vote was rigged", kind: "indirect" },
  { source: "b1", speaker: "Mr Smith", speakerMention: "Mr Smith", speakerStart: 200, speakerEnd: 208, content: "prices would rise", kind: "indirect" },
  // token F1 3/5 vs 3/3 = 0.75: a match, but "Reuters" does not name "the firm"
  { source: "b1", speaker: "Reuters", speakerMention: "Reuters", content: "Sales fell 5% last year", kind: "according-to" },
];

describe("score (the reference scorer's definitions)", () => {
  const r = score(gold, preds);

  it("counts claims: 9 required gold, 10 predictions (one matched optional gold), 8 matches", () => {
    expect([r.goldClaims, r.predictedClaims, r.matchedOptional]).toEqual([9, 10, 1]);
    expect(r.claim).toEqual({ p: 0.8, r: 0.889, f1: 0.842 });
  });

  it("judges speakers by name, head noun or span: 6 strict, 7 lenient", () => {
    expect(r.attributedStrict).toEqual({ p: 0.6, r: 0.667, f1: 0.632 });
    expect(r.attributedLenient).toEqual({ p: 0.7, r: 0.778, f1: 0.737 });
  });

  it("lists speakers per article where the gold names them all (a1 only): 4 of 6 listed right, 4 of 6 found", () => {
    expect(r.speakers).toEqual({ articles: 1, gold: 6, predicted: 6, p: 0.667, r: 0.667, f1: 0.667 });
  });

  it("gives recall per kind", () => {
    expect(r.byKind).toEqual({
      direct: { gold: 1, found: 1, attributed: 0, recall: 1 },
      indirect: { gold: 7, found: 6, attributed: 6, recall: 0.857 },
      "according-to": { gold: 1, found: 1, attributed: 0, recall: 1 },
    });
  });

  it("gives attributed per gold speaker type, documents apart, spurious claims under their predicted type", () => {
    expect(r.bySpeakerType).toEqual({
      person: { gold: 3, predicted: 3, attributed: 1, p: 0.333, r: 0.333, f1: 0.333 },
      anonymous: { gold: 1, predicted: 1, attributed: 1, p: 1, r: 1, f1: 1 },
      document: { gold: 1, predicted: 1, attributed: 1, p: 1, r: 1, f1: 1 },
      group: { gold: 1, predicted: 1, attributed: 1, p: 1, r: 1, f1: 1 },
      unknown: { gold: 0, predicted: 1, attributed: 0, p: 0, r: 0, f1: 0 },
      untyped: { gold: 3, predicted: 3, attributed: 2, p: 0.667, r: 0.667, f1: 0.667 },
    });
    const sum = Object.values(r.bySpeakerType).reduce((n, t) => n + t.predicted, 0);
    expect(sum).toBe(r.predictedClaims);
  });

  it("lists the misses in the reference scorer's order", () => {
    expect(r.misses.map((m) => `${m.id} ${m.why} ${m.pred ?? m.gold}`)).toEqual([
      "a1 missed Gordon Brown",
      "a1 speaker-listed Mr Blair",
      "a1 speaker-listed he",
      "a1 spurious he",
      "a1 spurious Jean Corston",
      "b1 speaker Reuters",
    ]);
  });
});

// The cross-check against ../shared/eval/score.mjs needs the evaluation corpora beside the repository;
// the hand-computed figures above hold without them.
const shared = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/eval");
const reference = resolve(shared, "score.mjs");
const bbcDev = resolve(shared, "bbc/bbc-claims-dev.jsonl");

describe.skipIf(!existsSync(reference))("score agrees with the reference scorer (../shared/eval/score.mjs)", () => {
  const load = async () => (await import(pathToFileURL(reference).href)) as { score: (g: unknown, p: unknown) => unknown };
  // The figures both scorers print; the reference has no per-type table and no recall field.
  const common = (r: unknown) => {
    const { claim, attributedStrict, attributedLenient, goldClaims, predictedClaims, topicAccuracy, speakers, byKind, misses } = r as ReturnType<typeof score>;
    const kinds = Object.fromEntries(Object.entries(byKind).map(([k, { gold, found, attributed }]) => [k, { gold, found, attributed }]));
    return { claim, attributedStrict, attributedLenient, goldClaims, predictedClaims, topicAccuracy, speakers, kinds, misses };
  };

  it("on the fixture above", async () => {
    const ref = await load();
    expect(common(score(gold, preds))).toEqual(common(ref.score(gold, preds)));
  });

  it.skipIf(!existsSync(bbcDev))("on the BBC dev claims with the extractor's predictions", async () => {
    const ref = await load();
    const bbc = readFileSync(bbcDev, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as GoldArticle);
    const bbcPreds = bbc.flatMap((a) => extractClaims(a.text, { articleKey: a.id }).map((c) => ({ source: a.id, ...c })));
    const ours = common(score(bbc, bbcPreds));
    expect(ours.speakers).not.toBeNull();
    expect(ours).toEqual(common(ref.score(bbc, bbcPreds)));
  });
});
