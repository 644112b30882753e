/**
 * Speaker resolution within one article: every mention of a source becomes the canonical name of
 * the entity the article names. Pronouns go to the most salient compatible antecedent (the subject
 * of a recent sentence, or a recent speaker); surnames, acronyms and short forms to the full name;
 * role nominals ("the prime minister", "the firm") to the person or organization introduced with
 * that role; documents ("the report", "it") to the document named before. What cannot be resolved
 * keeps its surface form and is typed unknown or anonymous.
 */
import type { SpeakerType } from "../model.ts";
import { slugify } from "../ids.ts";
import type { Token } from "../text/tokenize.ts";
import type { NameIndex, NameRun } from "../mentions/names.ts";
import { titleKey } from "../mentions/names.ts";
import {
  ARTICLES,
  BUSINESS_HEADS,
  PLURAL_PEOPLE,
  PREPOSITIONS,
  ROLE_LINKS,
  DETERMINERS,
  DOCUMENT_HEADS,
  FINITE,
  FIRST_PERSON,
  SPEECH_VERBS,
  INDEFINITE,
  ORG_HEADS,
  ORG_NAME_WORDS,
  PLACE_WORDS,
  ROLE_NOUNS,
  TITLES,
  type Gender,
} from "../lexicon/index.ts";

export interface ResolvedSpeaker {
  speaker: string;
  speakerId: string;
  speakerType: SpeakerType;
  /** How sure the resolution is, 0..1. */
  certainty: number;
  /** Mention → antecedents → canonical name, for explanations. */
  chain: string[];
  role?: string;
  affiliation?: string;
  /** Only a surname was given ("Mr Blair" with no full name in the article). */
  partial?: boolean;
  /** A description rather than a name ("analysts", "the report"): known only within its article. */
  articleScoped?: boolean;
  gender?: Gender;
}

interface Sentences {
  sentences: Array<[number, number]>;
  sentenceOf: Int32Array;
}

/** How many sentences back a pronoun or a definite description may reach. */
const MAX_SENTENCES_BACK = 6;

