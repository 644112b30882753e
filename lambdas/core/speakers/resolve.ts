/**
 * Speaker resolution within one article: finds the proper names it mentions, maps surnames and
 * roles back to the full name introduced earlier, and resolves pronouns to the most recent
 * compatible person.
 */
import type { SpeakerType } from "../model.ts";
import { slugify } from "../ids.ts";
import type { Token } from "../extract/tokenize.ts";
import {
  DOCUMENT_HEADS,
  FEMALE_ROLES,
  INDEFINITE,
  MALE_ROLES,
  ORG_HEADS,
  ORG_NAME_WORDS,
  PLACE_WORDS,
  ROLE_NOUNS,
  TITLES,
} from "./lexicon.ts";
import { genderOfFirstName } from "./names.ts";

export type Gender = "m" | "f" | undefined;

export interface ResolvedSpeaker {
  speaker: string;
  speakerId: string;
  speakerType: SpeakerType;
  /** How sure the resolution is, 0..1. */
  certainty: number;
  /** Mention → antecedents → canonical name, for explanations. */
  chain?: string[];
}

interface NameRun {
  start: number;
  end: number;
  /** First token after stripped titles. */
  nameStart: number;
  type: "person" | "organization";
  canonical: string;
  gender: Gender;
  inQuote: boolean;
  /** Words in the name itself, titles and repeats left out. */
  nameWords: number;
}

/** Words that are capitalized only because they start a sentence or a heading. */
const FUNCTION_WORDS = new Set(
  (
    "the a an and but or nor so yet for in on at to of by with from as if when while after before since because " +
    "although though this that these those there here it its he she they we i you his her their our my your " +
    "what which who whom whose where why how all some many most more no not one two yes also just even still " +
    "however meanwhile instead then now today yesterday tomorrow last next every each both either neither such " +
    "according asked said says told mr mrs ms dr sen rep gov gen " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august " +
    "september october november december"
  ).split(" "),
);
const NAME_CONNECTORS = new Set(["de", "da", "del", "della", "di", "van", "von", "der", "bin", "al", "la", "le", "du", "dos", "of", "&"]);
const PERSON_PRONOUNS: Record<string, Gender | "x"> = { he: "m", him: "m", his: "m", she: "f", her: "f" };
const titleKey = (t: Token) => {
  const w = t.lower.endsWith(".") ? t.lower.slice(0, -1) : t.lower;
  // "Director-General", "Attorney-General": hyphenated titles read as one.
  return w.includes("-") && w.split("-").every((p) => TITLES.has(p)) ? "director" : w;
};
const withoutPossessive = (w: string) => (w.endsWith("'s") ? w.slice(0, -2) : w);

