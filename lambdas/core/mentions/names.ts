/**
 * Proper-name mentions: runs of capitalized words, split into the role that introduces a name
 * ("Labour MP", "spokesman") and the name itself ("Jean Corston"), typed person or organization,
 * with the organization a person speaks for when the article says so ("Richard Yamarone of Argus
 * Research", "Tom Whitaker, a spokesman for the agency,").
 */
import type { Token } from "../text/tokenize.ts";
import {
  FEMALE_ROLES,
  FUNCTION_WORDS,
  HONORIFICS,
  MALE_ROLES,
  NAME_CONNECTORS,
  ROLE_MODIFIERS,
  ROLE_LINKS,
  SUBORDINATORS,
  DETERMINERS,
  NATIONALITIES,
  PARTY_WORDS,
  POSTNOMINALS,
  BUSINESS_HEADS,
  FINITE,
  SPEECH_VERBS,
  ORG_HEADS,
  ORG_NAME_WORDS,
  PLACE_WORDS,
  ROLE_NOUNS,
  TITLES,
  DOCUMENT_HEADS,
  genderOfFirstName,
  type Gender,
} from "../lexicon/index.ts";

export interface NameRun {
  /** Token range of the capitalized run, titles included ("Prime Minister Tony Blair"). */
  start: number;
  end: number;
  /** First token of the name proper ("Tony"). */
  nameStart: number;
  type: "person" | "organization" | "document";
  /** The name without titles, roles or a possessive: "Tony Blair", "Cadbury Schweppes". */
  canonical: string;
  gender: Gender;
  /** Inside a speech quote: a name the speaker mentions, not a source of the article. */
  inQuote: boolean;
  /** Words of the name itself. */
  nameWords: number;
  /** "Labour MP", "spokesman": the role the article gives the name here. */
  role?: string;
  /** "Argus Research": the organization the name speaks for here. */
  affiliation?: string;
  /** A title of address stood before the name ("Mr Blair"): certainly a person. */
  honorific: boolean;
  /** Typed person on evidence (a known first name, a title, a role), not only for want of an organization word. */
  surePerson: boolean;
  /** One word capitalized only because it opens a sentence ("Traders said"): maybe a common noun. */
  initialOnly: boolean;
}

/** The name runs of an article, with a lookup by token. */
export interface NameRuns {
  runAtToken(i: number): NameRun | undefined;
  /** Some organization or document named in the article ends with this (lower-case) word. */
  endsWithWord(lower: string): boolean;
}

