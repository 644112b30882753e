import { slugify } from "../ids.ts";
import { memoizeString } from "./memo.ts";
import type { TermMatch } from "./match.ts";
import type { TermTable } from "./weights.ts";
import type { WordSpan } from "./words.ts";

export const MAX_SUBJECTS = 5;

/** Lower-case words that may sit inside a name: "Bank of England", "Ludwig van Beethoven". */
const NAME_CONNECTORS = new Set(["of", "the", "for", "de", "del", "der", "van", "von", "da", "du", "al", "la", "le", "bin"]);

/** Titles and roles in front of a name: the subject is the name, not "President". */
const TITLES = new Set(
  `mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary senator sen rep representative
  governor gov mayor chancellor general gen chief judge justice king queen prince princess pope archbishop bishop
  rev reverend lt col capt sgt officer spokesman spokeswoman spokesperson foreign defence defense interior finance
  home state deputy former acting chairman chairwoman chair director coach manager commissioner ambassador
  inspector detective superintendent constable professor`.split(/\s+/),
);

/** Longer runs of capitalised words are headline casing, not names. */
const MAX_NAME_WORDS = 5;
/** Vocabulary terms weaker than this say too little to be a subject. */
const MIN_TERM_WEIGHT = 3;

/**
 * Headline-style Title Case, where capitals say nothing about names: function words after the first
 * are capitalised ("Voters Worried About Their Health"), or every longer word is.
 */
function isTitleCase(span: WordSpan): boolean {
  let functionWords = 0;
  let capitalisedFunctionWords = 0;
  let words = 0;
  let capitalised = 0;
  for (let i = 0; i < span.length; i++) {
    const t = span.info(i);
    if (!t.startsWithLetter) continue;
    if (t.isStopword) {
      if (i === 0) continue;
      functionWords++;
      if (t.capitalised) capitalisedFunctionWords++;
    } else if (t.surface.length > 3) {
      words++;
      if (t.capitalised) capitalised++;
    }
  }
  return (functionWords >= 2 && capitalisedFunctionWords >= functionWords * 0.5) || (words >= 5 && capitalised === words);
}

/** Words a and b of the span are separated by spaces or tabs only (at least one). */
function onlySpaceBetween(text: string, span: WordSpan, a: number, b: number): boolean {
  const from = span.end(a);
  const to = span.start(b);
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
const atSentenceStart = (text: string, start: number): boolean => /(?:^|[.!?:;"“‘(\n]\s*)$/.test(text.slice(Math.max(0, start - 4), start));

interface Span {
  first: number;
  last: number;
}

/** Runs of capitalised words (with name connectors inside), titles stripped, obvious non-names dropped. */
function namedEntities(text: string, words: WordSpan, table: TermTable): Span[] {
  const spans: Span[] = [];
  if (isTitleCase(words)) return spans;
  let i = 0;
  while (i < words.length) {
    if (!words.info(i).capitalised) {
      i++;
      continue;
    }
    let last = i + 1;
    while (last < words.length && onlySpaceBetween(text, words, last - 1, last)) {
      const next = words.info(last);
      if (next.capitalised) last++;
      else if (
        NAME_CONNECTORS.has(next.surface) && last + 1 < words.length && words.info(last + 1).capitalised &&
        onlySpaceBetween(text, words, last, last + 1)
      ) last += 2;
      else break;
    }
    let first = i;
    while (first < last - 1 && (TITLES.has(words.info(first).plain) || words.info(first).isStopword)) first++;
    if (last - first <= MAX_NAME_WORDS && isName(text, words, { first, last }, table)) spans.push({ first, last });
    i = last;
  }
  return spans;
}

function isName(text: string, words: WordSpan, span: Span, table: TermTable): boolean {
  if (span.last - span.first > 1) return true;
  const t = words.info(span.first);
  if (t.isStopword || TITLES.has(t.plain) || t.surface.length < 2) return false;
  // A capitalised common word opening a sentence ("Officials", "Inflation") is not a name.
  return !(atSentenceStart(text, words.start(span.first)) && table.words.has(t.key));
}

/**
 * Up to five salient subjects of a claim as slugs: named entities first, in order of appearance, then
 * the vocabulary terms that point most strongly at one topic (phrases before single words).
 */
export function salientSubjects(text: string, words: WordSpan, matches: readonly TermMatch[], table: TermTable): string[] {
  const out: string[] = [];
  const covered = new Uint8Array(words.length);
  for (const span of namedEntities(text, words, table)) {
    // "Hillary Clinton’s team" is about Hillary Clinton.
    addSubject(out, text.slice(words.start(span.first), words.end(span.last - 1)).replace(/['’]s$/, ""));
    covered.fill(1, span.first, span.last);
  }
  const ranked = matches
    .map((m) => ({ m, rank: peak(m.weights) * (m.last - m.first > 1 ? 1.5 : 1) }))
    .filter(({ rank }) => rank >= MIN_TERM_WEIGHT)
    .sort((a, b) => b.rank - a.rank);
  for (const { m } of ranked) {
    if (out.length >= MAX_SUBJECTS) break;
    if (anyCovered(covered, m.first, m.last)) continue;
    addSubject(out, text.slice(words.start(m.first), words.end(m.last - 1)).toLowerCase());
    covered.fill(1, m.first, m.last);
  }
  return out;
}

function addSubject(out: string[], surface: string): void {
  const slug = slugOf(surface);
  if (slug !== "" && !out.includes(slug) && out.length < MAX_SUBJECTS) out.push(slug);
}

/** Names and terms recur across an article's claims and across articles; slugging one costs several regular expressions. */
const slugOf = memoizeString(slugify, 20_000);

/** Highest weight of a row (a loop: spreading a typed array into Math.max costs more than the rest of the ranking). */
function peak(weights: Float64Array): number {
  let best = -Infinity;
  for (let t = 0; t < weights.length; t++) if (weights[t]! > best) best = weights[t]!;
  return best;
}

function anyCovered(covered: Uint8Array, first: number, last: number): boolean {
  for (let k = first; k < last; k++) if (covered[k] === 1) return true;
  return false;
}
