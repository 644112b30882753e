import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createTopicClassifier,
  defaultTaxonomy,
  defaultTopicClassifier,
  loadTaxonomyFile,
  parseTaxonomy,
  TaxonomyError,
  type ArticleTopicProfile,
  type Taxonomy,
} from "../../lambdas/core/topics/index.ts";
import { stem } from "../../lambdas/core/topics/text.ts";

const IPTC_TOP_LEVEL = [
  "arts-culture-entertainment-media", "conflict-war-peace", "crime-law-justice", "disaster-accident-emergency-incident",
  "economy-business-finance", "education", "environment", "health", "human-interest", "labour", "lifestyle-leisure",
  "politics-government", "religion", "science-technology", "society", "sport", "weather",
];

const noContext: ArticleTopicProfile = { scores: new Map() };
const classifier = defaultTopicClassifier;

describe("topics: the taxonomy", () => {
  it("offers exactly the 17 IPTC Media Topics top-level slugs", () => {
    expect([...classifier.topics].sort()).toEqual(IPTC_TOP_LEVEL);
  });

  it("bundles all active IPTC concepts below the top level", () => {
    expect(defaultTaxonomy.concepts?.length).toBe(1067);
  });
});

describe("topics: a claim on its own words", () => {
  it.each<[string, string]>([
    ["The film will premiere at the festival before a wide release in cinemas next spring.", "arts-culture-entertainment-media"],
    ["Her new album tops the charts and the tour sold out in minutes.", "arts-culture-entertainment-media"],
    ["Troops and tanks crossed the border overnight and the shelling has not stopped.", "conflict-war-peace"],
    ["The ceasefire collapsed after rebels launched a missile attack on the garrison.", "conflict-war-peace"],
    ["The suspect was arrested and will appear in court charged with murder.", "crime-law-justice"],
    ["The jury found him guilty of fraud and the judge sentenced him to six years in prison.", "crime-law-justice"],
    ["Rescue workers are still searching the rubble after the earthquake, and the death toll is rising.", "disaster-accident-emergency-incident"],
    ["The train derailed and dozens of passengers were injured in the crash.", "disaster-accident-emergency-incident"],
    ["Inflation will fall next year as the central bank keeps interest rates high.", "economy-business-finance"],
    ["The company's quarterly profits doubled and its shares rose on the stock market.", "economy-business-finance"],
    ["Pupils in primary schools will sit fewer exams under the new curriculum.", "education"],
    ["Universities warned that higher tuition fees would deter students from poorer families.", "education"],
    ["Carbon emissions must fall faster if the world is to limit global warming.", "environment"],
    ["Plastic pollution is killing wildlife along the coast, conservationists warned.", "environment"],
    ["The hospital has run out of beds and doctors and nurses are exhausted.", "health"],
    ["The vaccine cut infections by half in the clinical trial, with few side effects in patients.", "health"],
    ["The dog was reunited with its owners after ten years, and the whole family wept.", "human-interest"],
    ["She celebrated her 105th birthday with a tea party and a card from the queen.", "human-interest"],
    ["Union members voted to strike over pay, and the walkout will close every depot.", "labour"],
    ["Unemployment rose as employers announced thousands of redundancies and job cuts.", "labour"],
    ["Hotels on the coast are fully booked as tourists return for the summer holidays.", "lifestyle-leisure"],
    ["The restaurant's chef said diners want simple food and good wine.", "lifestyle-leisure"],
    ["The prime minister will call an election after parliament rejected the budget.", "politics-government"],
    ["Senators said the bill would pass the senate with votes from both parties.", "politics-government"],
    ["The pope will lead prayers at the cathedral during the Easter mass.", "religion"],
    ["Worshippers gathered at the mosque to mark the end of Ramadan.", "religion"],
    ["Astronomers using the telescope found water on a planet orbiting a distant star.", "science-technology"],
    ["The new smartphone's software update fixes a security flaw that hackers exploited.", "science-technology"],
    ["Homelessness and poverty have risen as families struggle to afford housing.", "society"],
    ["Campaigners for human rights say discrimination against migrants is getting worse.", "society"],
    ["The striker scored twice in the final and the team lifted the cup.", "sport"],
    ["She won the gold medal in the marathon, setting a record time.", "sport"],
    ["The storm will bring heavy rain and gale force winds on Thursday, forecasters said.", "weather"],
    ["Temperatures will drop below freezing tonight with snow and icy roads by morning.", "weather"],
  ])("%s → %s", (claim, topic) => {
    expect(classifier.classifyClaim(claim, noContext).topic).toBe(topic);
  });
});