export class NameIndex implements NameRuns {
  readonly runs: NameRun[] = [];
  private readonly runAt: Int32Array;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    quoteOf: Int32Array,
  ) {
    this.runAt = new Int32Array(tokens.length).fill(-1);
    // Words the article also writes in lower case are common words capitalized by position.
    const capitalized = new Set<string>();
    for (let i = 0; i < tokens.length; i++) if (tokens[i]!.cap && !tokens[i - 1]?.cap) capitalized.add(tokens[i]!.lower);
    const lowerSeen = new Set<string>();
    for (const t of tokens) if (!t.cap && t.type === "word" && capitalized.has(t.lower)) lowerSeen.add(t.lower);
    // Words capitalized inside a sentence are names wherever they stand.
    const midCap = new Set<string>();
    for (let i = 1; i < tokens.length; i++) if (tokens[i]!.cap && !isSentenceStart(tokens, i)) midCap.add(tokens[i]!.lower);
    this.collect(lowerSeen, midCap, quoteOf);
    this.retypeShortForms();
  }

  /**
   * "Lionhead" after "Lionhead Studios", "BA" after "British Airways": a one-word name that
   * shortens an organization named in the article is that organization.
   */
  private retypeShortForms(): void {
    const orgs = new Map<string, NameRun>();
    const surnames = new Set<string>();
    for (const r of this.runs) {
      const words = r.canonical.split(/\s+/);
      if (r.type === "organization" && words.length >= 2) {
        // "Citadel" for "Citadel Broadcasting", but not "Nintendo" for its product "Nintendo DS".
        if (words.slice(1).some((w) => ORG_NAME_WORDS.has(w.toLowerCase()))) orgs.set(words[0]!.toLowerCase(), r);
        const initials = words.filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join("").toLowerCase();
        if (initials.length >= 2) orgs.set(initials, r);
      }
      if (r.type === "person" && words.length >= 2) surnames.add(words[words.length - 1]!.toLowerCase());
    }
    for (const r of this.runs) {
      const key = r.canonical.toLowerCase();
      if (r.nameWords !== 1 || r.honorific || surnames.has(key)) continue;
      const org = orgs.get(key) ?? orgs.get(key.replace(/s$/, ""));
      if (org) {
        r.type = "organization";
        r.canonical = org.canonical;
        r.nameWords = org.nameWords;
      }
    }
  }

  private lastWords: Set<string> | undefined;

  endsWithWord(lower: string): boolean {
    this.lastWords ??= new Set(this.runs.filter((r) => r.type !== "person" && r.nameWords >= 2).map((r) => r.canonical.split(/\s+/).pop()!.toLowerCase()));
    return this.lastWords.has(lower);
  }

  runAtToken(i: number): NameRun | undefined {
    const r = this.runAt[i];
    return r !== undefined && r >= 0 ? this.runs[r] : undefined;
  }

  private collect(lowerSeen: Set<string>, midCap: Set<string>, quoteOf: Int32Array): void {
    const toks = this.tokens;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (!isNameWord(t) || FUNCTION_WORDS.has(t.lower)) continue;
      // "Officials said", "Analysts warn": a sentence-initial common noun.
      const common = ROLE_NOUNS.has(t.lower) || ORG_HEADS.has(t.lower) || DOCUMENT_HEADS.has(t.lower) || lowerSeen.has(t.lower);
      if (common && !TITLES.has(titleKey(t)) && isSentenceStart(toks, i) && !isSentenceInitialName(toks, i)) continue;
      let j = i + 1;
      while (j < toks.length && !/'s$/.test(toks[j - 1]!.lower)) {
        const u = toks[j]!;
        if (u.para !== t.para) break;
        if (isNameWord(u) && !FUNCTION_WORDS.has(u.lower)) j++;
        else if (u.text === "." && toks[j - 1]!.end === u.start && isInitialOrAbbrev(toks[j - 1]!)) j++;
        else if (NAME_CONNECTORS.has(u.lower) && toks[j + 1] && isNameWord(toks[j + 1]!) && joinsName(toks, j)) j++;
        // "Securities and Exchange Commission", "Department for Education and Skills": "and" inside
        // an organization's name, never between two people ("Kenteris and Thanou").
        else if (u.lower === "and" && toks[j + 1] && isNameWord(toks[j + 1]!) && andJoinsOrganization(toks, i, j)) j++;
        // "Channel 4", "Radio 5": a short number ends a name.
        else if (/^\d{1,3}$/.test(u.text) && u.start === toks[j - 1]!.end + 1 && !isNameWord(toks[j + 1] ?? u)) j++;
        else break;
      }
      // "Saying Britain must change": a verb or adverb capitalized by its position opens no name.
      if (isSentenceStart(toks, i) && !midCap.has(t.lower) && /(ing|ly|ed)$/.test(t.lower) && !genderOfFirstName(t.lower) && j > i + 1) {
        this.add(i + 1, j, lowerSeen, quoteOf);
        i = j - 1;
        continue;
      }
      // A lone capitalized word opening a sentence ("Speaking to ...", "Under the plan") is a name
      // only when the article also capitalizes it mid-sentence or it is the subject of a verb.
      const initialOnly = j === i + 1 && isSentenceStart(toks, i) && !midCap.has(t.lower) && !genderOfFirstName(t.lower);
      if (initialOnly) {
        const next = toks[j];
        if (!next || next.type !== "word" || !(SPEECH_VERBS.has(next.lower) || FINITE.has(next.lower))) continue;
      }
      this.add(i, j, lowerSeen, quoteOf);
      if (initialOnly && this.runs.at(-1)?.start === i) this.runs.at(-1)!.initialOnly = true;
      i = j - 1;
    }
  }

  private add(start: number, end: number, lowerSeen: Set<string>, quoteOf: Int32Array): void {
    const toks = this.tokens;
    // The name begins after the last title or role in the run ("Lib Dem leader Charles Kennedy",
    // "Secretary of State Rex Tillerson"), as long as a name is left.
    let nameStart = start;
    let honorific = false;
    let nameEnd = end;
    // "Paul Boateng MP": a title after the name is not part of it.
    while (nameEnd - 1 > start && POSTNOMINALS.has(toks[nameEnd - 1]!.lower.replace(/\.$/, ""))) nameEnd--;
    for (let k = start; k < nameEnd - 1; k++) {
      const w = titleKey(toks[k]!);
      // "British Airways": a nationality is a title only before another one ("British Prime Minister").
      if (NATIONALITIES.has(w) && !TITLES.has(titleKey(toks[k + 1]!))) continue;
      if (TITLES.has(w) || ROLE_NOUNS.has(w) || BUSINESS_HEADS.has(w) || toks[k]!.text === ".") {
        nameStart = k + 1;
        if (HONORIFICS.has(w)) honorific = true;
      }
    }
    // A run that ends in a title is a role, not a name ("UK Chancellor", "Mr").
    const lastWord = titleKey(toks[nameEnd - 1]!);
    const afterHonorific = nameEnd - start >= 2 && HONORIFICS.has(titleKey(toks[nameEnd - 2]!));
    const partyName = PARTY_WORDS.has(toks[start]!.lower);
    if ((TITLES.has(lastWord) || (ROLE_NOUNS.has(lastWord) && !/s$/.test(lastWord))) && !partyName && !ORG_NAME_WORDS.has(lastWord) && !afterHonorific && (nameEnd - start === 1 ? HONORIFICS.has(lastWord) || ROLE_NOUNS.has(lastWord) : !isSurnameAfterName(toks, start, nameEnd))) return;
    // Places, nationalities, parties and sentence-initial common words before a person's name
    // ("Tory Dominic Grieve", "Fire Chief Robert Lang").
    while (
      nameStart < nameEnd - 1 &&
      (PLACE_WORDS.has(withoutPossessive(toks[nameStart]!.lower)) ||
        NAME_CONNECTORS.has(toks[nameStart]!.lower) ||
        (PARTY_WORDS.has(toks[nameStart]!.lower) && nameEnd - nameStart >= 3) ||
        (lowerSeen.has(toks[nameStart]!.lower) && nameEnd - nameStart >= 3) ||
        // "Exchequer Gordon Brown": a word that is no first name before one that is.
        (nameEnd - nameStart >= 3 && !genderOfFirstName(toks[nameStart]!.lower) && !!genderOfFirstName(toks[nameStart + 1]!.lower) && !NAME_CONNECTORS.has(toks[nameStart + 1]!.lower)))
    )
      nameStart++;
    const nameToks = dedupeRepeats(toks.slice(nameStart, nameEnd).filter((t) => t.type === "word" && !NAME_CONNECTORS.has(t.lower)));
    if (nameToks.length === 0) return;
    let hasOrgWord = false;
    for (let k = nameStart; k < nameEnd && !hasOrgWord; k++) hasOrgWord = ORG_NAME_WORDS.has(toks[k]!.lower);
    const firstWord = nameToks[0]!.lower;
    const lastLower = nameToks[nameToks.length - 1]!.lower;
    const acronym = nameToks.length === 1 && /^[A-Z][A-Z0-9&]{1,6}s?$/.test(nameToks[0]!.text) && !TITLES.has(firstWord);
    const place = PLACE_WORDS.has(nameToks.map((t) => t.lower).join(" "));
    const knownFirstName = !!genderOfFirstName(firstWord) && nameToks.length >= 2;
    const type: NameRun["type"] =
      DOCUMENT_HEADS.has(lastLower) && nameToks.length >= 2 && !knownFirstName
        ? "document"
        : !honorific && !knownFirstName && (hasOrgWord || acronym || place || PARTY_WORDS.has(firstWord) || (NATIONALITIES.has(firstWord) && nameToks.length >= 2) || toks[start - 1]?.lower === "the")
          ? "organization"
          : "person";
    const dedupedText = nameToks.length < nameEnd - nameStart - countConnectors(toks, nameStart, nameEnd);
    let canonical = dedupedText ? nameToks.map((t) => t.text).join(" ") : this.text.slice(toks[nameStart]!.start, toks[nameEnd - 1]!.end);
    canonical = canonical.replace(/^(the|The)\s+/, "").replace(/['’]s?$/, "").replace(/\.$/, "");
    let gender: Gender;
    for (let k = Math.max(0, start - 3); k < nameStart; k++) {
      const w = titleKey(toks[k]!);
      if (FEMALE_ROLES.has(w)) gender = "f";
      else if (MALE_ROLES.has(w)) gender = "m";
    }
    if (type === "person") gender ??= genderOfFirstName(nameToks[0]!.lower);
    const run: NameRun = {
      start,
      end,
      nameStart,
      type,
      canonical,
      gender,
      inQuote: quoteOf[start]! >= 0,
      nameWords: nameToks.length,
      honorific,
      surePerson: type === "person" && (honorific || knownFirstName || nameStart > start || !!gender),
      initialOnly: false,
    };
    if (type === "person") this.describe(run);
    const idx = this.runs.length;
    this.runs.push(run);
    for (let k = start; k < end; k++) this.runAt[k] = idx;
  }

  /** Role and affiliation from the words around a person's name. */
  private describe(run: NameRun): void {
    const toks = this.tokens;
    // "former aide", "spokesman", "Labour MP": role words before the name.
    let roleStart = run.nameStart;
    while (roleStart > run.start && !HONORIFICS.has(titleKey(toks[roleStart - 1]!))) roleStart--;
    for (let k = roleStart - 1, steps = 0; k >= 0 && steps < 3; k--, steps++) {
      const t = toks[k]!;
      // Role nouns, titles, their modifiers, and an agent noun right before the name ("publicist").
      const agentNoun = steps === 0 && /(ist|er|or|ian)$/.test(t.lower) && t.lower.length > 4;
      if (t.type !== "word" || t.cap || !(ROLE_NOUNS.has(t.lower) || TITLES.has(t.lower) || ROLE_MODIFIERS.has(t.lower) || agentNoun)) break;
      if (DETERMINERS.has(t.lower)) break;
      roleStart = k;
    }
    if (roleStart < run.nameStart) {
      const role = this.text.slice(toks[roleStart]!.start, toks[run.nameStart - 1]!.end).replace(/^(Mr|Mrs|Ms|Miss|Dr)\.?\s*/, "").trim();
      if (role && !HONORIFICS.has(role.toLowerCase().replace(/\.$/, ""))) run.role = role;
    }
    // "Richard Yamarone of Argus Research", "Tom Whitaker, a spokesman for the agency,".
    let k = run.end;
    if (toks[k]?.text === ",") {
      const from = k + 1;
      let roleEnd = from;
      while (roleEnd < toks.length && roleEnd < from + 8 && toks[roleEnd]!.type === "word" && !ROLE_LINKS.has(toks[roleEnd]!.lower) && !SUBORDINATORS.has(toks[roleEnd]!.lower)) roleEnd++;
      const words = toks.slice(from, roleEnd);
      const roleWord = words.findIndex((t) => ROLE_NOUNS.has(t.lower) || TITLES.has(t.lower));
      if (roleWord >= 0 && !run.role) {
        const first = ["a", "an", "the"].includes(words[0]!.lower) ? from + 1 : from;
        if (first < roleEnd) run.role = this.text.slice(toks[first]!.start, toks[roleEnd - 1]!.end);
      }
      k = roleWord >= 0 ? roleEnd : -1;
    }
    if (k >= 0 && ROLE_LINKS.has(toks[k]?.lower ?? "")) {
      let a = k + 1;
      if (toks[a]?.lower === "the") a++;
      const org = toks[a]?.cap ? this.runAtToken(a) : undefined;
      if (org) run.affiliation = org.canonical;
      else if (toks[a]?.cap && toks[a]!.type === "word") {
        let e = a;
        while (e < toks.length && isNameWord(toks[e]!)) e++;
        run.affiliation = this.text.slice(toks[a]!.start, toks[e - 1]!.end);
      }
    }
  }
}

/** "Bank of England", "Secretary of State": "of" joins names after an organization word or a title. */
function joinsName(toks: Token[], connector: number): boolean {
  if (toks[connector]!.lower !== "of" && toks[connector]!.lower !== "for") return true;
  const before = toks[connector - 1]!;
  const w = titleKey(before);
  return ORG_NAME_WORDS.has(w) || ORG_HEADS.has(w) || TITLES.has(w);
}

function countConnectors(toks: Token[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (toks[k]!.type !== "word" || NAME_CONNECTORS.has(toks[k]!.lower)) n++;
  return n;
}

/** "Tony Judge", "Jack Major": a title word as the surname after a first name. */
function isSurnameAfterName(toks: Token[], start: number, end: number): boolean {
  return end - start >= 2 && !!genderOfFirstName(toks[end - 2]!.lower);
}

function andJoinsOrganization(toks: Token[], start: number, and: number): boolean {
  if (genderOfFirstName(toks[start]!.lower)) return false;
  let hasOrgWord = false;
  for (let k = start; k < and; k++) hasOrgWord ||= ORG_NAME_WORDS.has(toks[k]!.lower) || ORG_HEADS.has(toks[k]!.lower);
  for (let k = and + 1; k < Math.min(toks.length, and + 5) && isNameWord(toks[k]!); k++) if (ORG_NAME_WORDS.has(toks[k]!.lower)) return true;
  return hasOrgWord && !!toks[and + 2] && isNameWord(toks[and + 2]!);
}

/** Scraped text repeats words ("Lund Lund"): a name never holds the same word twice in a row. */
function dedupeRepeats(nameToks: Token[]): Token[] {
  return nameToks.filter((t, k) => k === 0 || t.lower !== nameToks[k - 1]!.lower);
}

export const titleKey = (t: Token) => {
  const w = t.lower.endsWith(".") ? t.lower.slice(0, -1) : t.lower;
  // "Director-General", "Attorney-General": hyphenated titles read as one.
  return w.includes("-") && w.split("-").every((p) => TITLES.has(p)) ? "director" : w;
};
const withoutPossessive = (w: string) => (w.endsWith("'s") ? w.slice(0, -2) : w);

function isNameWord(t: Token): boolean {
  return t.type === "word" && t.cap;
}

function isInitialOrAbbrev(t: Token): boolean {
  return (t.text.length === 1 && t.cap) || /^(mr|mrs|ms|dr|st|jr|sr|gen|gov|sen|rep|lt|col|sgt|capt|adm|cmdr|maj|prof|rev|hon|co|inc|corp|ltd|bros)$/.test(t.lower);
}

export function isSentenceStart(toks: Token[], i: number): boolean {
  const p = toks[i - 1];
  return !p || p.para !== toks[i]!.para || /^[.!?…:"“”‘’'(\[—–-]/.test(p.text);
}

function isSentenceInitialName(toks: Token[], i: number): boolean {
  // "Peskov said" at a sentence start is still a name when the next word is capitalized too.
  return !!toks[i + 1] && isNameWord(toks[i + 1]!) && !FUNCTION_WORDS.has(toks[i + 1]!.lower);
}
