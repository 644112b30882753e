/**
 * The words a claim's wording is compared by. Two reports of one statement differ in what the
 * comparison must not see: case, accents, quote marks and apostrophes (straight, curly, doubled
 * `''`), punctuation, digit grouping ("250,000" / "250000"), editorial brackets ("[censored]").
 */

/** Words of a statement, lower-case ASCII letters and digits; apostrophes inside a word are dropped ("it's" → "its"). */
export function statementWords(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    // An editor's insertion is not the speaker's wording.
    .replace(/\[[^\]]{0,40}\]/g, " ")
    .replace(/(\d)[,.](?=\d{3}\b)/g, "$1")
    .replace(/(\p{L})['’‘`](\p{L})/gu, "$1$2");
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
}
