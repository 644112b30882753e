/**
 * Attributions anchored on a cue verb. One small rule per construction, tried in order; the first
 * that applies makes the attribution and names itself:
 *
 *   quote-after    `"...," X said` / `"...," said X`
 *   colon-block    `The Times reports:` closing a paragraph, the next paragraph quoted
 *   quote-before   `X said: "..."` / `X said "..."`
 *   indirect       `X said (that) CLAUSE`
 *   postposed      `CLAUSE, X said.`
 *   parenthetical  `CLAUSE-START, X said, CLAUSE-END.`
 */
import type { Token } from "../text/tokenize.ts";
import { innerRange, type QuoteSpan } from "../text/quotes.ts";
import { NOUN_LIKE_CUES, ADJUNCT_PREPOSITIONS, BE_FORMS, EXPECTATION_PARTICIPLES, IRREGULAR_PAST, NEGATION_FILLERS, NOT_A_CLAUSE, NOUN_MARKERS, OBJECT_PRONOUNS, PREPOSITIONS, QUESTION_WORDS, SUBJECT_PRONOUNS, SUBORDINATORS, BUSINESS_HEADS, CLAUSAL_VERBS, COGNITION_VERBS, CONJUNCTIONS, DOCUMENT_HEADS, DOCUMENT_VERBS, FINITE, OBJECT_VERBS, ORG_HEADS, PRONOUNS, REPORTING_PARTICIPLES, ROLE_NOUNS, SPEECH_VERBS, TIME_WORDS, cueCount, cueRate, cueWords } from "../lexicon/index.ts";
import { contentStartAfter, speakerAfter, speakerBefore, type Span } from "../mentions/phrases.ts";
import type { NameRuns } from "../mentions/names.ts";
import { hasQuote, isTerminal, isWord, sentenceOfToken, tailIsShort, trimEnd, wordCount, type Attribution, type RuleContext } from "./context.ts";

/** Everything a cue rule needs about one cue. */
interface Cue {
  i: number;
  strength: number;
  sStart: number;
  sEnd: number;
  /** Speaker before the cue ("X said") or after it ("said X"). */
  before?: Span;
  after?: Span;
  speaker: Span;
  /** The cue is a verb of saying (or strong enough to stand for one). */
  speechLike: boolean;
  /** First token after the cue and a speaker that follows it. */
  afterCue: number;
}

type CueRule = (ctx: RuleContext, cue: Cue, found: Attribution[]) => Attribution | undefined;

