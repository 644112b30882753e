import { describe, expect, it } from "vitest";
import { speakerSearchEntries, searchPartition } from "../../lambdas/store/speaker-search.ts";
import { matchesSearch, probeWord, searchWords, UnsearchableQueryError } from "../../lambdas/store/search-words.ts";

describe("speaker search words", () => {
  it.each([
    ["José Núñez-Ortiz", ["jose", "nunez", "ortiz"]],
    ["  DMITRY   Peskov ", ["dmitry", "peskov"]],
    ["spokesman he said", ["spokesman", "said"]],
    ["U.S. Army", ["u", "s", "army"]],
    ["Ångström & Søn", ["angstrom", "søn"]],
    ["東京 都庁", ["東京", "都庁"]],
    ["", []],
  ])("%j → %j", (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });

  it("reads the index by the longest word and refuses queries without a word of two characters", () => {
    expect(probeWord("j rowling")).toBe("rowling");
    expect(probeWord("Ellen Pa")).toBe("ellen");
    expect(() => probeWord("j k")).toThrow(UnsearchableQueryError);
    expect(() => probeWord("he")).toThrow(/at least 2 letters/);
  });

  it("matches when every query word starts a word of the name or an alias", () => {
    const s = { speaker: "Dmitry Peskov", aliases: ["spokesman Dmitry Peskov", "Kremlin spokesman"] };
    for (const q of ["pesk", "Dmitry P", "p dmitry", "kreml", "SPOKES"]) expect(matchesSearch(s, q), q).toBe(true);
    for (const q of ["eskov", "peskova", "dmitry x", "putin"]) expect(matchesSearch(s, q), q).toBe(false);
  });
});

describe("speaker search index entries", () => {
  it("a new speaker gets one entry per name word of two or more characters, keyed by its first two", () => {
    const entries = speakerSearchEntries([{ speakerId: "j-k-rowling", speaker: "J. K. Rowling", aliases: ["Ms Rowling", "she"] }], () => undefined);
    const items = entries.map((e) => e.PutRequest!.Item);
    expect(items).toEqual([
      { PK: "SEARCH#ro", SK: "rowling#j-k-rowling", speakerId: "j-k-rowling" },
      { PK: "SEARCH#ms", SK: "ms#j-k-rowling", speakerId: "j-k-rowling" },
    ]);
    expect(entries.every((e) => e.DeleteRequest === undefined)).toBe(true);
  });

  it("a known speaker gets entries only for words its summary did not have", () => {
    const before = { speaker: "Dmitry Peskov", aliases: new Set(["Peskov"]) };
    const again = speakerSearchEntries([{ speakerId: "dmitry-peskov", speaker: "Dmitry Peskov", aliases: ["Peskov"] }], () => before);
    expect(again).toEqual([]);
    const alias = speakerSearchEntries([{ speakerId: "dmitry-peskov", aliases: ["Kremlin spokesman Peskov"] }], () => before);
    expect(alias.map((e) => e.PutRequest!.Item.SK)).toEqual(["kremlin#dmitry-peskov", "spokesman#dmitry-peskov"]);
  });

  it("partitions by the first two characters, not code units", () => {
    expect(searchPartition("🙂🙃abc")).toBe("SEARCH#🙂🙃");
    expect(searchPartition("ab")).toBe("SEARCH#ab");
  });
});
