import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractClaims } from "../../lambdas/core/pipeline.ts";

/**
 * Generated quote runs as news text delivers them, with the place of every attribution (speaker and
 * cue words) and every quoted paragraph known by construction:
 *   plain       "A," X said. "B. "C."
 *   inverted    "A," said X. "B."
 *   appositive  "A," said X, a spokesman for the council. "B."
 *   colon       X said: "A. "B. "C."   /   X, a spokesman for the council, said: "A. "B."
 * with the speaker as a name or a pronoun, and straight or curly marks. Later paragraphs of a run
 * open with a new mark and no closing one before it, either on a new line or, as scrapers that lose
 * paragraph breaks deliver them, on the same line. Each turn is a different speaker. Whatever the
 * extractor finds, no claim's content may start or end inside an attribution, contain one, or reach
 * over the quotes of two speakers, and every offset slices back to its content.
 */

const NAMES = ["Anna Berg", "Tom Hale", "Rosa Mendel", "Ivo Markov", "Lena Park", "Omar Haddad"];
const WORDS = "we the plan council bridge work next year is not ready people want answers costs have risen again this must change will open soon our city needs more homes".split(" ");
const ROLES = ["a spokesman for the council", "the project's director", "who chairs the committee"];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 7 }).map((ws) => cap(ws.join(" ")));
/** One quoted paragraph: one or two sentences, without its final punctuation. */
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 2 }).map((ss) => ss.join(". "));

const turn = fc.record({
  template: fc.constantFrom("plain", "inverted", "appositive", "colon", "colon-appositive"),
  pronoun: fc.boolean(),
  cue: fc.constantFrom("said", "added", "insisted"),
  role: fc.constantFrom(...ROLES),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 4 }),
  newLines: fc.boolean(),
});
type Turn = typeof turn extends fc.Arbitrary<infer T> ? T : never;

interface Generated {
  text: string;
  attributions: Array<[number, number]>;
  quotes: Array<{ start: number; end: number; speaker: string }>;
}

function build(turns: Turn[], speakers: string[], separator: string, curly = false): Generated {
  const [open, close] = curly ? ["\u201c", "\u201d"] : ['"', '"'];
  let text = "";
  const attributions: Generated["attributions"] = [];
  const quotes: Generated["quotes"] = [];
  const add = (s: string) => (text += s);
  const attribution = (s: string) => {
    attributions.push([text.length, text.length + s.length]);
    add(s);
  };
  const quote = (s: string, speaker: string) => {
    quotes.push({ start: text.length, end: text.length + s.length, speaker });
    add(s);
  };
  turns.forEach((t, i) => {
    const who = speakers[i]!;
    // A pronoun needs a speaker named before it: only a turn after the first may use one.
    const named = t.pronoun && i > 0 ? "she" : who;
    if (i) add(separator);
    let rest = t.paragraphs;
    if (t.template === "colon" || t.template === "colon-appositive") {
      attribution(t.template === "colon" ? `${cap(named)} ${t.cue}` : `${who}, ${t.role}, ${t.cue}`);
      add(`: ${open}`);
    } else {
      // A quote split by its attribution: the first paragraph ends with a comma inside the marks.
      add(open);
      quote(`${t.paragraphs[0]},`, who);
      add(`${close} `);
      if (t.template === "plain") attribution(`${named} ${t.cue}`);
      else if (t.template === "inverted") attribution(`${t.cue} ${who}`);
      else attribution(`${t.cue} ${who}, ${t.role}`);
      add(".");
      rest = t.paragraphs.slice(1);
      if (!rest.length) return;
      add(` ${open}`);
    }
    rest.forEach((p, k) => {
      if (k) add(t.newLines ? `\n${open}` : ` ${open}`);
      quote(`${p}.`, who);
    });
    add(close);
  });
  return { text, attributions, quotes };
}

const article = fc
  .record({
    turns: fc.array(turn, { minLength: 1, maxLength: 4 }),
    order: fc.shuffledSubarray(NAMES, { minLength: NAMES.length, maxLength: NAMES.length }),
    separator: fc.constantFrom(" ", "\n", "\n\n"),
    curly: fc.boolean(),
  })
  .map(({ turns, order, separator, curly }) => build(turns, order, separator, curly));

// The constructions of the claim-unit rules, checked on every run besides the generated ones.
const t = (template: Turn["template"], paragraphs: string[], newLines = false): Turn => ({ template, pronoun: false, cue: "said", role: ROLES[0]!, paragraphs, newLines });
const EXAMPLES: Generated[] = [
  build([t("plain", ["The plan is ready", "Our city needs homes", "People want answers. Costs have risen"])], NAMES, " "),
  build([t("colon", ["The plan is ready. The work is not", "People want answers. Costs have risen", "We will open soon"])], NAMES, " "),
  build([t("appositive", ["The bridge will open", "We are ready"]), t("inverted", ["Costs have risen", "People want answers"])], NAMES, "\n"),
  build([t("colon", ["The plan is ready"]), t("colon", ["Costs have risen"])], NAMES, " "),
  build([t("colon", ["The plan is ready", "Our city needs homes"], true), t("plain", ["Costs have risen", "We must change"])], NAMES, "\n\n"),
  build([t("colon-appositive", ["The plan is ready", "Our city needs homes"]), { ...t("plain", ["Costs have risen", "We must change"]), pronoun: true }], NAMES, " ", true),
];

const claimsOf = (g: Generated) => extractClaims(g.text, { articleKey: "quote-run" });
const inside = (x: number, [s, e]: [number, number]) => x >= s && x < e;
const RUNS = { numRuns: 300, examples: EXAMPLES.map((g): [Generated] => [g]) };

describe("claims in generated quote runs", () => {
  it("slice back to their content", () => {
    fc.assert(
      fc.property(article, (g) => {
        for (const c of claimsOf(g)) expect(g.text.slice(c.contentStart, c.contentEnd)).toBe(c.content);
      }),
      RUNS,
    );
  });

  it("never start or end inside an attribution", () => {
    fc.assert(
      fc.property(article, (g) => {
        for (const c of claimsOf(g))
          for (const a of g.attributions) {
            expect(inside(c.contentStart, a), `${JSON.stringify(c.content)} starts inside ${JSON.stringify(g.text.slice(...a))}`).toBe(false);
            expect(inside(c.contentEnd - 1, a), `${JSON.stringify(c.content)} ends inside ${JSON.stringify(g.text.slice(...a))}`).toBe(false);
          }
      }),
      RUNS,
    );
  });

  it("never contain an attribution", () => {
    fc.assert(
      fc.property(article, (g) => {
        for (const c of claimsOf(g))
          for (const a of g.attributions) expect(c.contentStart <= a[0] && a[1] <= c.contentEnd, `${JSON.stringify(c.content)} contains ${JSON.stringify(g.text.slice(...a))}`).toBe(false);
      }),
      RUNS,
    );
  });

  it("never span two speakers' quotes", () => {
    fc.assert(
      fc.property(article, (g) => {
        for (const c of claimsOf(g)) {
          const speakers = new Set(g.quotes.filter((q) => q.start < c.contentEnd && c.contentStart < q.end).map((q) => q.speaker));
          expect(speakers.size, `${JSON.stringify(c.content)} spans the quotes of ${[...speakers].join(", ")}`).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });
});
