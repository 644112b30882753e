import { describe, expect, it } from "vitest";
import { claimSignature, PROBES } from "../../lambdas/core/signature/index.ts";
import { decodeFiling, encodeFiling, reaches, withoutGroup } from "../../lambdas/store/repeat-filing.ts";
import { parseRepeatSortKey, repeatSortKey } from "../../lambdas/store/keys.ts";

const claim = (content: string, over: Partial<{ speakerScope: "global" | "article"; speakerType: "person" | "group" | "organization"; speakerId: string }> = {}) => ({
  speakerId: "jane-doe", speakerScope: "global" as const, speakerType: "person" as const, content, ...over,
});
const LINE = "We will not raise taxes on working families this year or next";

describe("filing repeated claims in speaker groups", () => {
  it("stores each claim's probes, 4 bytes a value, and reads them back in order; unsigned claims are empty slots", () => {
    const claims = [claim(LINE), claim("Yes."), claim("The library stays open on Sundays from now on")];
    const bytes = encodeFiling(claims)!;
    expect(bytes.length).toBe(3 * PROBES * 4);
    const back = decodeFiling(bytes, 3);
    expect(back[0]).toEqual(claimSignature(claims[0]!)!.probes);
    expect(back[1]).toBeUndefined();
    expect(back[2]).toEqual(claimSignature(claims[2]!)!.probes);
  });

  it("files nothing for a group no claim of which can be repeated", () => {
    expect(encodeFiling([claim(LINE, { speakerType: "group" })])).toBeUndefined();
    expect(encodeFiling([claim(LINE, { speakerScope: "article", speakerId: "a-spokesman--1a2b3c4d" })])).toBeUndefined();
    expect(encodeFiling([claim("Too short to say")])).toBeUndefined();
  });

  it("reads a missing or malformed attribute as no filing (groups written before it)", () => {
    expect(decodeFiling(undefined, 2)).toEqual([undefined, undefined]);
    expect(decodeFiling(new Uint8Array(5), 2)).toEqual([undefined, undefined]);
  });

  it("a reworded or cut report reaches the full quote in either order; an unrelated one does not", () => {
    const full = claimSignature(claim(LINE))!;
    const cut = claimSignature(claim("We will not raise taxes on working families"))!;
    const other = claimSignature(claim("The library stays open on Sundays from now on"))!;
    expect(reaches(full.probes, cut.probes) && reaches(cut.probes, full.probes)).toBe(true);
    expect(reaches(full.probes, other.probes) || reaches(other.probes, full.probes)).toBe(false);
    expect(reaches([7, 8], [1, 2, 3, 7])).toBe(true);
    expect(reaches([1, 2, 3, 7], [7, 8])).toBe(true);
    expect(reaches([5, 8], [1, 2, 3, 7])).toBe(false);
    expect(reaches([], [])).toBe(false);
  });

  it("a group's sort key gives back its group id and date; a claim leaves its group", () => {
    expect(parseRepeatSortKey(repeatSortKey("abc_-1", "2024-05-01T12:00:00.000Z"))).toEqual({ groupId: "abc_-1", publishedAt: "2024-05-01T12:00:00.000Z" });
    expect(withoutGroup({ id: "x", groupId: "g" })).toEqual({ id: "x" });
    const plain: { id: string; groupId?: string } = { id: "y" };
    expect(withoutGroup(plain)).toBe(plain);
  });
});
