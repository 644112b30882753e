import { HONORIFICS, NATIONALITIES, ORG_HEADS, PARTY_WORDS, ROLE_NOUNS, TITLES } from "../core/lexicon/index.ts";

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

/** Words that say what someone is, not who: "the Kremlin spokesman", "Mr", "Labour MP". */
const isRoleWord = (word: string) => [TITLES, HONORIFICS, ROLE_NOUNS, ORG_HEADS, NATIONALITIES, PARTY_WORDS].some((list) => list.has(word.replace(/\./g, "")));

/**
 * The words a speaker is filed under in the search index: every word of its canonical name (which
 * carries no titles), and of its other mentions only the capitalised words that are not roles or
 * titles (a former name, an acronym: "BA" for British Airways). Role words of mentions ("spokesman",
 * "Mr", "Kremlin spokesman") would each cost an index entry for nearly every speaker and find a crowd;
 * a search still matches them once a name word has found the speaker (matchesSearch).
 */
export function indexedWords(names: { speaker?: string; aliases: readonly string[] }): string[] {
  const aliasNameWords = names.aliases
    .flatMap((alias) => alias.split(/\s+/))
    .filter((token) => /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(token) && !isRoleWord(token.toLowerCase().replace(/[^\p{L}\p{N}.'-]+/gu, "")));
  return searchWords([names.speaker ?? "", ...aliasNameWords].join(" "));
}

/** Thrown for a `q` the index cannot serve: no word of at least SEARCH_PREFIX_CHARS characters. */
export class UnsearchableQueryError extends Error {
  override readonly name = "UnsearchableQueryError";
}

/**
 * The words a search may read the index by, longest (most selective by its length) first: the query's
 * words of SEARCH_PREFIX_CHARS or more that are not roles or titles (indexedWords files speakers under
 * those only when they are part of a name: "King" of Billie Jean King), else all of them.
 */
export function probeCandidates(q: string): string[] {
  const searchable = searchWords(q).filter((w) => [...w].length >= SEARCH_PREFIX_CHARS);
  const names = searchable.filter((w) => !isRoleWord(w));
  const candidates = [...new Set(names.length > 0 ? names : searchable)].sort((a, b) => [...b].length - [...a].length);
  if (candidates.length === 0) {
    throw new UnsearchableQueryError(`must contain a name word of at least ${SEARCH_PREFIX_CHARS} letters or digits (pronouns and articles do not count)`);
  }
  return candidates;
}

/** The word a search reads the index by when it knows nothing of the index: the longest candidate. */
export function probeWord(q: string): string {
  return probeCandidates(q)[0]!;
}

/** Every word of the query starts a word of the speaker's name or one of its aliases. */
export function matchesSearch(summary: { speaker: string; aliases: readonly string[] }, q: string): boolean {
  const words = searchWords([summary.speaker, ...summary.aliases].join(" "));
  return searchWords(q).every((w) => words.some((n) => n.startsWith(w)));
}
