import { describe, expect, it } from "vitest";
import { claimContext, extractClaims, tokenize } from "../../lambdas/core/pipeline.ts";
import { withTokens, type Token } from "../../lambdas/core/text/tokenize.ts";
import type { Claim } from "../../lambdas/core/model.ts";

const extract = (text: string) => extractClaims(text, { articleKey: "test.txt" });

interface Row {
  name: string;
  text: string;
  expected: Array<Partial<Pick<Claim, "speaker" | "speakerType" | "speakerMention" | "cue" | "content" | "kind" | "rule">>>;
}

// One row per construction the engine must handle; sentences written for these tests.
const ROWS: Row[] = [
  {
    name: "curly quote, role before name, told",
    text: "“We have not scheduled any such talks,” spokesman Dmitry Peskov told reporters.",
    expected: [{ speaker: "Dmitry Peskov", speakerMention: "spokesman Dmitry Peskov", cue: "told", kind: "direct", content: "We have not scheduled any such talks," }],
  },
  {
    name: "a date between subject and cue is not the speaker",
    text: "The city council on Tuesday said the budget would be balanced by spring.",
    expected: [{ speaker: "city council", speakerType: "organization", cue: "said", kind: "indirect", content: "the budget would be balanced by spring" }],
  },
  {
    name: "a lower-case role between the quote and the name",
    text: "“The harbour will reopen on Friday,” harbour master Ines Albarran said.",
    expected: [{ speaker: "Ines Albarran", speakerMention: "harbour master Ines Albarran", cue: "said", kind: "direct", content: "The harbour will reopen on Friday," }],
  },
  {
    name: "straight quote, inverted order with title",
    text: '"The bridge is safe," said Mayor Lena Vogt.',
    expected: [{ speaker: "Lena Vogt", speakerMention: "Mayor Lena Vogt", cue: "said", kind: "direct", content: "The bridge is safe," }],
  },
  {
    name: "X said: followed by a quote",
    text: 'Foreign Minister Lena Vogt said: "We will respond in kind."',
    expected: [{ speaker: "Lena Vogt", kind: "direct", content: "We will respond in kind." }],
  },
  {
    name: "single quotes",
    text: "Omar Haddad walked in. 'We are ready for the vote,' he said.",
    expected: [{ speaker: "Omar Haddad", speakerMention: "he", kind: "direct", content: "We are ready for the vote," }],
  },
  {
    name: "guillemets",
    text: "«We are ready for anything,» said Pierre Martin.",
    expected: [{ speaker: "Pierre Martin", kind: "direct", content: "We are ready for anything," }],
  },
  {
    name: "nested quote stays inside the outer quote",
    text: "\"He told me 'never again' and walked out,\" said Anna Price.",
    expected: [{ speaker: "Anna Price", kind: "direct", content: "He told me 'never again' and walked out," }],
  },
  {
    name: "quote split around its attribution",
    text: '"The plan is dead," Vogt said. "We will start over next year."',
    expected: [
      { speaker: "Vogt", kind: "direct", rule: "quote-after", content: "The plan is dead," },
      { speaker: "Vogt", kind: "direct", rule: "continuation", content: "We will start over next year." },
    ],
  },
  {
    name: "multi-sentence quote",
    text: '"Rates will stay high. Nobody should expect a cut before spring," the central bank governor, Ines Costa, said.',
    expected: [{ speaker: "Ines Costa", kind: "direct" }],
  },
  {
    name: "quote over several paragraphs: one claim per paragraph, each the speaker's",
    text: 'Anna Price took the stage. She said: "The first part of the speech.\n\n"The second part continues here.\n\n"And it ends here."',
    expected: [
      { speaker: "Anna Price", kind: "direct", content: "The first part of the speech." },
      { speaker: "Anna Price", kind: "direct", content: "The second part continues here." },
      { speaker: "Anna Price", kind: "direct", content: "And it ends here." },
    ],
  },
  {
    name: "quote-only paragraph continues the previous speaker",
    text: 'Anna Price faced the crowd. "We will win this," she said.\n\n"Nobody can stop us now. Not the weather and not the critics."',
    expected: [
      { speaker: "Anna Price", speakerMention: "she", content: "We will win this," },
      { speaker: "Anna Price", kind: "direct", content: "Nobody can stop us now. Not the weather and not the critics." },
    ],
  },
  {
    name: "appositive speaker",
    text: "Tom Whitaker, a spokesman for the agency, said the dam would hold.",
    expected: [{ speaker: "Tom Whitaker", speakerType: "person", kind: "indirect", content: "the dam would hold" }],
  },
  {
    name: "postposed attribution by an organization",
    text: "The storm will land Thursday, the weather service said.",
    expected: [{ speakerType: "organization", speakerMention: "the weather service", content: "The storm will land Thursday", kind: "indirect" }],
  },
  {
    name: "according to a report by X",
    text: "Prices will rise next year, according to a report by the central bank.",
    expected: [{ speaker: "report by the central bank", speakerType: "document", kind: "according-to", cue: "according to", content: "Prices will rise next year" }],
  },
  {
    name: "According to X at the start",
    text: "According to Reuters, the deal was signed on Friday.",
    expected: [{ speaker: "Reuters", speakerType: "organization", kind: "according-to", content: "the deal was signed on Friday" }],
  },
  {
    name: "told reporters that",
    text: "Mayor Lena Vogt told reporters that the budget was balanced.",
    expected: [{ speaker: "Lena Vogt", cue: "told", content: "the budget was balanced", kind: "indirect" }],
  },
  {
    name: "said in a statement that",
    text: "The company said in a statement that it would appeal the ruling.",
    expected: [{ speakerType: "organization", content: "it would appeal the ruling" }],
  },
  {
    name: "a statement said",
    text: "A statement from the ministry said the border would reopen.",
    expected: [{ speaker: "statement from the ministry", speakerType: "document", content: "the border would reopen" }],
  },
  {
    name: "unusual cue verbs and groups",
    text: "Officials warned that the river could flood. Analysts cautioned the recovery would be slow.",
    expected: [
      { speakerType: "group", cue: "warned", content: "the river could flood" },
      { speakerType: "group", cue: "cautioned", content: "the recovery would be slow" },
    ],
  },
  {
    name: "anonymous sources",
    text: '"We saw the water rising," one resident said. A senior official insisted the talks were on track.',
    expected: [
      { speakerType: "anonymous", speakerMention: "one resident", kind: "direct" },
      { speakerType: "anonymous", speakerMention: "A senior official", cue: "insisted", content: "the talks were on track" },
    ],
  },
  {
    name: "conceded, with a title stripped",
    text: "Senator Maria Lopez conceded that the bill lacked support.",
    expected: [{ speaker: "Maria Lopez", speakerMention: "Senator Maria Lopez", cue: "conceded", content: "the bill lacked support" }],
  },
  {
    name: "surname and pronoun resolve to the full name",
    text: "“We have no such plans,” spokesman Dmitry Peskov said. Later, Peskov said the talks were over. He added that nothing had changed.",
    expected: [
      { speaker: "Dmitry Peskov", kind: "direct" },
      { speaker: "Dmitry Peskov", speakerMention: "Peskov", content: "the talks were over" },
      { speaker: "Dmitry Peskov", speakerMention: "He", content: "nothing had changed" },
    ],
  },
  {
    name: "gendered pronoun picks the compatible person",
    text: "James Carter met Maria Lopez on Tuesday. She said the meeting went well.",
    expected: [{ speaker: "Maria Lopez", speakerMention: "She" }],
  },
  {
    name: "nominal refers back to the person introduced with that role",
    text: "The agency's spokesman, Tom Whitaker, arrived late. The spokesman said the dam would hold.",
    expected: [{ speaker: "Tom Whitaker", speakerMention: "The spokesman", content: "the dam would hold" }],
  },
  {
    name: "mixed: partly quoted reported speech",
    text: 'Tillman said the council had "clearly failed" in its duty to residents.',
    expected: [{ speaker: "Tillman", kind: "mixed", content: 'the council had "clearly failed" in its duty to residents' }],
  },
  {
    name: "split quote around an attribution with an appositive",
    text: '"The plan will work," said Omar Haddad, a consultant for the city council. "Give it two years."',
    expected: [
      { speaker: "Omar Haddad", kind: "direct", content: "The plan will work," },
      { speaker: "Omar Haddad", kind: "direct", content: "Give it two years." },
    ],
  },
  {
    name: "two quotes in a row after one cue",
    text: 'Ines Costa said: "Rates will stay high," "Nobody should expect a cut."',
    expected: [
      { speaker: "Ines Costa", kind: "direct", content: "Rates will stay high," },
      { speaker: "Ines Costa", kind: "direct", content: "Nobody should expect a cut." },
    ],
  },
  {
    name: "a quote that opens mid-sentence keeps its lead-in",
    text: 'Despite the delays, the project "is still on budget," the mayor said.',
    expected: [{ speakerMention: "the mayor", kind: "mixed", content: 'Despite the delays, the project "is still on budget,"' }],
  },
  {
    name: "participle reporting for the subject of the clause",
    text: "Hours later, Lena Vogt returned the favor, telling reporters that the deal was done.",
    expected: [{ speaker: "Lena Vogt", cue: "telling", content: "the deal was done" }],
  },
  {
    name: "coordinated cues share the subject; an intention is no claim",
    text: "Omar Haddad promised to cut fares and said the trains would run on time.",
    expected: [{ speaker: "Omar Haddad", cue: "said", content: "the trains would run on time" }],
  },
  {
    name: "relative clause: the antecedent of who speaks",
    text: "The city hired Nadia Brooks, who said the budget was too small.",
    expected: [{ speaker: "Nadia Brooks", speakerMention: "Nadia Brooks, who", content: "the budget was too small" }],
  },
  {
    name: "a colon ending the paragraph introduces a block quote",
    text: "The Harbor Gazette reports:\n\nThe council voted to close two libraries and cut bus routes on Sundays.\n\nResidents were not consulted.",
    expected: [{ speaker: "Harbor Gazette", speakerType: "organization", cue: "reports", content: "The council voted to close two libraries and cut bus routes on Sundays" }],
  },
  {
    name: "interview transcript turn",
    text: "MORALES: We will not raise taxes this year, and that is a promise.\n\nUpdate: The vote was delayed.",
    expected: [{ speaker: "MORALES", cue: ":", content: "We will not raise taxes this year, and that is a promise" }],
  },
  {
    name: "quote signed with a dash",
    text: "“The city has never looked better,” ― Nadia Brooks",
    expected: [{ speaker: "Nadia Brooks", cue: "―", kind: "direct", content: "The city has never looked better," }],
  },
];

