import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLexicon } from "../../lambdas/core/topics/lexicon.ts";
import { WORD } from "../../lambdas/core/topics/text.ts";
import { readWords } from "../../lambdas/core/topics/words.ts";

const lexicon = createLexicon({ topics: ["a"], words: new Map(), phrases: new Map() });

/** The words as [start, end, surface], read by the scanner and by the pattern it stands for. */
const scanned = (text: string) => {
  const list = readWords(text, lexicon);
  return Array.from({ length: list.length }, (_, k) => [list.starts[k], list.ends[k], list.infos[k]!.surface]);
};
const byPattern = (text: string) => [...text.matchAll(new RegExp(WORD))].map((m) => [m.index, m.index + m[0].length, m[0]]);

describe("topics: reading words", () => {
  it.each<[string, string[]]>([
    ["The U.S. and the U.N. said so.", ["The", "U.S.", "and", "the", "U.N.", "said", "so"]],
    ["U.S.A is not U.S", ["U.S.", "A", "is", "not", "U", "S"]],
    ["Don't rock’n’roll 2,000 semi-final", ["Don't", "rock’n", "roll", "2", "000", "semi", "final"]],
    ["l'État 4's x'1 Zürich Ωmega", ["l'État", "4's", "x", "1", "Zürich", "Ωmega"]],
    ["𝐀.𝐁. 𝒜bc \uD835 ١٢٣", ["𝐀.𝐁.", "𝒜bc", "١٢٣"]],
  ])("%s", (text, words) => {
    expect(scanned(text).map((w) => w[2])).toEqual(words);
    expect(scanned(text)).toEqual(byPattern(text));
  });

  it("finds exactly the words the WORD pattern finds, at the same offsets", () => {
    const tricky = fc.constantFrom("U", "S", ".", "'", "’", "a", "é", "1", "١", " ", "-", "𝐀", "\uD835", "\uDC00", "Ω", "ß");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: tricky, maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 })), (text) => {
        expect(scanned(text)).toEqual(byPattern(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("a spelling read in place is the same entry as the spelling read alone, past the spelling table's bound", () => {
    const fresh = createLexicon({ topics: ["a"], words: new Map(), phrases: new Map() });
    const text = Array.from({ length: 55_000 }, (_, k) => `W${k.toString(36)}`).join(" ");
    for (let pass = 0; pass < 2; pass++) {
      const list = readWords(text, fresh);
      expect(list.length).toBe(55_000);
      for (let k = 0; k < list.length; k += 997) {
        const surface = text.slice(list.starts[k], list.ends[k]);
        expect(list.infos[k]!.surface).toBe(surface);
        expect(list.infos[k]).toEqual(fresh.word(surface));
      }
    }
  });

  it("spellings with the same hash stay apart", () => {
    // Pairs with equal 32-bit FNV-1a hashes.
    const fresh = createLexicon({ topics: ["a"], words: new Map(), phrases: new Map() });
    const text = "costarring liquid declinate macallums liquid costarring";
    expect(Array.from(readWords(text, fresh).infos, (w) => w.surface)).toEqual(text.split(" "));
  });
});