describe("topics: a claim in its article", () => {
  const sportArticle = classifier.profileArticle(
    "The club's manager praised his players after the match. The goalkeeper saved a penalty and the team climbed to second in the league table with a game in hand.",
    "Late goal keeps title race alive",
  );
  const politicsArticle = classifier.profileArticle(
    "The government is under pressure in parliament over its budget. Ministers met in cabinet and the opposition leader demanded a vote before the election.",
    "Minister faces budget revolt",
  );

  it("the article profile names its topic, the title counting more than the body", () => {
    expect(sportArticle.topic).toBe("sport");
    expect(politicsArticle.topic).toBe("politics-government");
    const byTitle = classifier.profileArticle("It was a long day for everyone involved.", "Striker scores hat-trick in cup final");
    expect(byTitle.topic).toBe("sport");
  });

  it.each<[string, ArticleTopicProfile, string]>([
    ["We will not give up, we believe in each other.", sportArticle, "sport"],
    ["Nobody expected this, and we have to move on.", politicsArticle, "politics-government"],
    // Strong evidence of another topic overrides the article's.
    ["The hospital has run out of beds, and doctors and nurses are exhausted by the flu outbreak.", politicsArticle, "health"],
  ])("%s", (claim, profile, topic) => {
    expect(classifier.classifyClaim(claim, profile).topic).toBe(topic);
  });

  it("falls back to the taxonomy's fallback topic when nothing matches anywhere", () => {
    const empty = classifier.profileArticle("Xyzzy plugh.", undefined);
    expect(empty.scores.size).toBe(0);
    expect(classifier.classifyClaim("Xyzzy plugh.", empty).topic).toBe("politics-government");
  });

  it("an exclusion phrase cancels its rule: Islamic State militants are conflict, not religion", () => {
    expect(classifier.classifyClaim("Islamic State militants attacked the town.", noContext).topic).toBe("conflict-war-peace");
  });
});

describe("topics: a claim located in its article", () => {
  const article =
    "Foreign Minister Lena Vogt said the U.S. and the European Union would impose sanctions. " +
    "\"Interest rates will rise,\" the Bank of England's governor, Angus McDonald, told reporters on Monday. " +
    "The striker's late goal won the cup final, and Vogt’s office called it a semi-final upset.";
  const profile = classifier.profileArticle(article, "Sanctions loom as rates rise");
  const at = (content: string): number => article.indexOf(content);

  it.each<string>([
    "the U.S. and the European Union would impose sanctions",
    "Interest rates will rise,",
    "The striker's late goal won the cup final",
    // Edges inside a word: read on its own, the slice has words the article does not ("U", "Donald").
    "Foreign Minister Lena Vogt said the U",
    "Donald, told reporters",
    "nister Lena Vo",
  ])("%s: the same topic and subjects by offset as by text alone", (content) => {
    expect(at(content)).toBeGreaterThanOrEqual(0);
    expect(classifier.classifyClaim(content, profile, at(content))).toEqual(classifier.classifyClaim(content, profile));
  });

  it("any slice of the article: the same result by offset as by text alone", () => {
    fc.assert(
      fc.property(fc.nat(article.length), fc.nat(article.length), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const content = article.slice(start, end);
        expect(classifier.classifyClaim(content, profile, start)).toEqual(classifier.classifyClaim(content, profile));
      }),
      { numRuns: 300 },
    );
  });

  it("an offset that does not locate the text in the article is ignored", () => {
    const content = "The hospital has run out of beds.";
    expect(classifier.classifyClaim(content, profile, 3)).toEqual(classifier.classifyClaim(content, profile));
    expect(classifier.classifyClaim(content, noContext, 0)).toEqual(classifier.classifyClaim(content, noContext));
  });
});