describe("extractClaims: constructions", () => {
  it.each(ROWS)("$name", ({ text, expected }) => {
    const claims = extract(text);
    expect(claims).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(claims[i]).toMatchObject(e));
  });
});

describe("extractClaims: not claims", () => {
  it.each([
    ["a quoted film title", "Critics loved the film “Midnight Harbor” at the festival."],
    ["scare quotes", 'The so-called "smart" meters failed within a week.'],
    ["a nickname in quotes", 'The tower, known locally as "the Needle", was finished in 1962.'],
    ["no attribution at all", "The river rose two metres overnight and the bridge was closed."],
    ["a passive cue with an agent", "The bill was endorsed by the committee on Monday."],
  ])("%s", (_name, text) => {
    expect(extract(text)).toEqual([]);
  });
});

describe("extractClaims: offsets, ids and fields", () => {
  const text = "“We will rebuild,” Mayor Lena Vogt said on Monday. Critics warned that the costs would double, according to a survey.";
  const claims = extract(text);

  it("every span slices back to its field", () => {
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) {
      expect(text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
      expect(text.slice(c.speakerStart, c.speakerEnd)).toBe(c.speakerMention);
      expect(text.slice(c.cueStart, c.cueEnd)).toBe(c.cue);
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.speakerId).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it("ids are deterministic and depend on the article key", () => {
    expect(extract(text).map((c) => c.id)).toEqual(claims.map((c) => c.id));
    expect(extractClaims(text, { articleKey: "other.txt" }).map((c) => c.id)).not.toEqual(claims.map((c) => c.id));
  });

  it("speakerId is the slug of the canonical name", () => {
    expect(claims[0]).toMatchObject({ speaker: "Lena Vogt", speakerId: "lena-vogt" });
  });

  it("topic and subjects come from the topic classifier", () => {
    const calls: string[] = [];
    const topics = {
      topics: ["weather"],
      profileArticle: () => {
        calls.push("profile");
        return { scores: new Map() };
      },
      classifyClaim: (content: string) => {
        calls.push("claim");
        return { topic: "weather", subjects: [content.length > 5 ? "long" : "short", "a", "b", "c", "d", "e"] };
      },
    };
    const withTopics = extractClaims(text, { articleKey: "k", topics });
    expect(calls.filter((c) => c === "profile")).toHaveLength(1);
    expect(calls.filter((c) => c === "claim")).toHaveLength(withTopics.length);
    for (const c of withTopics) {
      expect(c.topic).toBe("weather");
      expect(c.subjects.length).toBeLessThanOrEqual(5);
    }
  });
});

describe("extractClaims: scraped text", () => {
  it("copes with pre-tokenized text, garbled repeats and unbalanced quotes", () => {
    const text =
      'The U. S. and Norway traded barbs this week . " We have not agreed to any such visit , " spokesman Erik Lund told reporters on a call , according to Reuters . ' +
      'Lund Lund said the the talks would continue . " Returning to old demands will not help , " Lund said . " This quote never closes and runs on';
    const claims = extract(text);
    const direct = claims.filter((c) => c.kind === "direct");
    expect(direct[0]).toMatchObject({ speaker: "Erik Lund", speakerMention: "spokesman Erik Lund", cue: "told" });
    expect(direct.some((c) => c.content.includes("Returning to old demands") && c.speaker === "Erik Lund")).toBe(true);
    for (const c of claims) expect(text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
  });
});

describe("tokenize", () => {
  it("keeps abbreviations, apostrophes and hyphens inside words and splits sentences", () => {
    const { tokens, sentences } = tokenize("Mr. Lund didn't go to the U.S. capital. He stayed in Jean-Luc's flat.");
    const words = tokens.map((t) => t.text);
    expect(words).toContain("didn't");
    expect(words).toContain("U.S.");
    expect(words).toContain("Jean-Luc's");
    expect(sentences).toHaveLength(2);
  });

  it("starts a paragraph at each line break", () => {
    const { tokens } = tokenize("One.\nTwo.\n\nThree.");
    expect(tokens.filter((t) => t.type === "word").map((t) => t.para)).toEqual([0, 1, 2]);
  });
});

describe("withTokens (recycled token objects)", () => {
  const plain = (tokens: Token[]) => tokens.map((t) => ({ ...t }));
  const long = "“The bridge stays shut,” Mayor Ana Ruiz said on Monday.\nOfficials said repairs would take a month.";
  const short = "'Fine,' he said.";

  it("yields the tokens tokenize gives, also on objects left over from a longer text", () => {
    withTokens(long, () => undefined);
    const seen = withTokens(short, (tk) => plain(tk.tokens));
    expect(seen).toEqual(plain(tokenize(short).tokens));
  });

  it("gives a nested call its own token objects", () => {
    withTokens(long, (outer) => {
      const before = plain(outer.tokens);
      withTokens(short, (inner) => {
        expect(inner.tokens.some((t) => outer.tokens.includes(t))).toBe(false);
      });
      expect(plain(outer.tokens)).toEqual(before);
    });
  });

  it("keeps no article text in the recycled objects once fn returns", () => {
    const escaped = withTokens(long, (tk) => tk.tokens);
    expect(escaped.length).toBeGreaterThan(0);
    expect(escaped.every((t) => t.text === "" && t.lower === "")).toBe(true);
  });

  it("leaves extraction unchanged from one article to the next", () => {
    const longFirst = extract(long);
    const shortFirst = extract(short);
    expect(longFirst.length).toBeGreaterThan(0);
    expect(extract(long)).toEqual(longFirst);
    expect(extract(short)).toEqual(shortFirst);
  });
});

describe("claimContext", () => {
  it("returns the surrounding sentence with the claim's position inside it", () => {
    const text = "First sentence here. The mayor said the bridge would reopen soon. Last one.";
    const start = text.indexOf("the bridge");
    const end = text.indexOf(" soon") + 5;
    const ctx = claimContext(text, { contentStart: start, contentEnd: end }, 200);
    expect(ctx.context.slice(ctx.contextContentStart, ctx.contextContentEnd)).toBe(text.slice(start, end));
    expect(ctx.context.length).toBeLessThanOrEqual(200);
  });

  it("never exceeds maxChars", () => {
    const text = "word ".repeat(1000);
    const ctx = claimContext(text, { contentStart: 2000, contentEnd: 2100 }, 150);
    expect(ctx.context.length).toBeLessThanOrEqual(150);
    expect(ctx.context.slice(ctx.contextContentStart, ctx.contextContentEnd)).toBe(text.slice(2000, 2000 + ctx.contextContentEnd - ctx.contextContentStart));
  });
});
