/**
 * The words a speaker search compares: names and queries alike are reduced to lower-case letters and
 * digits without accents ("José Núñez-Ortiz" → jose, nunez, ortiz). Pure, shared by the store's index
 * (speaker-search.ts) and the API's validation of `q`.
 */

/** Index partitions are keyed by a word's first characters; a query word must have at least this many. */
export const SEARCH_PREFIX_CHARS = 2;
/** Longer words are cut: no name needs more, and it bounds every key. */
const MAX_WORD_CHARS = 40;
/** Mentions that are not names ("he said", "the spokesman") would file every speaker under them. */
const NOT_NAMES = new Set(["he", "she", "it", "they", "we", "you", "i", "his", "her", "its", "their", "him", "them", "the", "a", "an", "of", "and"]);

export function searchWords(text: string): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "" && !NOT_NAMES.has(w))
    .map((w) => [...w].slice(0, MAX_WORD_CHARS).join(""));
  return [...new Set(words)];
}

/** Thrown for a `q` the index cannot serve: no word of at least SEARCH_PREFIX_CHARS characters. */
export class UnsearchableQueryError extends Error {
  override readonly name = "UnsearchableQueryError";
}

/** The word a search reads the index by: the longest (most selective) of the query's words. */
export function probeWord(q: string): string {
  const words = searchWords(q);
  const probe = words.reduce<string | undefined>((best, w) => (best === undefined || [...w].length > [...best].length ? w : best), undefined);
  if (probe === undefined || [...probe].length < SEARCH_PREFIX_CHARS) {
    throw new UnsearchableQueryError(`must contain a name word of at least ${SEARCH_PREFIX_CHARS} letters or digits (pronouns and articles do not count)`);
  }
  return probe;
}

/** Every word of the query starts a word of the speaker's name or one of its aliases. */
export function matchesSearch(summary: { speaker: string; aliases: readonly string[] }, q: string): boolean {
  const words = searchWords([summary.speaker, ...summary.aliases].join(" "));
  return searchWords(q).every((w) => words.some((n) => n.startsWith(w)));
}
