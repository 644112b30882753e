/**
 * Noun-phrase boundaries around a cue, found without a parser: the speaker to the left ("the
 * spokesman for the agency said"), the speaker to the right ("said spokesman Dmitry Peskov"), and the
 * adjuncts between a cue and its content ("told reporters on Monday that").
 */
import type { Token } from "../text/tokenize.ts";
import { ADJUNCT_HEADS, ADJUNCT_OPENERS, AUX, CALENDAR_NAMES, CLAUSE_BOUNDARIES, FINITE, OBJECT_PRONOUNS, ROLE_LINKS, ROLE_MODIFIERS, SUBJECT_VERB_ADVERBS, DETERMINERS, DOCUMENT_HEADS, NP_STOP, ORG_HEADS, PRONOUNS, ROLE_NOUNS, TIME_WORDS, TITLES, cueRate } from "../lexicon/index.ts";
import type { NameRuns } from "./names.ts";

export interface Span {
  start: number;
  end: number;
  /** Token that names the speaker: the role noun in "a spokesman for the agency". */
  head: number;
}


const MAX_NP = 7;

const isWord = (t: Token | undefined): t is Token => !!t && t.type === "word";
const isPersonish = (lower: string) => ROLE_NOUNS.has(lower) || TITLES.has(lower) || ORG_HEADS.has(lower) || DOCUMENT_HEADS.has(lower);

/** The speaker noun phrase that ends right before `cue` (auxiliaries skipped), or undefined. */
export function speakerBefore(tokens: Token[], cue: number, min: number, names: NameRuns): Span | undefined {
  let j = cue - 1;
  for (let skipped = 0; j >= min && skipped < 4 && isWord(tokens[j]) && isBetweenSubjectAndVerb(tokens[j]!); skipped++) j--;
  if (j < min) return undefined;
  // "Sen. Lindsey Graham (R-S.C.) said": step over a parenthesis.
  if (tokens[j]!.text === ")") {
    let k = j - 1;
    while (k > min && k > j - 8 && tokens[k]!.text !== "(") k--;
    if (tokens[k]?.text === "(") {
      const inner = nounPhraseEndingAt(tokens, k - 1, min, names, true);
      return inner ? { start: inner.start, end: j + 1, head: inner.head } : undefined;
    }
  }
  if (tokens[j]!.text === ",") return appositiveSpeaker(tokens, j, min, names);
  // "an architect who said", "Obama, who has argued": the relative pronoun's antecedent speaks.
  if (tokens[j]!.lower === "who" && j - 1 >= min) {
    const k = tokens[j - 1]!.text === "," ? j - 2 : j - 1;
    const ante = k >= min ? nounPhraseEndingAt(tokens, k, min, names, true) : undefined;
    return ante ? { start: ante.start, end: j + 1, head: ante.head } : undefined;
  }
  const np = nounPhraseEndingAt(tokens, j, min, names, true);
  // "Most economists polled by the Daily Ledger expect": the agent of a participle is not the subject.
  if (np && tokens[np.start - 1]?.lower === "by" && /ed$/.test(tokens[np.start - 2]?.lower ?? "") && np.start - 3 >= min) {
    return nounPhraseEndingAt(tokens, np.start - 3, min, names, true) ?? np;
  }
  return np;
}

/**
 * "Tom Whitaker, a spokesman for the agency, said", "Smith, 45, said" and "The agency's
 * spokesman, Tom Whitaker, said": the name on either side of the appositive.
 */
function appositiveSpeaker(tokens: Token[], comma: number, min: number, names: NameRuns): Span | undefined {
  // The closest name followed by a comma, at most 30 tokens back: the appositive may hold commas,
  // relative clauses and names of its own ("a former official who runs Crosscut Strategies").
  for (let c = comma - 1; c > min && c > comma - 30; c--) {
    const t = tokens[c]!;
    // The sentence start (min) bounds the search; a dot here ends an abbreviation ("of Ashton, Md., said").
    if (t.type === "quote" || t.text === ";") break;
    if (t.type === "word" && !t.cap && cueRate(t.lower) > 0.5) break;
    if (t.text !== ",") continue;
    const outer = nounPhraseEndingAt(tokens, c - 1, min, names, true);
    if (!outer) continue;
    const head = tokens[outer.head]!;
    const inner = nounPhraseEndingAt(tokens, comma - 1, c + 1, names, true);
    // "The agency's spokesman, Tom Whitaker, said": the name is the appositive itself.
    if (inner && inner.start === c + 1 && tokens[inner.head]!.cap && !head.cap) return { start: outer.start, end: inner.end, head: inner.head };
    if (!head.cap && !PRONOUNS.has(head.lower)) continue;
    // A capitalized word is a name only when the article's name runs say so ("Currently," is not).
    if (head.cap && !names.runAtToken(outer.head)) continue;
    if (outer.start > min && !isBoundary(tokens[outer.start - 1]!)) continue;
    return outer;
  }
  return undefined;
}