export class SpeakerResolver {
  private readonly runs: NameRun[] = [];
  /** Token index -> run index, for runs only. */
  private readonly runAt: Int32Array;
  private readonly bySurname = new Map<string, NameRun[]>();
  private readonly byFirstName = new Map<string, NameRun[]>();
  private readonly byRole = new Map<string, Array<{ pos: number; canonical: string }>>();
  private readonly genderOf = new Map<string, Gender>();
  /** Words the article also writes in lower case: common words, not names. */
  private readonly lowerSeen = new Set<string>();
  /** Resolved speakers in document order, for pronouns ("he said") after a nominal or an anonymous source. */
  private readonly history: Array<{ pos: number; resolved: ResolvedSpeaker; gender: Gender }> = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly quoteOf: Int32Array,
  ) {
    this.runAt = new Int32Array(tokens.length).fill(-1);
    // Only words that may open a name run need the check (those after a non-name token), so
    // collect those first and test lower-case words against them.
    const capitalized = new Set<string>();
    for (let i = 0; i < tokens.length; i++) if (tokens[i]!.cap && !tokens[i - 1]?.cap) capitalized.add(tokens[i]!.lower);
    for (const t of tokens) if (!t.cap && t.type === "word" && capitalized.has(t.lower)) this.lowerSeen.add(t.lower);
    this.collectRuns(this.lowerSeen);
  }

  private collectRuns(lowerSeen: Set<string>): void {
    const toks = this.tokens;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (!isNameWord(t) || FUNCTION_WORDS.has(t.lower)) continue;
      // "Officials said", "Analysts warn": a sentence-initial common noun.
      if ((ROLE_NOUNS.has(t.lower) || ORG_HEADS.has(t.lower) || DOCUMENT_HEADS.has(t.lower)) && isSentenceStart(toks, i) && !isSentenceInitialName(toks, i)) continue;
      // A capitalized common word at a sentence start ("Officials said") is not a name.
      if (lowerSeen.has(t.lower) && !TITLES.has(titleKey(t)) && !isSentenceInitialName(toks, i)) {
        if (i === 0 || isSentenceStart(toks, i)) continue;
      }
      let j = i + 1;
      while (j < toks.length) {
        const u = toks[j]!;
        if (u.para !== t.para) break;
        if (isNameWord(u) && !FUNCTION_WORDS.has(u.lower)) j++;
        else if (u.text === "." && toks[j - 1]!.end === u.start && isInitialOrAbbrev(toks[j - 1]!)) j++;
        else if (NAME_CONNECTORS.has(u.lower) && toks[j + 1] && isNameWord(toks[j + 1]!)) j++;
        else break;
      }
      this.addRun(i, j);
      i = j - 1;
    }
  }

  private addRun(start: number, end: number): void {
    const toks = this.tokens;
    let nameStart = start;
    // Titles, nationalities and places before a name ("Russian President", "Russia Tillerson" in
    // garbled text) are not part of it.
    while (
      nameStart < end - 1 &&
      (TITLES.has(titleKey(toks[nameStart]!)) || PLACE_WORDS.has(withoutPossessive(toks[nameStart]!.lower)) || toks[nameStart]!.text === "." || NAME_CONNECTORS.has(toks[nameStart]!.lower))
    )
      nameStart++;
    // "Fire Chief Robert Lang" at a sentence start: a capitalized common word ("fire" elsewhere in
    // lower case) or a role before a known first name is not part of the name.
    while (nameStart < end - 2 && toks[nameStart]!.type === "word") {
      const w = toks[nameStart]!.lower;
      const next = toks[nameStart + 1]!;
      const compoundTitle = TITLES.has(titleKey(next)); // "Fire Chief", "Police Commissioner"
      if (compoundTitle || this.lowerSeen.has(w) || (!genderOfFirstName(w) && next.type === "word" && genderOfFirstName(next.lower) && end - nameStart >= 3)) nameStart++;
      else break;
      while (nameStart < end - 1 && TITLES.has(titleKey(toks[nameStart]!))) nameStart++;
    }
    // "Secretary of State Rex Tillerson": titles may be joined by "of".
    const nameToks = toks.slice(nameStart, end).filter((t) => t.type === "word" && !NAME_CONNECTORS.has(t.lower));
    if (nameToks.length === 0) return;
    let hasOrgWord = false;
    for (let k = start; k < end && !hasOrgWord; k++) hasOrgWord = ORG_NAME_WORDS.has(toks[k]!.lower);
    const isOrg =
      hasOrgWord ||
      (nameToks.length === 1 && /^[A-Z]{2,6}s?$/.test(nameToks[0]!.text) && !TITLES.has(nameToks[0]!.lower)) ||
      (end - start === 1 && PLACE_WORDS.has(toks[start]!.lower)) ||
      (end - start === 2 && PLACE_WORDS.has(`${toks[start]!.lower} ${toks[start + 1]!.lower}`));
    const type: NameRun["type"] = isOrg ? "organization" : "person";
    let canonical = isOrg ? this.text.slice(toks[start]!.start, toks[end - 1]!.end) : this.text.slice(toks[nameStart]!.start, toks[end - 1]!.end);
    if (canonical.startsWith("the ") || canonical.startsWith("The ")) canonical = canonical.slice(4).trimStart();
    if (canonical.endsWith("'s") || canonical.endsWith("’s")) canonical = canonical.slice(0, -2);
    // Scraped text repeats words ("Lund Lund"): a name never holds the same word twice in a row.
    if (nameToks.some((t, k) => k > 0 && t.lower === nameToks[k - 1]!.lower)) {
      nameToks.splice(0, nameToks.length, ...nameToks.filter((t, k) => k === 0 || t.lower !== nameToks[k - 1]!.lower));
      if (!isOrg) canonical = nameToks.map((t) => t.text).join(" ");
    }
    let gender: Gender;
    for (let k = Math.max(0, start - 3); k < nameStart; k++) {
      const w = titleKey(toks[k]!);
      if (FEMALE_ROLES.has(w)) gender = "f";
      else if (MALE_ROLES.has(w)) gender = "m";
    }
    const run: NameRun = { start, end, nameStart, type, canonical, gender, inQuote: this.quoteOf[start]! >= 0, nameWords: nameToks.length };
    const idx = this.runs.length;
    this.runs.push(run);
    for (let k = start; k < end; k++) this.runAt[k] = idx;
    if (type !== "person") return;
    const first = nameToks[0]!.lower;
    const last = nameToks[nameToks.length - 1]!.lower.replace(/'s$/, "");
    gender ??= genderOfFirstName(first);
    if (nameToks.length >= 2) {
      push(this.bySurname, last, run);
      push(this.byFirstName, first, run);
      if (gender) this.genderOf.set(canonical, gender);
      // Roles that introduce the name: "spokesman Dmitry Peskov", "Press Secretary Josh Earnest".
      for (let k = Math.max(0, start - 3); k < nameStart; k++) {
        const w = titleKey(toks[k]!);
        if (ROLE_NOUNS.has(w) || TITLES.has(w)) {
          if (!["the", "a", "an", "former", "his", "her", "their", "its"].includes(w)) push(this.byRole, w, { pos: start, canonical });
        }
      }
      this.collectAppositiveRole(end, canonical);
    }
  }

  /** "Tom Whitaker, a spokesman for the agency," records "spokesman" as Tom Whitaker's role. */
  private collectAppositiveRole(end: number, canonical: string): void {
    const toks = this.tokens;
    if (toks[end]?.text !== ",") return;
    for (let k = end + 1; k < Math.min(toks.length, end + 8); k++) {
      const t = toks[k]!;
      if (t.text === "," || t.type !== "word") break;
      if (ROLE_NOUNS.has(t.lower) || TITLES.has(t.lower)) push(this.byRole, t.lower, { pos: end, canonical });
    }
  }

  /** The name run covering token i, if any. */
  runAtToken(i: number): { start: number; end: number } | undefined {
    const r = this.runAt[i]!;
    return r >= 0 ? this.runs[r] : undefined;
  }

  /** Resolves the speaker mention covering tokens [start, end). */
  resolve(start: number, end: number, headIdx = end - 1): ResolvedSpeaker {
    const res = this.resolveMention(start, end, headIdx);
    this.history.push({ pos: start, resolved: res, gender: res.speakerType === "person" ? this.genderOf.get(res.speaker) : undefined });
    return res;
  }

  private resolveMention(start: number, end: number, headIdx: number): ResolvedSpeaker {
    const toks = this.tokens.slice(start, end).filter((t) => t.type === "word");
    const mention = this.text.slice(this.tokens[start]!.start, this.tokens[end - 1]!.end);
    if (toks.length === 0) return make(mention, "unknown", 0.2);
    const headTok = this.tokens[headIdx];
    const head = headTok && headTok.type === "word" ? headTok : toks[toks.length - 1]!;
    if (toks.length === 1 && head.lower in PERSON_PRONOUNS) return this.resolvePronoun(start, PERSON_PRONOUNS[head.lower] as Gender);
    if (toks.length === 1 && (head.lower === "they" || head.lower === "it")) return this.resolveNonPerson(start, head.lower);
    if (toks.length === 1 && ["i", "we", "you"].includes(head.lower)) return make(mention, "unknown", 0.3);

    // A proper name heading the mention ("spokesman Dmitry Peskov"); in "the spokesman for the
    // Justice Department" the name is a modifier and the role noun is the head.
    const commonNoun = ROLE_NOUNS.has(head.lower) || ORG_HEADS.has(head.lower) || DOCUMENT_HEADS.has(head.lower);
    if (head.cap && !(commonNoun && toks.length <= 2)) {
      const r = this.runAt[head === headTok ? headIdx : end - 1]!;
      if (r >= 0) return this.resolveRun(this.runs[r]!);
    }
    const first = toks[0]!.lower;
    const headLower = head.lower.replace(/'s$/, "");
    // "a report by the central bank", "a statement from the ministry": the author speaks.
    for (let k = start + 1; k < end - 1; k++) {
      const w = this.tokens[k]!.lower;
      if ((w === "by" || w === "from" || w === "of") && DOCUMENT_HEADS.has(this.tokens[k - 1]!.lower)) return this.resolveMention(k + 1, end, end - 1);
    }
    if (ORG_HEADS.has(headLower)) {
      // "the company", "the ministry": the organization named last, when there is one nearby.
      if (first === "the" && toks.length <= 3) {
        const prior = this.lastOrganizationBefore(start);
        if (prior) return make(prior, "organization", 0.65);
      }
      return this.nominal(mention, "organization");
    }
    if (DOCUMENT_HEADS.has(headLower)) return this.nominal(mention, "unknown");
    if (ROLE_NOUNS.has(headLower) || TITLES.has(headLower)) {
      const plural = /s$/.test(headLower) && !/(ss|us)$/.test(headLower) ? true : ["people", "police", "men", "women", "staff", "military", "authorities"].includes(headLower);
      if (plural) return this.nominal(mention, "group");
      if (INDEFINITE.has(first) || toks.some((t) => t.lower === "who" || t.lower === "familiar")) return this.nominal(mention, "anonymous");
      // "the spokesman" refers back to the person introduced with that role.
      const byRole = this.byRole.get(headLower);
      const prior = byRole && lastBefore(byRole, start);
      if (prior) return make(prior.canonical, "person", 0.7);
      return this.nominal(mention, "anonymous");
    }
    if (/s$/.test(headLower) && !/(ss|us)$/.test(headLower) && !head.cap) return this.nominal(mention, "group");
    // "one farmer", "a neighbour": an unnamed person, whatever the noun.
    if (INDEFINITE.has(first) && !head.cap) return this.nominal(mention, "anonymous");
    return this.nominal(mention, "unknown");
  }

  private lastOrganizationBefore(pos: number): string | undefined {
    for (let k = pos - 1, seen = 0; k >= Math.max(0, pos - 400) && seen < 12; k--) {
      const r = this.runAt[k]!;
      if (r < 0) continue;
      const run = this.runs[r]!;
      k = run.start;
      seen++;
      if (run.type === "organization" && !run.inQuote && !PLACE_WORDS.has(run.canonical.toLowerCase())) return run.canonical;
    }
    return undefined;
  }

  private resolveRun(run: NameRun): ResolvedSpeaker {
    if (run.type === "organization") return make(run.canonical, "organization", 0.85);
    if (run.nameWords >= 2) return make(run.canonical, "person", 0.9);
    const key = run.canonical.toLowerCase().replace(/'s$/, "");
    const full = lastBefore(this.bySurname.get(key) ?? [], run.start) ?? lastBefore(this.byFirstName.get(key) ?? [], run.start) ?? this.bySurname.get(key)?.[0];
    if (full) return make(full.canonical, "person", 0.85);
    if (PLACE_WORDS.has(key)) return make(run.canonical, "organization", 0.6);
    return make(run.canonical, "person", 0.6);
  }

  private resolvePronoun(pos: number, gender: Gender): ResolvedSpeaker {
    // Walk back over name runs outside quotes and earlier speakers, nearest first.
    let bestPos = -1;
    let best: ResolvedSpeaker | undefined;
    for (let k = pos - 1, seen = 0; k >= Math.max(0, pos - 600) && seen < 25; k--) {
      const r = this.runAt[k]!;
      if (r < 0) continue;
      const run = this.runs[r]!;
      k = run.start;
      seen++;
      if (run.inQuote || run.type !== "person") continue;
      const resolved = this.resolveRun(run);
      const g = this.genderOf.get(resolved.speaker) ?? run.gender;
      if (gender && g && g !== gender) continue;
      bestPos = run.start;
      best = resolved;
      break;
    }
    // Bounded look-back: a pronoun refers to someone mentioned recently.
    for (let h = this.history.length - 1; h >= Math.max(0, this.history.length - 30); h--) {
      const e = this.history[h]!;
      if (e.pos >= pos || e.pos <= bestPos) continue;
      if (e.resolved.speakerType !== "person" && e.resolved.speakerType !== "anonymous") continue;
      if (gender && e.gender && e.gender !== gender) continue;
      best = e.resolved;
      break;
    }
    if (!best) return make(gender === "f" ? "she" : "he", "unknown", 0.2);
    if (gender && !this.genderOf.has(best.speaker) && best.speakerType === "person") this.genderOf.set(best.speaker, gender);
    return { ...best, certainty: Math.min(best.certainty, 0.75) };
  }

  private resolveNonPerson(pos: number, pronoun: string): ResolvedSpeaker {
    const want: SpeakerType[] = pronoun === "it" ? ["organization"] : ["group", "organization"];
    for (let h = this.history.length - 1; h >= Math.max(0, this.history.length - 30); h--) {
      const e = this.history[h]!;
      if (e.pos < pos && want.includes(e.resolved.speakerType)) return { ...e.resolved, certainty: 0.6 };
    }
    return make(pronoun, "unknown", 0.2);
  }

  private nominal(mention: string, type: SpeakerType): ResolvedSpeaker {
    const display = type === "anonymous" ? mention : mention.replace(/^(the|The)\s+/, "");
    return make(display, type, type === "unknown" ? 0.4 : 0.75);
  }
}

function make(speaker: string, speakerType: SpeakerType, certainty: number): ResolvedSpeaker {
  const clean = speaker.replace(/\s+/g, " ").trim();
  return { speaker: clean, speakerId: slugify(clean) || "unknown", speakerType, certainty };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The last entry (lists are in document order) that starts before pos. */
function lastBefore<T extends { start?: number; pos?: number }>(list: T[], pos: number): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid]!;
    if ((x.start ?? x.pos ?? 0) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

function isNameWord(t: Token): boolean {
  return t.type === "word" && t.cap;
}

function isInitialOrAbbrev(t: Token): boolean {
  return (t.text.length === 1 && t.cap) || TITLES.has(t.lower) || /^(jr|sr|st)$/.test(t.lower);
}

function isSentenceStart(toks: Token[], i: number): boolean {
  const p = toks[i - 1];
  return !p || p.para !== toks[i]!.para || /^[.!?…:"“”‘’'(\[—–-]/.test(p.text);
}

function isSentenceInitialName(toks: Token[], i: number): boolean {
  // "Peskov said" at a sentence start is still a name when the next word is capitalized too.
  return !!toks[i + 1] && isNameWord(toks[i + 1]!) && !FUNCTION_WORDS.has(toks[i + 1]!.lower);
}