export class SpeakerResolver {
  /** Full person names by surname and first name, in document order. */
  private readonly bySurname = new Map<string, NameRun[]>();
  private readonly byFirstName = new Map<string, NameRun[]>();
  /** Role words ("chancellor", "leader", "spokesman") of the people introduced with them. */
  private readonly byRole = new Map<string, NameRun[]>();
  /** Organizations with more than one word, by their first word ("Citadel" → "Citadel Broadcasting"), and by initials. */
  private readonly orgByFirstWord = new Map<string, NameRun>();
  private readonly orgByInitials = new Map<string, NameRun>();
  private readonly genderOf = new Map<string, Gender>();
  /** One-word names a "he" or "she" soon follows with no other person between: people ("Parry said ... He added"). */
  private readonly pronounFollowed = new Set<string>();
  /** Resolved speakers in document order, for pronouns after a speaker ("..., he said"). */
  private readonly history: Array<{ pos: number; resolved: ResolvedSpeaker }> = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly quoteOf: Int32Array,
    private readonly names: NameIndex,
    private readonly sents: Sentences,
  ) {
    for (const run of names.runs) {
      if (run.type === "organization" && run.nameWords >= 2) {
        const words = run.canonical.split(/\s+/);
        const first = words[0]!.toLowerCase();
        if (!this.orgByFirstWord.has(first) && words.slice(1).some((w) => ORG_NAME_WORDS.has(w.toLowerCase()))) this.orgByFirstWord.set(first, run);
        const initials = words.filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join("");
        if (initials.length >= 2 && !this.orgByInitials.has(initials)) this.orgByInitials.set(initials, run);
      }
      if (run.type !== "person" || run.inQuote) continue;
      const words = run.canonical.split(/\s+/);
      if (run.gender) this.genderOf.set(run.canonical, run.gender);
      if (words.length < 2) continue;
      push(this.bySurname, words[words.length - 1]!.toLowerCase(), run);
      push(this.byFirstName, words[0]!.toLowerCase(), run);
      for (const w of (run.role ?? "").toLowerCase().split(/\s+/)) if (w && (ROLE_NOUNS.has(w) || TITLES.has(w))) push(this.byRole, w, run);
    }
    this.collectPronounFollowed();
  }

  private collectPronounFollowed(): void {
    const { tokens } = this;
    let last: NameRun | undefined;
    let lastSentence = -1;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const run = this.names.runAtToken(i);
      if (run && run.start === i && !run.inQuote) {
        if (run.type === "person") {
          last = run;
          lastSentence = this.sents.sentenceOf[i]!;
        }
        i = run.end - 1;
        continue;
      }
      if (last && (t.lower === "he" || t.lower === "she") && this.quoteOf[i]! < 0 && this.sents.sentenceOf[i]! - lastSentence <= 2 && last.nameWords === 1) this.pronounFollowed.add(last.canonical.toLowerCase());
    }
  }

  /** Resolves the speaker mention covering tokens [start, end), in document order. */
  resolve(start: number, end: number, headIdx = end - 1): ResolvedSpeaker {
    const res = this.resolveMention(start, end, headIdx);
    this.history.push({ pos: start, resolved: res });
    return res;
  }

  /** The speaker whose quote holds token i, for "I" and "we" inside it. */
  speakerOfQuoteAt(pos: number): ResolvedSpeaker | undefined {
    for (let h = this.history.length - 1; h >= 0; h--) if (this.history[h]!.pos <= pos) return this.history[h]!.resolved;
    return undefined;
  }

  private resolveMention(start: number, end: number, headIdx: number): ResolvedSpeaker {
    const words = this.tokens.slice(start, end).filter((t) => t.type === "word");
    const mention = this.text.slice(this.tokens[start]!.start, this.tokens[end - 1]!.end);
    if (words.length === 0) return { ...make(mention, "unknown", 0.2, [mention]), articleScoped: true };
    const headTok = this.tokens[headIdx];
    const head = headTok && headTok.type === "word" ? headTok : words[words.length - 1]!;
    const headLower = head.lower.replace(/'s$/, "");
    if (words.length === 1 && (headLower === "he" || headLower === "she")) return this.resolvePronoun(start, headLower === "she" ? "f" : "m", mention);
    if (words.length === 1 && (headLower === "they" || headLower === "it")) return this.resolveNonPerson(start, headLower, mention);
    if (words.length === 1 && (FIRST_PERSON.has(headLower) || headLower === "you")) return this.resolveFirstPerson(start, mention);

    // "a report by the central bank", "figures from the ONS": the document speaks, named with its author.
    if (DOCUMENT_HEADS.has(headLower) || words.some((t, k) => k > 0 && ["by", "from", "of"].includes(t.lower) && DOCUMENT_HEADS.has(words[k - 1]!.lower))) {
      return this.resolveDocument(start, end, mention);
    }
    // A proper name heading the mention ("spokesman Dmitry Peskov", "Mr Blair").
    const run = this.names.runAtToken(headIdx) ?? this.names.runAtToken(end - 1);
    // "Traders said": a plural capitalized only because it opens the sentence is a group.
    if (run?.initialOnly && /[^s]s$/.test(headLower) && !this.bySurname.has(headLower) && !ORG_NAME_WORDS.has(headLower) && !PLACE_WORDS.has(headLower)) return this.nominal(mention, "group");
    if (head.cap && run && run.nameStart <= headIdx) return this.resolveRun(run, mention);

    const first = words[0]!.lower;
    const definite = first === "the" || first === "this" || first === "that";
    const hasPP = words.some((t, k) => k > 0 && ROLE_LINKS.has(t.lower));
    if (ORG_HEADS.has(headLower) || BUSINESS_HEADS.has(headLower)) {
      // "the company", "the bookmaker": the organization named last. "The police", "the
      // government" name an institution themselves.
      if (definite && !hasPP) {
        // "the committee" after "the Treasury Committee": the organization named with that noun.
        const named = this.lastOrganizationEndingWith(headLower, start);
        if (named) return make(named.canonical, "organization", 0.7, [mention, named.canonical]);
      }
      if (definite && !hasPP && BUSINESS_HEADS.has(headLower)) {
        // A name typed person for want of an organization word ("Delmont Steel") may be the firm.
        const firmLike = (r: NameRun) => (r.type === "organization" && !PLACE_WORDS.has(r.canonical.toLowerCase())) || (r.type === "person" && !r.surePerson && r.nameWords >= 2);
        const prior = this.salient(start, firmLike, (s) => s.speakerType === "organization") ?? this.nearestRun(start, firmLike);
        if (prior) return { ...prior, speakerType: "organization", certainty: 0.65, chain: [mention, ...prior.chain.slice(-1)] };
      }
      return this.nominal(mention, "organization");
    }
    if (ROLE_NOUNS.has(headLower) || TITLES.has(headLower)) {
      const plural = (/s$/.test(headLower) && !/(ss|us)$/.test(headLower)) || PLURAL_PEOPLE.has(headLower);
      if (plural) return this.nominal(mention, "group");
      if (INDEFINITE.has(first) || hasPP || words.some((t) => t.lower === "who" || t.lower === "familiar")) return this.nominal(mention, "anonymous");
      // "the prime minister", "the Tory leader", "UK Chancellor": the person introduced with that role.
      const byRole = lastBefore(this.byRole.get(titleKey(head)) ?? [], start) ?? this.byRole.get(titleKey(head))?.[0];
      if (byRole) return { ...this.resolveRun(byRole, mention), certainty: 0.7 };
      if (definite || head.cap) {
        const prior = this.salient(start, (r) => r.type === "person", (s) => s.speakerType === "person");
        if (prior) return { ...prior, certainty: 0.55, chain: [mention, ...prior.chain.slice(-1)] };
      }
      return this.nominal(mention, "anonymous");
    }
    if (/s$/.test(headLower) && !/(ss|us)$/.test(headLower) && !head.cap) return this.nominal(mention, "group");
    // "the veteran game maker": a definite description of the person the article is about.
    if (definite && !hasPP && !head.cap) {
      const prior = this.salient(start, (r) => r.type === "person", (s) => s.speakerType === "person");
      if (prior) return { ...prior, certainty: 0.5, chain: [mention, ...prior.chain.slice(-1)] };
    }
    // "one farmer", "a neighbour": an unnamed person, whatever the noun.
    if (INDEFINITE.has(first) && !head.cap) return this.nominal(mention, "anonymous");
    return this.nominal(mention, "unknown");
  }

  private resolveRun(run: NameRun, mention: string): ResolvedSpeaker {
    const describe = (r: ResolvedSpeaker): ResolvedSpeaker => ({
      ...r,
      ...(run.role && { role: run.role }),
      ...(run.affiliation && { affiliation: run.affiliation }),
    });
    if (run.type === "document") return make(run.canonical, "document", 0.8, chainOf(mention, run.canonical));
    if (run.type === "organization") {
      const full = this.fullOrganization(run);
      return make(full.canonical, "organization", 0.85, chainOf(mention, run.canonical, full.canonical));
    }
    if (run.nameWords >= 2) return describe(make(run.canonical, "person", 0.9, chainOf(mention, run.canonical), run.gender ?? this.genderOf.get(run.canonical)));
    // One word: a surname or first name given in full earlier (or later) in the article.
    const key = run.canonical.toLowerCase();
    const full =
      lastBefore(this.bySurname.get(key) ?? [], run.start) ??
      this.bySurname.get(key)?.[0] ??
      lastBefore(this.byFirstName.get(key) ?? [], run.start);
    if (full) {
      const r = make(full.canonical, "person", 0.85, chainOf(mention, full.canonical), full.gender ?? this.genderOf.get(full.canonical));
      return describe({ ...r, ...(full.role && !run.role && { role: full.role }), ...(full.affiliation && !run.affiliation && { affiliation: full.affiliation }) });
    }
    const org = this.orgByFirstWord.get(key) ?? this.orgByInitials.get(run.canonical);
    if (org && !run.honorific) return make(org.canonical, "organization", 0.75, chainOf(mention, run.canonical, org.canonical));
    if (PLACE_WORDS.has(key)) return make(run.canonical, "organization", 0.6, chainOf(mention, run.canonical));
    if (run.honorific || run.gender || this.pronounFollowed.has(key)) return { ...describe(make(run.canonical, "person", 0.6, chainOf(mention, run.canonical), run.gender)), partial: true };
    // "MPs", "CEOs": a plural of initials is a group of people.
    if (/^[A-Z]{2,5}s$/.test(run.canonical)) return { ...make(run.canonical, "group", 0.6, chainOf(mention, run.canonical)), articleScoped: true };
    // A single capitalized word that names no person of the article: an organization speaking ("Nintendo said").
    return make(run.canonical, "organization", 0.5, chainOf(mention, run.canonical));
  }

  private lastOrganizationEndingWith(lower: string, pos: number): NameRun | undefined {
    let found: NameRun | undefined;
    for (const r of this.names.runs) {
      if (r.start >= pos) break;
      if (r.type !== "person" && !r.inQuote && r.canonical.toLowerCase().split(/\s+/).pop() === lower) found = r;
    }
    return found;
  }

  /** The nearest matching name in this sentence or the one before, in any position ("Shares in Delmont Steel fell after the company ..."). */
  private nearestRun(pos: number, ok: (r: NameRun) => boolean): ResolvedSpeaker | undefined {
    const { sentences, sentenceOf } = this.sents;
    const from = sentences[Math.max(0, sentenceOf[pos]! - 1)]![0];
    for (let k = pos - 1; k >= from; k--) {
      const r = this.names.runAtToken(k);
      if (!r) continue;
      if (!r.inQuote && ok(r)) return this.resolveRun(r, this.text.slice(this.tokens[r.start]!.start, this.tokens[r.end - 1]!.end));
      k = r.start;
    }
    return undefined;
  }

  /** "BA" → "British Airways", "Citadel" → "Citadel Broadcasting". */
  private fullOrganization(run: NameRun): NameRun {
    if (run.nameWords >= 2) return run;
    return this.orgByInitials.get(run.canonical.replace(/s$/, "")) ?? this.orgByFirstWord.get(run.canonical.toLowerCase()) ?? run;
  }

  /**
   * The most salient antecedent before pos: sentence by sentence backwards, the subject of the
   * sentence first, then a speaker attributed in it, then any other matching name, nearest first.
   */
  private salient(pos: number, runOk: (r: NameRun) => boolean, speakerOk: (s: ResolvedSpeaker) => boolean): ResolvedSpeaker | undefined {
    const { sentences, sentenceOf } = this.sents;
    const cur = sentenceOf[pos] ?? 0;
    for (let s = cur; s >= 0 && s > cur - MAX_SENTENCES_BACK; s--) {
      const [from, to0] = sentences[s]!;
      const to = s === cur ? pos : to0;
      const runs: NameRun[] = [];
      for (let k = from; k < to; k++) {
        const r = this.names.runAtToken(k);
        if (!r || r.start !== k) continue;
        k = r.end - 1;
        if (r.inQuote || !runOk(r)) continue;
        runs.push(r);
      }
      const subject = runs.find((r) => r.start === from || isSubjectPosition(this.tokens, r.start, from));
      if (subject) return this.resolveRun(subject, this.text.slice(this.tokens[subject.start]!.start, this.tokens[subject.end - 1]!.end));
      for (let h = this.history.length - 1; h >= 0; h--) {
        const e = this.history[h]!;
        if (e.pos >= to) continue;
        if (e.pos < from) break;
        if (speakerOk(e.resolved)) return e.resolved;
      }
      const nearest = runs[runs.length - 1];
      if (nearest && !PREPOSITIONS.has(this.tokens[nearest.start - 1]?.lower ?? "")) return this.resolveRun(nearest, this.text.slice(this.tokens[nearest.start]!.start, this.tokens[nearest.end - 1]!.end));
    }
    return undefined;
  }

  private resolvePronoun(pos: number, gender: Gender, mention: string): ResolvedSpeaker {
    const fits = (g: Gender | undefined) => !g || !gender || g === gender;
    const best =
      this.salientPerson(pos, gender, fits) ?? this.mostRecentSpeaker(pos, (s) => s.speakerType === "person" && fits(s.gender ?? this.genderOf.get(s.speaker))) ?? this.mainPerson(pos, fits);
    if (!best) return { ...make(mention, "unknown", 0.2, [mention]), articleScoped: true };
    if (gender && best.speakerType === "person" && !this.genderOf.has(best.speaker)) this.genderOf.set(best.speaker, gender);
    return { ...best, gender: best.gender ?? gender, certainty: Math.min(best.certainty, 0.75), chain: [mention, ...best.chain.slice(-1)] };
  }

  private salientPerson(pos: number, gender: Gender, fits: (g: Gender | undefined) => boolean): ResolvedSpeaker | undefined {
    return this.salient(
      pos,
      // A one-word name that no full name, title or pronoun marks as a person ("Apple") is no antecedent for "he".
      (r) => r.type === "person" && (r.surePerson || r.nameWords >= 2 || this.bySurname.has(r.canonical.toLowerCase()) || this.pronounFollowed.has(r.canonical.toLowerCase())) && fits(this.genderOf.get(this.resolveRun(r, "").speaker) ?? r.gender),
      (s) => (s.speakerType === "person" || s.speakerType === "anonymous") && fits(s.gender ?? this.genderOf.get(s.speaker)),
    );
  }

  /** The last speaker of a claim before pos that fits, however far back. */
  private mostRecentSpeaker(pos: number, ok: (s: ResolvedSpeaker) => boolean): ResolvedSpeaker | undefined {
    for (let h = this.history.length - 1; h >= 0; h--) {
      const e = this.history[h]!;
      if (e.pos < pos && ok(e.resolved)) return e.resolved;
    }
    return undefined;
  }

  /** The person the article names most often before pos: whom a pronoun far from any name is about. */
  private mainPerson(pos: number, fits: (g: Gender | undefined) => boolean): ResolvedSpeaker | undefined {
    const counts = new Map<string, { n: number; run: NameRun }>();
    for (const r of this.names.runs) {
      if (r.start >= pos) break;
      if (r.type !== "person" || r.inQuote) continue;
      const resolved = this.resolveRun(r, "");
      if (resolved.speakerType !== "person" || !fits(this.genderOf.get(resolved.speaker) ?? r.gender)) continue;
      const e = counts.get(resolved.speaker);
      if (e) e.n++;
      else counts.set(resolved.speaker, { n: 1, run: r });
    }
    let best: { n: number; run: NameRun } | undefined;
    for (const e of counts.values()) if (!best || e.n > best.n) best = e;
    return best && this.resolveRun(best.run, this.text.slice(this.tokens[best.run.start]!.start, this.tokens[best.run.end - 1]!.end));
  }

  private resolveNonPerson(pos: number, pronoun: string, mention: string): ResolvedSpeaker {
    const want: SpeakerType[] = pronoun === "it" ? ["organization", "document"] : ["group", "organization"];
    // "It said" most often continues the organization or document quoted just before.
    const recent = this.mostRecentSpeaker(pos, (s) => want.includes(s.speakerType));
    const recentClose = recent && this.sents.sentenceOf[pos]! - this.sents.sentenceOf[this.history.findLast((e) => e.resolved === recent)!.pos]! <= 3;
    const best =
      (recentClose ? recent : undefined) ??
      (pronoun === "they" ? this.pluralSubject(pos) : undefined) ??
      this.salient(
        pos,
        (r) => (pronoun === "it" ? r.type === "organization" || r.type === "document" : r.type === "organization") && !PLACE_WORDS.has(r.canonical.toLowerCase()),
        (s) => want.includes(s.speakerType),
      );
    if (!best) return { ...make(mention, "unknown", 0.2, [mention]), articleScoped: true };
    return { ...best, certainty: 0.6, chain: [mention, ...best.chain.slice(-1)] };
  }

  /**
   * "They" after a sentence whose subject is plural: "Kenteris and Thanou ...", "Five public
   * sector unions met ...", "Analysts ...".
   */
  private pluralSubject(pos: number): ResolvedSpeaker | undefined {
    const { sentences, sentenceOf } = this.sents;
    const cur = sentenceOf[pos]!;
    for (let s = cur - 1; s >= 0 && s >= cur - 2; s--) {
      const [from, to] = sentences[s]!;
      const first = this.names.runAtToken(from);
      // Two people named together.
      if (first && first.type === "person" && this.tokens[first.end]?.lower === "and") {
        const second = this.names.runAtToken(first.end + 1);
        if (second && second.type === "person") {
          const a = this.resolveRun(first, "").speaker;
          const b = this.resolveRun(second, "").speaker;
          return make(`${a} and ${b}`, "group", 0.6, [`${a} and ${b}`]);
        }
      }
      // A plural noun phrase opening the sentence, up to its verb.
      for (let k = from; k < Math.min(to, from + 6); k++) {
        const t = this.tokens[k]!;
        if (t.type !== "word") break;
        const next = this.tokens[k + 1];
        const plural = /[^s]s$/.test(t.lower) && (ROLE_NOUNS.has(t.lower) || BUSINESS_HEADS.has(t.lower.replace(/s$/, "")) || ORG_HEADS.has(t.lower.replace(/s$/, "")) || /(er|or|ist|ian)s$/.test(t.lower) || PLURAL_PEOPLE.has(t.lower) || /^[A-Z]{2,5}s$/.test(t.text));
        if (plural && next?.type === "word" && !next.cap) {
          const display = withoutArticle(this.text.slice(this.tokens[from]!.start, t.end));
          return { ...make(display, "group", 0.55, [display]), articleScoped: true };
        }
        if (this.names.runAtToken(k) || FINITE.has(t.lower)) break;
      }
    }
    return undefined;
  }

  /** "I", "we" as a speaker: the one whose quote this is, or the last speaker before it. */
  private resolveFirstPerson(pos: number, mention: string): ResolvedSpeaker {
    const prior = this.speakerOfQuoteAt(pos);
    if (!prior || prior.speakerType === "unknown") return { ...make(mention, "unknown", 0.2, [mention]), articleScoped: true };
    return { ...prior, certainty: 0.6, chain: [mention, ...prior.chain.slice(-1)] };
  }

  private resolveDocument(start: number, end: number, mention: string): ResolvedSpeaker {
    const words = this.tokens.slice(start, end).filter((t) => t.type === "word");
    const first = words[0]!.lower;
    const named = words.some((t, k) => (t.cap && !(k === 0 && DETERMINERS.has(t.lower))) || t.lower === "by" || t.lower === "from");
    // "the report", "the study": the document named before it ("the International Benchmarking Study").
    if (!named && (first === "the" || first === "this" || first === "that" || first === "its")) {
      const prior = this.salient(start, (r) => r.type === "document", (s) => s.speakerType === "document" && !s.articleScoped) ?? this.mostRecentSpeaker(start, (s) => s.speakerType === "document");
      if (prior) return { ...prior, speakerType: "document", certainty: 0.6, chain: [mention, ...prior.chain.slice(-1)] };
    }
    const display = withoutArticle(mention);
    // "report by Jupiter Research" names its source; "the report" alone means nothing across articles.
    return { ...make(display, "document", 0.7, chainOf(mention, display)), ...(!named && { articleScoped: true }) };
  }

  private nominal(mention: string, type: SpeakerType): ResolvedSpeaker {
    // "Tillerson's military officials": the possessor is not part of a group's description.
    const display = withoutArticle(type === "group" ? mention.replace(/^.*['’]s\s+(?=\S)/, "") : mention);
    // A description ("the government", "analysts") is no name: it never joins another article's speaker.
    return { ...make(display, type, type === "unknown" ? 0.4 : 0.75, chainOf(mention, display)), articleScoped: true };
  }
}

/** A name before the verb of its sentence: no preposition right before it, no verb between it and the sentence start. */
function isSubjectPosition(tokens: Token[], start: number, sentenceStart: number): boolean {
  if (PREPOSITIONS.has(tokens[start - 1]?.lower ?? "")) return false;
  for (let k = sentenceStart; k < start; k++) {
    const t = tokens[k]!;
    if (t.type === "quote") return false;
    if (t.type === "word" && !t.cap && (FINITE.has(t.lower) || SPEECH_VERBS.has(t.lower) || /ed$/.test(t.lower))) return false;
  }
  return true;
}

/** "the analysts" → "analysts": a description shown without its article or quantifier. */
export function withoutArticle(text: string): string {
  const first = /^(\S+)\s+/.exec(text);
  return first && ARTICLES.has(first[1]!.toLowerCase()) ? text.slice(first[0].length) : text;
}

function chainOf(...steps: string[]): string[] {
  return steps.filter((s, k) => s && s !== steps[k - 1]);
}

function make(speaker: string, speakerType: SpeakerType, certainty: number, chain: string[], gender?: Gender): ResolvedSpeaker {
  const clean = speaker.replace(/\s+/g, " ").trim();
  return { speaker: clean, speakerId: slugify(clean) || "unknown", speakerType, certainty, chain, ...(gender && { gender }) };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The last run (lists are in document order) that starts before pos. */
function lastBefore(list: NameRun[], pos: number): NameRun | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}