/**
 * Auxiliaries, adverbs and time words between a subject and its verb ("just this month announced",
 * "The Kremlin on Tuesday rejected"). Capitalized words only when they name a day or a month, so a
 * date is never taken for the speaker.
 */
function isBetweenSubjectAndVerb(t: Token): boolean {
  const lower = t.lower;
  if (t.cap) return CALENDAR_NAMES.has(lower);
  return AUX.has(lower) || TIME_WORDS.has(lower) || /n't$/.test(lower) || (lower.length > 4 && lower.endsWith("ly") && !ROLE_NOUNS.has(lower)) || SUBJECT_VERB_ADVERBS.has(lower);
}

/** "he's", "they've", "we'd": a pronoun glued to its auxiliary. */
const PRONOUN_CONTRACTION = /^(he|she|they|it|i|we|you)'(s|ve|d|ll|re|m)$/;

const isBoundary = (t: Token) => t.type !== "word" || CLAUSE_BOUNDARIES.has(t.lower);

/** Walks left from `end` (inclusive) over one noun phrase; joins "of/for" phrases to a role noun. */
export function nounPhraseEndingAt(tokens: Token[], end: number, min: number, names: NameRuns, allowPP: boolean): Span | undefined {
  const t = tokens[end];
  if (!isWord(t) || end < min) return undefined;
  if ((PRONOUNS.has(t.lower) && !OBJECT_PRONOUNS.has(t.lower)) || PRONOUN_CONTRACTION.test(t.lower)) return { start: end, end: end + 1, head: end };
  if (NP_STOP.has(t.lower) || DETERMINERS.has(t.lower) || (!t.cap && cueRate(t.lower) > 0.3 && !isPersonish(t.lower))) return undefined;
  let start = end;
  const run = t.cap ? names.runAtToken(end) : undefined;
  if (run) start = Math.max(min, run.start);
  // Modifiers to the left: roles ("spokesman Dmitry Peskov"), adjectives, possessors ("Putin's").
  let steps = 0;
  while (start - 1 >= min && steps < MAX_NP) {
    const p = tokens[start - 1]!;
    // "Ms. Moore", "Sen. Lopez": an abbreviated title and its dot.
    if (p.text === "." && start - 2 >= min && isWord(tokens[start - 2]) && tokens[start - 2]!.end === p.start && tokens[start - 2]!.cap) {
      const abbr = tokens[start - 2]!;
      if (TITLES.has(abbr.lower) || abbr.text.length === 1) {
        start -= 2;
        steps++;
        continue;
      }
    }
    if (!isWord(p)) break;
    if (DETERMINERS.has(p.lower)) {
      start--;
      break;
    }
    // An all-capitals acronym ("WHO Director-General ...") is a name even when it spells a function word.
    const acronym = p.text.length > 1 && p.text === p.text.toUpperCase() && /\p{Lu}/u.test(p.text);
    if (!acronym && (NP_STOP.has(p.lower) || AUX.has(p.lower) || PRONOUNS.has(p.lower))) break;
    if (!p.cap && cueRate(p.lower) > 0.3) break;
    // Before a name only roles and titles ("spokesman Dmitry Peskov", "former aide Ann Lee"), not
    // the verb of another clause ("The city hired Nadia Brooks").
    if (run && !p.cap && !(TITLES.has(p.lower) || ROLE_NOUNS.has(p.lower) || p.lower.endsWith("'s") || ROLE_MODIFIERS.has(p.lower))) break;
    // A capitalized run before a lower-case head is a modifier ("White House officials").
    if (p.cap) {
      const r = names.runAtToken(start - 1);
      start = r ? Math.max(min, r.start) : start - 1;
    } else start--;
    steps++;
  }
  let span: Span = { start, end: end + 1, head: end };
  const headTok = tokens[end]!;
  const headIsRole = isPersonish(headTok.lower.replace(/'s$/, "")) || headTok.cap;
  // A bare lower-case word is a source only when it is a role, an organization or a plural.
  if (!headIsRole && !/s$/.test(headTok.lower) && end - start < 1) return undefined;
  if (allowPP) {
    // "a spokesman for the agency": the role noun before the preposition is the head.
    for (let hop = 0; hop < 2; hop++) {
      const link = tokens[span.start - 1];
      if (!isWord(link) || !ROLE_LINKS.has(link.lower) || span.start - 2 < min) break;
      const left = nounPhraseEndingAt(tokens, span.start - 2, min, names, false);
      if (!left) break;
      const lh = tokens[left.head]!.lower;
      // "a person familiar with the talks": the role noun may sit inside the phrase.
      let roleAt = -1;
      for (let k = left.head; k >= left.start; k--) if (ROLE_NOUNS.has(tokens[k]!.lower)) { roleAt = k; break; }
      if (!(ROLE_NOUNS.has(lh) || TITLES.has(lh) || DOCUMENT_HEADS.has(lh) || /s$/.test(lh) || ["member", "head", "director"].includes(lh)) && roleAt < 0) break;
      // "analyst Mike Powell of Dresdner": a name heading the left phrase stays the head.
      span = { start: left.start, end: span.end, head: tokens[left.head]!.cap || ROLE_NOUNS.has(lh) || roleAt < 0 ? left.head : roleAt };
    }
  }
  return span;
}

/** The speaker right after a cue ("said spokesman Dmitry Peskov", "said a senior official"). */
export function speakerAfter(tokens: Token[], cue: number, max: number, names: NameRuns): Span | undefined {
  let i = cue + 1;
  if (i >= max || !isWord(tokens[i])) return undefined;
  const first = tokens[i]!;
  if (PRONOUNS.has(first.lower) && !(OBJECT_PRONOUNS.has(first.lower) || first.lower === "it")) return { start: i, end: i + 1, head: i };
  const start = i;
  let head = -1;
  let end = i;
  for (let steps = 0; i < max && steps < MAX_NP; steps++) {
    const t = tokens[i]!;
    if (!isWord(t)) break;
    // "said Mr. Goldberg": step over the abbreviated title.
    if (t.cap && tokens[i + 1]?.text === "." && tokens[i + 1]!.start === t.end && TITLES.has(t.lower) && isWord(tokens[i + 2])) {
      i += 2;
      continue;
    }
    if (t.cap) {
      const r = names.runAtToken(i);
      const runEnd = r ? Math.min(max, r.end) : i + 1;
      head = runEnd - 1;
      i = end = runEnd;
      // A name ends the phrase ("said Peskov on Monday") unless a person it introduces follows:
      // "said Jupiter Research analyst Olivier Beauvillian", "said UK Chancellor of the Exchequer
      // Gordon Brown", "said Richard and Judy executive producer Amanda Ross".
      const person = personIntroducedAfter(tokens, runEnd, max, names, /'s$/.test(tokens[runEnd - 1]!.lower));
      if (person) {
        head = person.end - 1;
        end = person.end;
      }
      break;
    }
    if (DETERMINERS.has(t.lower) && i === start) {
      i++;
      continue;
    }
    if (NP_STOP.has(t.lower) || TIME_WORDS.has(t.lower) || cueRate(t.lower) > 0.3) break;
    head = i;
    i = end = i + 1;
  }
  if (head < 0) return undefined;
  const ht = tokens[head]!;
  if (!ht.cap && !isPersonish(ht.lower) && !/s$/.test(ht.lower)) return undefined;
  // "said a spokesman for the ministry"
  if (!ht.cap && ROLE_LINKS.has(tokens[end]?.lower ?? "") && tokens[end]!.lower !== "in" && isWord(tokens[end + 1])) {
    let k = end + 1;
    let steps = 0;
    while (k < max && steps < 5 && isWord(tokens[k]) && !NP_STOP.has(tokens[k]!.lower) && cueRate(tokens[k]!.lower) <= 0.3) {
      k++;
      steps++;
    }
    if (k > end + 1) end = k;
  }
  return { start, end, head };
}

/**
 * First token of the content after a cue: skips addressees ("told reporters"), time and venue
 * adjuncts ("on Monday", "in a statement to CNN"), a comma or colon, and the complementizer "that".
 */
export function contentStartAfter(tokens: Token[], from: number, max: number, takesObject: boolean, names: NameRuns): number {
  let i = from;
  const peek = (k: number) => tokens[k];
  // "that" close after the cue settles it: everything before it is adjuncts.
  for (let k = i; k < Math.min(max, i + 9); k++) {
    const t = tokens[k]!;
    if (t.lower === "that" && (isWord(peek(k + 1)) || peek(k + 1)?.text === ",")) return k + 1 + (peek(k + 1)?.text === "," ? 1 : 0);
    if (t.type === "quote" || (t.type === "punct" && t.text !== "," && t.text !== ".")) break;
    if (t.type === "word" && cueRate(t.lower) > 0.5 && k > i) break;
    // A finite verb before "that" means the clause already began ("officials are in possession of video that").
    if (t.type === "word" && (FINITE.has(t.lower) || /n't$/.test(t.lower))) break;
  }
  if (takesObject && i < max) {
    const t = tokens[i]!;
    if (PRONOUNS.has(t.lower) || t.lower === "reporters") i++;
    else {
      let k = i;
      if (DETERMINERS.has(tokens[k]!.lower)) k++;
      const r = tokens[k]?.cap ? names.runAtToken(k) : undefined;
      if (r) i = r.end;
    }
  }
  for (let guard = 0; guard < 6 && i < max; guard++) {
    const t = tokens[i]!;
    if (t.type === "word" && TIME_WORDS.has(t.lower) && !(t.lower === "on" && !isWord(peek(i + 1)))) {
      // "on Monday", "last week", "earlier this month"
      i++;
      continue;
    }
    if (t.type === "word" && ADJUNCT_OPENERS.has(t.lower)) {
      let k = i + 1;
      let steps = 0;
      let ok = false;
      while (k < max && steps < 6 && isWord(peek(k))) {
        const u = tokens[k]!;
        if (ADJUNCT_HEADS.has(u.lower) || TIME_WORDS.has(u.lower) || u.lower === "reporters") ok = true;
        else if (u.cap) {
          const r = names.runAtToken(k);
          ok = true;
          k = r ? r.end : k + 1;
          steps++;
          if (!isWord(peek(k)) || !["with", "on", "to"].includes(tokens[k]!.lower)) break;
          continue;
        } else if (ok) break;
        else if (!DETERMINERS.has(u.lower) && !/^(an?|the|his|her|their|its|press|news|phone|telephone|written|joint|radio|television|tv|recent|brief|lengthy|exclusive|separate)$/.test(u.lower)) break;
        k++;
        steps++;
      }
      if (ok) {
        i = k;
        continue;
      }
      break;
    }
    if (t.text === "," || t.text === ":" || t.text === "—" || t.text === "–") {
      i++;
      continue;
    }
    if (t.lower === "that" && isWord(peek(i + 1))) return i + 1;
    break;
  }
  return i;
}

/** The person named after an organization or a title and the role words between them. */
function personIntroducedAfter(tokens: Token[], from: number, max: number, names: NameRuns, possessive: boolean): { end: number } | undefined {
  // "Kidman's publicist Wendy Day": after a possessive any role noun may introduce the name.
  let freeNouns = possessive ? 2 : 0;
  for (let k = from, steps = 0; k < max && steps < 8; steps++) {
    const t = tokens[k]!;
    if (!isWord(t)) return undefined;
    if (t.cap) {
      const r = names.runAtToken(k);
      if (r?.type === "person" && r.nameWords >= 2) return { end: Math.min(max, r.end) };
      k = r ? r.end : k + 1;
      continue;
    }
    const joins = t.lower === "and" || t.lower === "of" || t.lower === "the" || ROLE_NOUNS.has(t.lower) || TITLES.has(t.lower) || ROLE_MODIFIERS.has(t.lower);
    if (!joins && freeNouns-- <= 0) return undefined;
    k++;
  }
  return undefined;
}
