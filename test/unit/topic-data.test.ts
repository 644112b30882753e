import { describe, expect, it } from "vitest";
import { TERM_TABLE } from "../../lambdas/core/topics/data/term-table.ts";
import {
  classifierFromTermTable,
  createTopicClassifier,
  decodeTermTable,
  defaultTaxonomy,
  defaultTopicClassifier,
  encodeTermTable,
  type TermTableData,
} from "../../lambdas/core/topics/index.ts";
import { buildTermTable, type TermTable } from "../../lambdas/core/topics/weights.ts";

const committed = TERM_TABLE;
const rows = (m: ReadonlyMap<string, Float64Array>) => [...m].map(([k, w]) => [k, [...w]] as const);
const asPlain = (t: TermTable) => ({ topics: [...t.topics], words: rows(t.words), phrases: rows(t.phrases) });

describe("precomputed term table", () => {
  const fresh = buildTermTable(defaultTaxonomy);

  it("is what the bundled taxonomy builds today (run npm run build:topic-data after editing the data)", () => {
    const decoded = decodeTermTable(committed);
    expect(asPlain(decoded)).toEqual(asPlain(fresh));
    expect(committed.fallbackTopic).toBe(defaultTaxonomy.fallbackTopic);
  });

  it("round-trips any table exactly, including negative weights of exclusion phrases", () => {
    const tiny = buildTermTable({
      topics: [{ slug: "sport", label: "Sport" }, { slug: "conflict", label: "Conflict" }],
      rules: [{ top: "conflict", words: ["troops", "war"], exclude: ["war games"] }],
      keywords: { sport: ["goalkeeper", "state of play"] },
    });
    const roundTripped = decodeTermTable(JSON.parse(JSON.stringify(encodeTermTable(tiny, "sport", "test"))) as TermTableData);
    expect(asPlain(roundTripped)).toEqual(asPlain(tiny));
    const negative = [...roundTripped.phrases.values()].flatMap((w) => [...w]).filter((w) => w < 0);
    expect(negative.length).toBeGreaterThan(0);
  });

  it("refuses packed weights that do not match the terms", () => {
    const tiny = encodeTermTable(buildTermTable({ topics: [{ slug: "sport", label: "Sport" }], keywords: { sport: ["goalkeeper", "striker"] } }), undefined, "test");
    const bytes = Buffer.from(tiny.weights, "base64");
    expect(() => decodeTermTable({ ...tiny, weights: bytes.subarray(0, bytes.length - 1).toString("base64") })).toThrow("do not match");
    expect(() => decodeTermTable({ ...tiny, terms: `${tiny.terms}\nextra` })).toThrow("do not match");
  });

  it("classifies exactly as a classifier built from the taxonomy", () => {
    const built = createTopicClassifier(defaultTaxonomy);
    const fromTable = classifierFromTermTable(decodeTermTable(committed), defaultTaxonomy.fallbackTopic);
    const article = "The striker scored twice as the club won the league. The central bank raised interest rates to curb inflation.";
    const claims = ["the club will sign a new goalkeeper", "interest rates will rise again", "We will not back down"];
    const a = built.profileArticle(article, "Cup final");
    const b = fromTable.profileArticle(article, "Cup final");
    expect([...b.scores]).toEqual([...a.scores]);
    for (const c of claims) expect(fromTable.classifyClaim(c, b)).toEqual(built.classifyClaim(c, a));
    expect(defaultTopicClassifier.topics).toEqual(built.topics);
  });
});
