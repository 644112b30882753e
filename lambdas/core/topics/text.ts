import { memoizeString } from "./memo.ts";

/**
 * Dotted acronyms (U.S., U.N.) stay one word; otherwise runs of letters and digits, with an inner
 * apostrophe kept (don't). Hyphens split words, so "semi-final" matches the phrase "semi final".
 */
export const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Calls `visit` with each word as written, without an object per word. */
export function forEachWord(text: string, visit: (surface: string) => void): void {
  const words = new RegExp(WORD);
  for (let m = words.exec(text); m !== null; m = words.exec(text)) visit(m[0]);
}

/** Calls `visit` with the match key of each word. */
export function forEachKey(text: string, visit: (key: string) => void): void {
  forEachWord(text, (surface) => visit(stem(surface.toLowerCase())));
}

/** Just the match keys, for vocabulary entries. */
export function keysOf(text: string): string[] {
  const keys: string[] = [];
  forEachKey(text, (k) => keys.push(k));
  return keys;
}

/**
 * A deliberately light English stemmer: folds plurals, possessives, -ing and -ed so that "elections",
 * "election", "voted" and "voting" meet "vote". It is applied to vocabulary and text alike, so its
 * imperfections cancel out; it never needs to produce real words.
 */
export const stem = memoizeString(stemUncached, 50_000);

function stemUncached(word: string): string {
  let w = word.replace(/['’]s$/, "").replace(/['’]/g, "");
  if (w.length <= 3 || /\d/.test(w) || w.includes(".")) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (w.length >= 4 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/**
 * Words that say nothing about a topic: function words, reporting verbs (every claim has one),
 * and the calendar and number words every news story uses.
 */
const STOPWORD_LIST = `a about above after again against ago all almost along already also although always am among an and
another any anyone anything are around as at away back be became because become been before being below between both but by
can cannot could did do does doing done down during each either else enough even ever every few for from further get gets
got had has have having he her here hers herself him himself his how however i if in into is it its itself just least less
like likely made make makes many may me might more most much must my myself near neither never next no nor not now of off
often on once one only or other others otherwise our ours ourselves out over own per perhaps quite rather really same she
should since so some something still such than that the their theirs them themselves then there these they this those
though through thus to too toward towards under until up upon us very via was we well were what whatever when where whether
which while who whom whose why will with within without would yet you your yours yourself yourselves
said say says saying told tell tells telling added adding asked according stated statement claimed claims claim noted
believe believes think thinks thought known added insisted warned argued explained announced reported report reports
mr mrs ms dr sir lord madam mister anti pro non co re ex
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun today yesterday tomorrow week weeks month months year years day days time times
two three four five six seven eight nine ten hundred thousand first second third last new old many lot lots
people thing things way ways part including include includes made make going go goes went come came see seen want wanted
don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't it's that's there's he's she's
we're they're i'm i've we've they've you're`;

/** Place and scope words: part of many names and phrases ("American football"), a topic of none. */
const NON_TOPICAL_LIST = `american america african africa european europe asian asia british britain national international
world global north south east west northern southern eastern western united city cities country countries local`;

export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_LIST.split(/\s+/).filter(Boolean));
const STOP_KEYS: ReadonlySet<string> = new Set([...STOPWORDS, ...NON_TOPICAL_LIST.split(/\s+/)].map(stem));

/** True for a match key that carries no topical meaning on its own. */
export const isStopKey = (key: string): boolean => STOP_KEYS.has(key) || key.length < 2 || /^\d+$/.test(key);