const AUX_ADVERB = /^(not|n't|also|widely|long|already|still|being|been|never|often|generally|previously|reportedly|now)$/;
const PRONOUN_BE = /^(he|she|they|it|i|we|you)'(s|re|m)$/;
/** Reported speech shorter than this is usually a cue verb used with an object ("said so"). */
const MIN_CONTENT_WORDS = 2;

/** A lower-case word that can be part of a role before a name ("harbour", "master"), not a verb or function word. */
const isRoleModifier = (t: Token) =>
  !t.cap && /^\p{Ll}[\p{Ll}-]*$/u.test(t.text) && cueRate(t.lower) <= 0.1 && !CONJUNCTIONS.has(t.lower) && !BE_FORMS.has(t.lower) && !TIME_WORDS.has(t.lower) && !NOT_A_CLAUSE.has(t.lower) && !/^(and|or|the|a|an|to|of|in|on|then|who|which|that|he|she|they|it|we|i|you)$/.test(t.lower);

/** Strength of every candidate cue word, computed once: one lookup per token in the hot loop. */
const STRENGTH = new Map<string, number>();
for (const w of [...cueWords(), ...SPEECH_VERBS, ...COGNITION_VERBS, ...DOCUMENT_VERBS, ...REPORTING_PARTICIPLES]) {
  const rate = cueRate(w);
  const curated = SPEECH_VERBS.has(w) || DOCUMENT_VERBS.has(w) || REPORTING_PARTICIPLES.has(w);
  const strength = curated ? Math.max(rate, 0.5) : COGNITION_VERBS.has(w) ? Math.max(rate, 0.35) : cueCount(w) >= 3 && rate >= 0.15 ? rate : 0;
  if (strength > 0) STRENGTH.set(w, strength);
}

/** How strongly a word form cues an attribution under the options; 0 when it does not. */
export function cueStrength(lower: string, ctx: RuleContext): number {
  const strength = STRENGTH.get(lower);
  if (strength === undefined) return 0;
  const { opts } = ctx;
  if (COGNITION_VERBS.has(lower)) return opts.cognition ? strength : 0;
  // The product reports what was said, shown or found: verbs of saying, documents' verbs, beliefs.
  if (opts.scheme === "product" && !SPEECH_VERBS.has(lower) && !DOCUMENT_VERBS.has(lower) && !REPORTING_PARTICIPLES.has(lower)) return 0;
  return strength;
}

export function attributeCue(ctx: RuleContext, i: number, strength: number, found: Attribution[]): Attribution | undefined {
  const { tokens } = ctx;
  const t = tokens[i]!;
  const [sStart, sEnd] = sentenceOfToken(ctx, i);
  if (ctx.opts.scheme === "product" && isNegated(tokens, i, sStart)) return undefined;
  // A participle ("..., saying", "a tweet attacking") reports for the subject of the clause, not
  // for the noun right before it; "is claiming" is an ordinary verb.
  const progressive = /ing$/.test(t.lower) && (BE_FORMS.has(tokens[i - 1]?.lower ?? "") || PRONOUN_BE.test(tokens[i - 1]?.lower ?? ""));
  const participle = /ing$/.test(t.lower) && !progressive;
  // "Nintendo is adding media playing": a progressive reporting participle is an action.
  if (progressive && REPORTING_PARTICIPLES.has(t.lower) && ctx.opts.scheme === "product") return undefined;
  const direct = participle ? undefined : speakerBefore(tokens, i, sStart, ctx.names);
  const before = direct ?? sharedSubject(ctx, i, sStart, participle, found);
  const after = before ? undefined : speakerAfter(tokens, i, sEnd, ctx.names);
  const speaker = before ?? after;
  // A source is someone or something that can say things: not "246,570 ID fraud cases reported".
  if (speaker && ctx.opts.scheme === "product" && !isClearSource(tokens, speaker, ctx.names)) return undefined;
  // "terrorist suspects", "the fears": a cue that is also a plural noun needs a name or a pronoun before it.
  if (NOUN_LIKE_CUES.has(t.lower) && !(direct && (tokens[direct.head]!.cap || PRONOUNS.has(tokens[direct.head]!.lower)))) return undefined;
  const cue: Cue = { i, strength, sStart, sEnd, before, after, speaker: speaker!, speechLike: SPEECH_VERBS.has(t.lower) || strength >= 0.5, afterCue: after ? after.end : i + 1 };
  const quoted = quoteAfter(ctx, cue);
  if (quoted || !speaker) return quoted;
  for (const rule of RULES) {
    const a = rule(ctx, cue, found);
    if (a) return a;
  }
  return undefined;
}

/** `"...," X said` / `"...," said X`: a speech quote closes just before the speaker and cue. */
function quoteAfter(ctx: RuleContext, cue: Cue): Attribution | undefined {
  const { tokens, closesAt, sentenceOf } = ctx;
  const { i, before, speaker, strength } = cue;
  const leftEdge = before ? before.start : i;
  // Up to two lower-case modifiers may stand between the quote and a named speaker: their role
  // ("harbour master Ines Albarran said").
  let modifiers = 0;
  for (let k = leftEdge - 1; k >= Math.max(0, leftEdge - 3 - modifiers); k--) {
    const q = closesAt.get(k);
    // `"...." Economists said ...` starts a new sentence: that quote belongs to someone else.
    const endsSentence = q && isTerminal(tokens[q.close - 1]) && sentenceOf[q.close] !== sentenceOf[i] && q.closed;
    if (q && speaker && (cue.speechLike || strength > 0.1) && !endsSentence && q.closed) {
      if (tailIsShort(tokens, cue.afterCue, cue.sEnd)) {
        const mention = modifiers > 0 && before ? { ...before, start: leftEdge - modifiers } : speaker;
        return { cue: [i, i + 1], speaker: mention, content: quoteContent(ctx, q), rule: "quote-after", cueStrength: Math.max(strength, 0.8) };
      }
    }
    const t = tokens[k]!;
    if (t.type === "word") {
      const roleModifier = before && tokens[before.head]!.cap && k === leftEdge - 1 - modifiers && modifiers < 2 && isRoleModifier(t);
      if (!roleModifier) break;
      modifiers++;
    }
  }
  return undefined;
}

/**
 * A quotation's content: the text inside its marks. A quote that opens mid-sentence (`the plan "is
 * a misguided approach," he said`) takes the words before it: the claim is mixed.
 */
export function quoteContent(ctx: RuleContext, q: QuoteSpan): [number, number] {
  const { tokens } = ctx;
  const [from, to] = innerRange(q);
  if (!q.openless && q.continues < 0) {
    const qs = sentenceOfToken(ctx, q.open)[0];
    if (qs < q.open && wordCount(tokens, qs, q.open) >= 2 && !hasQuote(tokens, qs, q.open)) return [qs, q.closed ? q.close + 1 : to];
  }
  return [from, Math.max(from + 1, to)];
}

/** `The Times reports:` closing a paragraph introduces the next paragraph (a block quote). */
const colonBlock: CueRule = (ctx, cue) => {
  const { tokens, opensAt } = ctx;
  const from = cue.afterCue;
  let colon = -1;
  for (let k = from; k < cue.sEnd && k < from + 10; k++) {
    if (tokens[k]!.text === ":") {
      colon = k;
      break;
    }
  }
  const first = tokens[colon + 1];
  if (colon < 0 || colon + 1 !== cue.sEnd || !first || first.para === tokens[colon]!.para) return undefined;
  const q = opensAt.get(colon + 1);
  let content: [number, number] | undefined;
  if (q) content = innerRange(q);
  else {
    let end = colon + 1;
    while (end < tokens.length && tokens[end]!.para === first.para) end++;
    if (wordCount(tokens, colon + 1, end) >= 3) content = [colon + 1, trimEnd(tokens, colon + 1, end)];
  }
  return content && { cue: [cue.i, cue.i + 1], speaker: cue.speaker, content, rule: "colon-block", cueStrength: Math.max(cue.strength, 0.7) };
};

/** `X said: "..."`, `X told reporters "..."`: a quote opens right after the cue and its adjuncts. */
const quoteBefore: CueRule = (ctx, cue) => {
  const { tokens, opensAt } = ctx;
  const t = tokens[cue.i]!;
  const cStart = contentStartAfter(tokens, cue.afterCue, cue.sEnd, OBJECT_VERBS.has(t.lower), ctx.names);
  const q = opensAt.get(cStart);
  if (!q) return undefined;
  let content = innerRange(q);
  // A quote that is only part of the sentence: `X said "we will win" next year.` is mixed.
  const next = tokens[q.close + 1];
  if (q.closed && isWord(next) && !CONJUNCTIONS.has(next.lower) && next.para === tokens[q.close]!.para && !isTerminal(tokens[q.close - 1])) {
    content = [q.open, trimEnd(tokens, q.open, sentenceOfToken(ctx, q.close + 1)[1])];
  }
  return { cue: [cue.i, cue.i + 1], speaker: cue.speaker, content, rule: "quote-before", cueStrength: Math.max(cue.strength, 0.8) };
};

/** `X said (that) CLAUSE`. */
const indirect: CueRule = (ctx, cue) => {
  const { tokens, quotes, quoteOf, opts } = ctx;
  const { i, before, strength } = cue;
  if (!before) return undefined;
  const t = tokens[i]!;
  const cStart = contentStartAfter(tokens, cue.afterCue, cue.sEnd, OBJECT_VERBS.has(t.lower), ctx.names);
  if (cStart >= cue.sEnd || isPassive(tokens, i) || NOT_A_CLAUSE.has(tokens[cStart]!.lower)) return undefined;
  if (opts.scheme === "product" && ADJUNCT_PREPOSITIONS.has(tokens[cStart]!.lower)) return undefined;
  let end = trimEnd(tokens, cStart, cue.sEnd);
  // Reported speech that runs into a quote which closes in a later sentence.
  const lastQ = quoteOf[end - 1] ?? -1;
  if (lastQ >= 0) end = Math.max(end, trimEnd(tokens, cStart, quotes[lastQ]!.close + 1));
  if (wordCount(tokens, cStart, end) < MIN_CONTENT_WORDS) return undefined;
  const thatClause = tokens[cStart - 1]?.lower === "that";
  if (opts.scheme === "product") {
    // "the Channel 4 show had been leaked": content opening with a verb has no subject; the cue was a noun.
    if (FINITE.has(tokens[cStart]!.lower)) return undefined;
    // A claim has propositional content: a that-clause, a clause, or a quotation.
    if (!thatClause && !CLAUSAL_VERBS.has(t.lower) && !looksLikeClause(tokens, cStart, end) && !hasQuote(tokens, cStart, end)) return undefined;
    if (tokens[cStart]!.lower === "to" || tokens[cStart]!.lower === "for") return undefined;
    // "told people how much money is available": an indirect question reports no claim.
    if (!thatClause && startsQuestion(tokens, cStart)) return undefined;
  } else {
    // A rarer cue counts when a clear source stands before it ("Trump charges that ...").
    const enough = strength >= opts.minCueRate || (strength >= opts.minCueRate / 2 && isClearSource(tokens, before, ctx.names));
    if (!enough) return undefined;
  }
  return { cue: [i, i + 1], speaker: before, content: [cStart, end], rule: "indirect", cueStrength: strength };
};

/** `The storm will land Thursday, the weather service said.` */
const postposed: CueRule = (ctx, cue) => {
  const { tokens, quotes, quoteOf, opts } = ctx;
  const { speaker, strength, i } = cue;
  const sep = separatorBefore(tokens, cue);
  if (!sep || !tailIsShort(tokens, cue.afterCue, cue.sEnd) || strength < Math.min(opts.minCueRate, 0.2) || isPassive(tokens, i)) return undefined;
  const left = Math.min(speaker.start, i) - 1;
  let start = cue.sStart;
  const end = left + (sep.type === "quote" ? 1 : 0);
  const firstQ = quoteOf[start] ?? -1;
  if (firstQ >= 0) start = Math.min(start, quotes[firstQ]!.open);
  if (wordCount(tokens, start, end) < 3) return undefined;
  // "Tax to rise, say Tories": a headline reports in telegraphic style, without a finite verb.
  const headline = tokens[start]!.para === 0 && cue.sStart === 0 && tokens[cue.sEnd]?.para !== 0;
  if (opts.scheme === "product" && !headline && !looksLikeClause(tokens, start, end) && !hasQuote(tokens, start, end)) return undefined;
  return { cue: [i, i + 1], speaker, content: [start, trimEnd(tokens, start, end)], rule: headline ? "headline" : "postposed", cueStrength: strength };
};

/** `The plan, she said, will fail.` */
const parenthetical: CueRule = (ctx, cue) => {
  const { tokens, opts } = ctx;
  const sep = separatorBefore(tokens, cue);
  const left = Math.min(cue.speaker.start, cue.i) - 1;
  if (!sep || sep.text !== "," || tokens[cue.afterCue]?.text !== "," || wordCount(tokens, cue.sStart, left) < 2 || cue.strength < opts.minCueRate) return undefined;
  return { cue: [cue.i, cue.i + 1], speaker: cue.speaker, content: [cue.sStart, trimEnd(tokens, cue.sStart, cue.sEnd)], rule: "parenthetical", cueStrength: cue.strength };
};

const RULES: CueRule[] = [colonBlock, quoteBefore, indirect, postposed, parenthetical];

/** The comma, dash or closing quote that separates a postposed attribution from what it reports. */
function separatorBefore(tokens: Token[], cue: Cue): Token | undefined {
  const sep = tokens[Math.min(cue.speaker.start, cue.i) - 1];
  return sep && (sep.text === "," || sep.text === "—" || sep.text === "–" || sep.text === "-" || sep.type === "quote") ? sep : undefined;
}

/**
 * "X promised Y and said Z", "X lashed out, saying Z": a cue that shares the subject of the
 * clause before it takes the speaker of that clause.
 */
function sharedSubject(ctx: RuleContext, i: number, sStart: number, participle: boolean, found: Attribution[]): Span | undefined {
  const { tokens, names } = ctx;
  const prev = tokens[i - 1];
  if (!prev || !(prev.lower === "and" || prev.lower === "but" || participle)) return undefined;
  for (let k = found.length - 1; k >= 0; k--) {
    const a = found[k]!;
    if (a.cue[0] < sStart) break;
    if (a.speaker && a.speaker.end <= a.cue[0]) return a.speaker;
  }
  // "Tillerson cited X, saying ...": the subject of the verb the participial phrase hangs on.
  if (participle) {
    const comma = tokens[i - 1]?.text === ",";
    for (let k = i - 2; k >= sStart; k--) {
      const r = names.runAtToken(k);
      if (!r) continue;
      const verb = tokens[r.end];
      // Scraped text may drop the comma; then the subject's verb must look like one ("cited").
      const isVerb = !!verb && verb.type === "word" && !verb.cap && r.end < i - 1 && (comma || /ed$/.test(verb.lower) || SPEECH_VERBS.has(verb.lower));
      if (r.type !== "document" && isVerb && !PREPOSITIONS.has(tokens[r.start - 1]?.lower ?? "") && !SUBORDINATORS.has(tokens[r.start - 1]?.lower ?? "")) return { start: r.start, end: r.end, head: r.end - 1 };
      k = r.start;
    }
  }
  for (let k = sStart; k < Math.min(i - 1, sStart + 8); k++) {
    const t = tokens[k]!;
    if (t.type !== "word") continue;
    if (PRONOUNS.has(t.lower) && !OBJECT_PRONOUNS.has(t.lower) && t.lower !== "you") return { start: k, end: k + 1, head: k };
    if (t.cap) {
      const r = names.runAtToken(k);
      // "Hours later, Trump ...", "On Monday, Trump ...": an adverbial opener is not the subject.
      const opener = tokens[r?.end ?? k + 1]?.text === "," || TIME_WORDS.has(tokens[r?.end ?? k + 1]?.lower ?? "");
      if (r && !opener && !PREPOSITIONS.has(tokens[k - 1]?.lower ?? "")) return { start: k, end: r.end, head: r.end - 1 };
      if (r) k = r.end - 1;
    }
  }
  return undefined;
}

/** "did not say how many", "never said": speech that is denied is no claim. */
function isNegated(tokens: Token[], i: number, sStart: number): boolean {
  for (let k = i - 1; k >= Math.max(sStart, i - 3); k--) {
    const w = tokens[k]!.lower;
    if (w === "not" || w === "never" || /n't$/.test(w)) return true;
    if (!NEGATION_FILLERS.has(w)) break;
  }
  return false;
}

/** "was endorsed by", "can be convinced": the subject is not the source. */
function isPassive(tokens: Token[], i: number): boolean {
  if (!/ed$/.test(tokens[i]!.lower) && !/(own|told|said|thought|felt|known)$/.test(tokens[i]!.lower)) return false;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const w = tokens[k]!.lower;
    if (BE_FORMS.has(w)) return !EXPECTATION_PARTICIPLES.has(tokens[i]!.lower);
    if (!AUX_ADVERB.test(w)) break;
  }
  return tokens[i + 1]?.lower === "by";
}

/**
 * A clause rather than a noun phrase or an action: a finite verb, a subject pronoun, or a past or
 * present tense verb after the first words ("the strike was illegal", "sales fell 5%", not "the
 * allegations", "a fuel surcharge for passengers").
 */
export function looksLikeClause(tokens: Token[], from: number, to: number): boolean {
  for (let k = from, words = 0; k < to && words < 14; k++) {
    const t = tokens[k]!;
    if (t.type !== "word") continue;
    words++;
    if (FINITE.has(t.lower) || /n't$/.test(t.lower) || /^(it|he|she|they|there|that|what|who|i|we|you)'/.test(t.lower)) return true;
    if (words === 1 && SUBJECT_PRONOUNS.has(t.lower)) return true;
    // A verb after its subject, not one coordinated with the cue ("denied X and unveiled Y").
    const afterSubject = !NOUN_MARKERS.has(tokens[k - 1]?.lower ?? "") && !CONJUNCTIONS.has(tokens[k - 1]?.lower ?? "") && tokens[k - 1]?.text !== ",";
    if (words >= 2 && !t.cap && afterSubject && /^[a-z]+ed$/.test(t.lower)) return true;
    if (words >= 2 && !t.cap && afterSubject && IRREGULAR_PAST.has(t.lower)) return true;
  }
  return false;
}

/** A name, a personal pronoun or a role, organization or document noun: someone who can say things. */
function isClearSource(tokens: Token[], sp: Span, names: NameRuns): boolean {
  const head = tokens[sp.head]!;
  if (head.cap || /^\p{Lu}/u.test(head.text)) return true;
  const w = head.lower.replace(/'s$/, "");
  // "the airport" after "Kessel Airport": the noun a name of the article ends with.
  if (names.endsWithWord(w)) return true;
  // Agent nouns name people ("campaigners", "the game maker", "a pharmacist", "historians").
  return PRONOUNS.has(w) || ROLE_NOUNS.has(w) || ORG_HEADS.has(w) || BUSINESS_HEADS.has(w) || DOCUMENT_HEADS.has(w) || /(er|or|ist|ian|ant|ent|ee)s?$/.test(w) || w === "who";
}

/** Content opening with a question word, after at most two words of an addressee ("people how"). */
function startsQuestion(tokens: Token[], from: number): boolean {
  for (let k = from; k < Math.min(tokens.length, from + 3); k++) {
    if (QUESTION_WORDS.has(tokens[k]!.lower)) return true;
    if (tokens[k]!.type !== "word" || FINITE.has(tokens[k]!.lower)) return false;
  }
  return false;
}
