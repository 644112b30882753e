import { describe, expect, it } from "vitest";
import { speakerSearchEntries, searchPartition } from "../../lambdas/store/speaker-search.ts";
import { indexedWords, matchesSearch, probeCandidates, probeWord, searchWords, UnsearchableQueryError } from "../../lambdas/store/search-words.ts";

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
    // Every word a search may read the index by, longest first: name words before roles and titles.
    expect(probeCandidates("Maria Kal")).toEqual(["maria", "kal"]);
    expect(probeCandidates("mayor park j")).toEqual(["park"]);
    expect(probeCandidates("the mayor")).toEqual(["mayor"]);
  });

  it("reads by a name word rather than a role or title, and by the role when the query has nothing else", () => {
    expect(probeWord("park mayor")).toBe("park");
    expect(probeWord("spokesman Peskov")).toBe("peskov");
    expect(probeWord("King")).toBe("king");
  });

  it.each([
    [{ speaker: "Dmitry Peskov", aliases: ["Kremlin spokesman Peskov", "the spokesman", "Mr Peskov"] }, ["dmitry", "peskov", "kremlin"]],
    [{ speaker: "British Airways", aliases: ["BA", "the airline"] }, ["british", "airways", "ba"]],
    [{ speaker: "Billie Jean King", aliases: ["King", "Ms King"] }, ["billie", "jean", "king"]],
    [{ speaker: "Ellen Park", aliases: ["Mayor Park", "Labour MP Ellen Park", "U.S. Senator Park"] }, ["ellen", "park"]],
    [{ aliases: ["(Reuters)"] }, ["reuters"]],
  ])("files %j under %j", (names, words) => {
    expect(indexedWords(names)).toEqual(words);
  });

  it("matches when every query word starts a word of the name or an alias", () => {
    const s = { speaker: "Dmitry Peskov", aliases: ["spokesman Dmitry Peskov", "Kremlin spokesman"] };
    for (const q of ["pesk", "Dmitry P", "p dmitry", "kreml", "SPOKES"]) expect(matchesSearch(s, q), q).toBe(true);
    for (const q of ["eskov", "peskova", "dmitry x", "putin"]) expect(matchesSearch(s, q), q).toBe(false);
  });
});

describe("speaker search index entries", () => {
  it("a speaker reaching its third article gets one entry per name word of two or more characters, keyed by its first two; titles of mentions get none", () => {
    const entries = speakerSearchEntries([{ speakerId: "j-k-rowling", speaker: "J. K. Rowling", aliases: ["Ms Rowling", "she"], articleDelta: 1 }], () => ({ speaker: "J. K. Rowling", articleCount: 2 }));
    const fresh = speakerSearchEntries([{ speakerId: "j-k-rowling", speaker: "J. K. Rowling", aliases: ["Ms Rowling", "she"], articleDelta: 1 }], () => undefined);
    const items = entries.map((e) => e.PutRequest!.Item);
    expect(items).toEqual([{ PK: "SEARCH#ro", SK: "rowling#j-k-rowling", speakerId: "j-k-rowling" }]);
    expect(fresh).toEqual([]);
    expect(entries.every((e) => e.DeleteRequest === undefined)).toBe(true);
  });

  it("a speaker of one article is not filed, however many claims it has there; its third article files the names it has gathered", () => {
    expect(speakerSearchEntries([{ speakerId: "ann-lee", speaker: "Ann Lee", aliases: [], articleDelta: 1 }], () => undefined)).toEqual([]);
    const once = { speaker: "Ann Lee", aliases: new Set(["Kremlin adviser Lee"]), claimCount: 5, articleCount: 2 };
    expect(speakerSearchEntries([{ speakerId: "ann-lee", aliases: [], articleDelta: 0 }], () => once)).toEqual([]);
    const twice = speakerSearchEntries([{ speakerId: "ann-lee", aliases: [], articleDelta: 1 }], () => once);
    expect(twice.map((e) => e.PutRequest!.Item.SK)).toEqual(["ann#ann-lee", "lee#ann-lee", "kremlin#ann-lee"]);
  });

  it("a filed speaker gets entries only for words its summary did not have", () => {
    const before = { speaker: "Dmitry Peskov", aliases: new Set(["Peskov"]), claimCount: 4, articleCount: 3 };
    const again = speakerSearchEntries([{ speakerId: "dmitry-peskov", speaker: "Dmitry Peskov", aliases: ["Peskov"], articleDelta: 1 }], () => before);
    expect(again).toEqual([]);
    const alias = speakerSearchEntries([{ speakerId: "dmitry-peskov", aliases: ["Kremlin spokesman Peskov"], articleDelta: 0 }], () => before);
    expect(alias.map((e) => e.PutRequest!.Item.SK)).toEqual(["kremlin#dmitry-peskov"]);
  });

  it("partitions by the first two characters, not code units", () => {
    expect(searchPartition("🙂🙃abc")).toBe("SEARCH#🙂🙃");
    expect(searchPartition("ab")).toBe("SEARCH#ab");
  });
});
