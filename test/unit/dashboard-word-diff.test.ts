import { describe, expect, it } from "vitest";
import { diffWords, tokens } from "../../dashboard/src/lib/word-diff.ts";

const rebuilt = (parts: { text: string; kind: string }[], keep: string) => parts.filter((p) => p.kind === "same" || p.kind === keep).map((p) => p.text).join("");

describe("word differences between two wordings", () => {
  it("marks words a report adds and words of the first it leaves out, and gives both texts back", () => {
    const a = "We will not raise taxes on working families this year";
    const b = "We will not raise taxes on families this year or next";
    const parts = diffWords(a, b);
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["working"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["or next"]);
    expect(rebuilt(parts, "added")).toBe(b);
    expect(rebuilt(parts, "removed").trim()).toBe(a);
  });

  it("ignores case, accents and punctuation, as the grouping does", () => {
    expect(diffWords("“Élan, vital!” he said", "elan vital he said").every((p) => p.kind === "same")).toBe(true);
  });

  it("handles empty and identical wordings", () => {
    expect(diffWords("", "")).toEqual([]);
    expect(diffWords("same words", "same words")).toEqual([{ text: "same words", kind: "same" }]);
    expect(diffWords("", "new")).toEqual([{ text: "new", kind: "added" }]);
    expect(tokens("a  b")).toEqual(["a  ", "b"]);
  });
});