describe("topics: subjects", () => {
  it.each<[string, string[]]>([
    [
      "Foreign Minister Lena Vogt said the European Union would impose sanctions on Moscow.",
      ["lena-vogt", "european-union", "moscow", "sanctions"],
    ],
    ["The Bank of England raised interest rates to curb inflation.", ["bank-of-england", "interest-rates", "inflation"]],
    ["Inflation will fall next year, the U.N. said.", ["u-n", "inflation"]],
    ["Mr Peskov told reporters there were no plans for a summit in Geneva.", ["peskov", "geneva", "summit"]],
    ["Lena Vogt’s office said the talks had failed.", ["lena-vogt"]],
    ["Surveys by Harbor Analytics and Veritas Polling show the gap closing.", ["harbor-analytics", "veritas-polling"]],
  ])("%s", (claim, expected) => {
    const { subjects } = classifier.classifyClaim(claim, noContext);
    for (const s of expected) expect(subjects).toContain(s);
  });

  it("never more than five, never stopwords, titles or sentence-initial common words", () => {
    const { subjects } = classifier.classifyClaim(
      "Officials said The Prime Minister, Angela Merkel, Emmanuel Macron, Joe Biden, Xi Jinping, Narendra Modi and Fumio Kishida met at the summit.",
      noContext,
    );
    expect(subjects.length).toBe(5);
    expect(subjects).not.toContain("officials");
    expect(subjects).not.toContain("the");
    expect(subjects).toContain("angela-merkel");
  });

  it("a Title Case headline is not read as one long name", () => {
    const { subjects } = classifier.classifyClaim("Pensioners Worried About Their Savings After The Budget Vote", noContext);
    for (const s of subjects) expect(s.split("-").length).toBeLessThanOrEqual(2);
  });

  it("any text gives a known topic and at most five slug subjects", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string({ maxLength: 200 }), { nil: undefined }), (text, title) => {
        const profile = classifier.profileArticle(text, title);
        const { topic, subjects } = classifier.classifyClaim(text, profile);
        expect(IPTC_TOP_LEVEL).toContain(topic);
        expect(subjects.length).toBeLessThanOrEqual(5);
        for (const s of subjects) expect(s).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("topics: matching folds inflections", () => {
  it.each<[string[]]>([
    [["election", "elections"]],
    [["vote", "votes", "voted", "voting"]],
    [["country", "countries"]],
    [["tax", "taxes"]],
    [["run", "running"]],
  ])("%j share one key", (words) => {
    expect(new Set(words.map(stem)).size).toBe(1);
  });
});

describe("topics: a replacement taxonomy", () => {
  const tiny: Taxonomy = {
    topics: [
      { slug: "cats", label: "cats" },
      { slug: "dogs", label: "dogs" },
    ],
    fallbackTopic: "dogs",
    keywords: { cats: ["kitten", "purr", "litter box"], dogs: ["puppy", "bark", "dog lead"] },
  };

  it("drives the classifier: topics, keywords, phrases and fallback", () => {
    const c = createTopicClassifier(tiny);
    expect(c.topics).toEqual(["cats", "dogs"]);
    expect(c.classifyClaim("The kitten would purr all night.", noContext).topic).toBe("cats");
    expect(c.classifyClaim("Buy a new dog lead for the puppy.", noContext).topic).toBe("dogs");
    expect(c.classifyClaim("Nothing relevant here.", noContext).topic).toBe("dogs");
  });

  it.each<[string, unknown, RegExp]>([
    ["no topics", { topics: [] }, /non-empty "topics"/],
    ["a bad slug", { topics: [{ slug: "Not A Slug", label: "x" }] }, /topics\[0\]\.slug/],
    ["a duplicate slug", { topics: [{ slug: "a", label: "a" }, { slug: "a", label: "b" }] }, /listed twice/],
    ["an unknown fallback", { topics: [{ slug: "a", label: "a" }], fallbackTopic: "b" }, /fallbackTopic/],
    ["keywords for an unknown topic", { topics: [{ slug: "a", label: "a" }], keywords: { b: ["x"] } }, /keywords/],
    ["a rule with non-string words", { topics: [{ slug: "a", label: "a" }], rules: [{ top: "a", words: [1] }] }, /rules\[0\]\.words/],
  ])("rejects %s with a message naming the problem", (_name, doc, message) => {
    expect(() => parseTaxonomy(doc)).toThrow(TaxonomyError);
    expect(() => parseTaxonomy(doc)).toThrow(message);
  });

  describe("from a file", () => {
    let dir: string | undefined;
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.resetModules();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("a missing, unparseable or invalid file is a TaxonomyError naming the file", () => {
      dir = mkdtempSync(join(tmpdir(), "taxonomy-"));
      const broken = join(dir, "broken.json");
      writeFileSync(broken, "{ not json");
      const invalid = join(dir, "invalid.json");
      writeFileSync(invalid, JSON.stringify({ topics: [] }));
      for (const file of [join(dir, "missing.json"), broken, invalid]) {
        expect(() => loadTaxonomyFile(file)).toThrow(TaxonomyError);
        expect(() => loadTaxonomyFile(file)).toThrow(file);
      }
    });

    it("CLAIMS_TAXONOMY_FILE replaces the bundled taxonomy of the default classifier", async () => {
      dir = mkdtempSync(join(tmpdir(), "taxonomy-"));
      const file = join(dir, "taxonomy.json");
      writeFileSync(file, JSON.stringify(tiny));
      expect(loadTaxonomyFile(file).topics).toHaveLength(2);
      vi.stubEnv("CLAIMS_TAXONOMY_FILE", file);
      vi.resetModules();
      const fresh = await import("../../lambdas/core/topics/index.ts");
      expect(fresh.defaultTopicClassifier.topics).toEqual(["cats", "dogs"]);
      expect(fresh.defaultTopicClassifier.classifyClaim("A kitten.", noContext).topic).toBe("cats");
    });
  });
});
