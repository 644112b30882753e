import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPassages } from "../../dashboard/src/lib/excerpts.ts";
import { locateInContext, segmentText, type Span } from "../../dashboard/src/lib/segments.ts";

const plain = (segments: { text: string; value?: string }[]) => segments.map((s) => (s.value ? `[${s.text}|${s.value}]` : s.text)).join("");

describe("segmentText", () => {
  const rows: [string, string, Span<string>[], string][] = [
    ["no spans", "He said no.", [], "He said no."],
    ["one span", "He said no.", [{ start: 8, end: 10, value: "a" }], "He said [no|a]."],
    ["span at both ends", "abc", [{ start: 0, end: 1, value: "x" }, { start: 2, end: 3, value: "y" }], "[a|x]b[c|y]"],
    ["unsorted input", "abcdef", [{ start: 4, end: 6, value: "y" }, { start: 0, end: 2, value: "x" }], "[ab|x]cd[ef|y]"],
    ["overlap: the earlier span keeps the shared text", "abcdef", [{ start: 0, end: 4, value: "x" }, { start: 2, end: 6, value: "y" }], "[abcd|x][ef|y]"],
    ["nested span is absorbed", "abcdef", [{ start: 0, end: 6, value: "x" }, { start: 2, end: 3, value: "y" }], "[abcdef|x]"],
    ["out of range is clipped", "abc", [{ start: -5, end: 99, value: "x" }], "[abc|x]"],
    ["empty and inverted spans are ignored", "abc", [{ start: 2, end: 2, value: "x" }, { start: 3, end: 1, value: "y" }], "abc"],
    ["NaN offsets are ignored", "abc", [{ start: Number.NaN, end: Number.NaN, value: "x" }], "abc"],
    ["markup stays text", "<b>x</b>", [{ start: 3, end: 4, value: "m" }], "<b>[x|m]</b>"],
  ];
  it.each(rows)("%s", (_name, text, spans, expected) => {
    expect(plain(segmentText(text, spans))).toBe(expected);
  });

  it("never loses, duplicates or reorders text, and marks only characters inside a span", () => {
    const spanArb = fc.record({ start: fc.integer({ min: -3, max: 60 }), end: fc.integer({ min: -3, max: 60 }), value: fc.nat(5) });
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.array(spanArb, { maxLength: 8 }), (text, spans) => {
        const segments = segmentText(text, spans);
        expect(segments.map((s) => s.text).join("")).toBe(text);
        let offset = 0;
        for (const seg of segments) {
          expect(seg.text.length).toBeGreaterThan(0);
          if (seg.value !== undefined) {
            const from = offset;
            const to = offset + seg.text.length;
            expect(spans.some((s) => s.value === seg.value && s.start <= from && s.end >= to)).toBe(true);
          }
          offset += seg.text.length;
        }
      }),
    );
  });
});

describe("locateInContext", () => {
  const context = 'Peskov said "We have not announced any meetings," on Monday.';
  const content = "We have not announced any meetings,";
  const start = context.indexOf(content);

  it("uses the stored offsets when they point at the content", () => {
    expect(locateInContext(context, content, start, start + content.length)).toEqual({ start, end: start + content.length });
  });
  it("finds the content when the offsets are wrong", () => {
    expect(locateInContext(context, content, 0, 5)).toEqual({ start, end: start + content.length });
    expect(locateInContext(context, content, undefined, undefined)).toEqual({ start, end: start + content.length });
    expect(locateInContext(context, content, -1, 9999)).toEqual({ start, end: start + content.length });
  });
  it("gives up rather than highlight the wrong words", () => {
    expect(locateInContext(context, "something never said", 0, 5)).toBeUndefined();
    expect(locateInContext(context, "", 0, 0)).toBeUndefined();
  });
});

describe("buildPassages (article text recovered from claim contexts)", () => {
  const article = "Intro line. Peskov said \"No talks.\" Later, Merkel said \"Yes talks.\" The end. Reuters said rates rose.";
  const claim = (content: string, context: string) => {
    const contentStart = article.indexOf(content);
    const contextStart = article.indexOf(context);
    return { content, contentStart, context, contextContentStart: contentStart - contextStart, contextContentEnd: contentStart - contextStart + content.length };
  };

  it("places contexts in article order and stitches overlapping ones into one passage", () => {
    const a = claim("No talks.", "Peskov said \"No talks.\" Later,");
    const b = claim("Yes talks.", "Later, Merkel said \"Yes talks.\"");
    const c = claim("rates rose", "Reuters said rates rose.");
    const passages = buildPassages([c, b, a]);
    expect(passages).toEqual([
      { start: article.indexOf("Peskov"), text: "Peskov said \"No talks.\" Later, Merkel said \"Yes talks.\"" },
      { start: article.indexOf("Reuters"), text: "Reuters said rates rose." },
    ]);
    for (const p of passages) expect(article.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });

  it("joins consecutive sentences one space apart into one passage", () => {
    const a = claim("No talks.", "Peskov said \"No talks.\"");
    const b = claim("Yes talks.", "Later, Merkel said \"Yes talks.\"");
    const [passage, ...rest] = buildPassages([a, b]);
    expect(rest).toEqual([]);
    expect(passage).toEqual({ start: article.indexOf("Peskov"), text: "Peskov said \"No talks.\" Later, Merkel said \"Yes talks.\"" });
  });

  it("keeps a context contained in another only once", () => {
    const wide = claim("No talks.", "Intro line. Peskov said \"No talks.\" Later,");
    const narrow = claim("No talks.", "Peskov said \"No talks.\"");
    expect(buildPassages([narrow, wide])).toEqual([{ start: 0, text: "Intro line. Peskov said \"No talks.\" Later," }]);
  });

  it("leaves out a claim whose offsets contradict its context", () => {
    const bad = { ...claim("No talks.", "Peskov said \"No talks.\""), contextContentStart: 0 };
    expect(buildPassages([bad])).toEqual([]);
  });
});
