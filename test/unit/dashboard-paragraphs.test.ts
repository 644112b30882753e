import { describe, expect, it } from "vitest";
import { splitParagraphs } from "../../dashboard/src/lib/paragraphs.ts";

describe("splitParagraphs", () => {
  it.each([
    ["One.\n\nTwo.", [[0, "One."], [6, "Two."]]],
    ["One.\nStill one.\n\n\n  \nTwo.\n", [[0, "One.\nStill one."], [21, "Two.\n"]]],
    ["\n\nLead.\n \nEnd.", [[2, "Lead."], [10, "End."]]],
    ["Only one paragraph.", [[0, "Only one paragraph."]]],
    ["   \n\n  ", []],
  ])("%j", (text, expected) => {
    const paragraphs = splitParagraphs(text);
    expect(paragraphs.map((p) => [p.start, p.text])).toEqual(expected);
    // Offsets are article offsets: every paragraph is the article's own slice.
    for (const p of paragraphs) expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });
});
