/**
 * Finds attributions: a cue, its speaker and its content, as token ranges. Patterns, tried per cue:
 * a quote closed right before the cue (`"...," X said`), a quote opened right after it (`X said: "..."`),
 * reported speech after it (`X said (that) ...`), content before it (`..., the agency said.`), and
 * `according to X`. Speech quotes left over continue the previous speaker.
 */
import type { Token, Tokenized } from "./tokenize.ts";
import type { QuoteAnalysis, QuoteSpan } from "./quotes.ts";
import { COGNITION_VERBS, OBJECT_VERBS, SPEECH_VERBS, cueCount, cueRate, cueWords } from "./lexicon.ts";
import { DOCUMENT_HEADS, ORG_HEADS, ROLE_NOUNS } from "../speakers/lexicon.ts";
import { TIME_WORDS } from "./lexicon.ts";
import { contentStartAfter, nounPhraseEndingAt, speakerAfter, speakerBefore, type NameRuns, type Span } from "./phrases.ts";

export type Pattern = "quote-after" | "quote-before" | "indirect" | "postposed" | "according-to" | "continuation" | "transcript" | "signature";

export interface Attribution {
  cue: [number, number];
  /** Token range of the speaker mention; undefined when it continues an earlier attribution. */
  speaker?: Span;
  content: [number, number];
  pattern: Pattern;
  /** How typical the cue is of an attribution, 0..1. */
  cueStrength: number;
}

export interface AttributionOptions {
  /** Minimum learned cue rate for reported speech without quote marks. */
  minCueRate: number;
  /** Count beliefs ("thinks", "believes") as attributions. */
  cognition: boolean;
  /** Drop "X defended the budget": an action verb with a plain object, no clause and no quote. */
  strictObjects: boolean;
}

export const DEFAULT_ATTRIBUTION_OPTIONS: AttributionOptions = { minCueRate: 0.35, cognition: true, strictObjects: false };

const FINITE = new Set(
  "is are was were will would could can should may might must has have had did does do shall won't isn't wasn't aren't weren't".split(" "),
);
const PRONOUN_BE = /^(he|she|they|it|i|we|you)'(s|re|m)$/;
/** Reported speech shorter than this is usually a cue verb used with an object ("said so"). */
const MIN_CONTENT_WORDS = 2;
const CONJUNCTIONS = new Set(["and", "but", "or", "while", "as", "because", "so"]);
const BE_FORMS = new Set(["is", "was", "were", "are", "be", "been", "being", "'s", "get", "got", "gets"]);
/** "is expected to", "is said to": passive in form, but the attribution still stands. */
const EXPECTATION = new Set(["expected", "said", "believed", "thought", "reported", "known", "rumored", "alleged"]);
const AUX_ADVERB = /^(not|n't|also|widely|long|already|still|being|been|never|often|generally|previously|reportedly|now)$/;
/** Words that cannot open the content of reported speech: "endorsed by", "known as". */
const NOT_A_CLAUSE = new Set(["by", "as", "from", "during", "after", "before", "since", "until", "than", "shortly", "because", "while", "when", "where", "at", "with", "into", "among"]);
const isTerminal = (t: Token | undefined) => !!t && t.type === "punct" && /^[.!?…]/.test(t.text);
const isWord = (t: Token | undefined): t is Token => !!t && t.type === "word";
/** A lower-case word that can be part of a role before a name ("harbour", "master"), not a verb or function word. */
const isRoleModifier = (t: Token) =>
  !t.cap && /^\p{Ll}[\p{Ll}-]*$/u.test(t.text) && cueRate(t.lower) <= 0.1 && !CONJUNCTIONS.has(t.lower) && !BE_FORMS.has(t.lower) && !TIME_WORDS.has(t.lower) && !NOT_A_CLAUSE.has(t.lower) && !/^(and|or|the|a|an|to|of|in|on|then|who|which|that|he|she|they|it|we|i|you)$/.test(t.lower);

export function findAttributions(tk: Tokenized, qa: QuoteAnalysis, names: NameRuns, opts: AttributionOptions = DEFAULT_ATTRIBUTION_OPTIONS): Attribution[] {
  const { tokens, sentences, sentenceOf } = tk;
  const { quotes, quoteOf } = qa;
  const out: Attribution[] = [];
  const speechQuotes = quotes.filter((q) => q.speech);
  // Index of the speech quote that closes at / opens at each token.
  const closesAt = new Map<number, QuoteSpan>();
  const opensAt = new Map<number, QuoteSpan>();
  for (const q of speechQuotes) {
    closesAt.set(q.close, q);
    opensAt.set(q.open, q);
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "word" || quoteOf[i]! >= 0) continue;
    if (t.lower === "according" && tokens[i + 1]?.lower === "to") {
      const [sStart, sEnd] = sentences[sentenceOf[i]!]!;
      const a = accordingTo(tokens, i, sStart, sEnd, names, quoteOf);
      if (a) out.push(a);
      continue;
    }
    // A capitalized cue word is a name or a heading ("the United States", "Says Who"); adverbs
    // ("publicly") travel with cues but are not cues.
    if (t.cap || (t.lower.endsWith("ly") && t.lower.length > 4)) continue;
    const strength = cueStrength(t.lower, opts);
    if (strength === 0) continue;
    const a = attributeCue(i, strength);
    if (a) out.push(a);
  }
  truncateAtInnerAttributions(out, tokens);

  function attributeCue(i: number, strength: number): Attribution | undefined {
    const t = tokens[i]!;
    const [sStart, sEnd] = sentences[sentenceOf[i]!]!;
    const speechLike = SPEECH_VERBS.has(t.lower) || strength >= 0.5;
    // A participle ("..., saying", "a tweet attacking") reports for the subject of the clause, not
    // for the noun right before it; "is claiming" is an ordinary verb.
    const participle = /ing$/.test(t.lower) && !BE_FORMS.has(tokens[i - 1]?.lower ?? "") && !PRONOUN_BE.test(tokens[i - 1]?.lower ?? "");
    const direct = participle ? undefined : speakerBefore(tokens, i, sStart, names);
    const before = direct ?? sharedSubject(i, sStart, participle);
    const after = before ? undefined : speakerAfter(tokens, i, sEnd, names);
    const speaker = before ?? after;

    // `"...," X said` / `"...," said X`: a speech quote closes just before the speaker and cue.
    const leftEdge = before ? before.start : i;
    // Up to two lower-case modifiers may stand between the quote and a named speaker: their role
    // ("harbour master Ines Albarran said").
    let modifiers = 0;
    for (let k = leftEdge - 1; k >= Math.max(0, leftEdge - 3 - modifiers); k--) {
      const q = closesAt.get(k);
      // `"...." Economists said ...` starts a new sentence: that quote belongs to someone else.
      const endsSentence = q && isTerminal(tokens[q.close - 1]) && sentenceOf[q.close] !== sentenceOf[i];
      if (q && speaker && (speechLike || strength > 0.1) && !endsSentence) {
        const afterCue = after ? after.end : i + 1;
        if (tailIsShort(tokens, afterCue, sEnd)) {
          // `However laudable the goal, the plan "is a misguided approach," he said`: the words
          // before a quote that opens mid-sentence belong to the claim.
          const qs = sentences[sentenceOf[q.open]!]![0];
          let start = q.open;
          if (qs < q.open && wordCount(tokens, qs, q.open) >= 2 && !hasQuote(qs, q.open)) start = qs;
          const mention = modifiers > 0 && before ? { ...before, start: leftEdge - modifiers } : speaker;
          return { cue: [i, i + 1], speaker: mention, content: [start, q.close + 1], pattern: "quote-after", cueStrength: Math.max(strength, 0.8) };
        }
      }
      const tk2 = tokens[k]!;
      if (tk2.type === "word") {
        const roleModifier = before && tokens[before.head]!.cap && k === leftEdge - 1 - modifiers && modifiers < 2 && isRoleModifier(tk2);
        if (!roleModifier) break;
        modifiers++;
      }
    }
    if (!speaker) return undefined;

    // `The Times reports:` closing a paragraph introduces the next paragraph (a block quote).
    const from = after ? after.end : i + 1;
    const block = blockAfterColon(from, sEnd);
    if (block) return { cue: [i, i + 1], speaker, content: block, pattern: "quote-before", cueStrength: Math.max(strength, 0.7) };
    // `X said: "..."`: a quote opens right after the cue and its adjuncts.
    const cStart = contentStartAfter(tokens, from, sEnd, OBJECT_VERBS.has(t.lower), names);
    const q = opensAt.get(cStart);
    if (q) {
      let end = q.close + 1;
      // A quote that is only part of the sentence: `X said "we will win" next year.`
      if (isWord(tokens[end]) && !CONJUNCTIONS.has(tokens[end]!.lower) && tokens[end]!.para === tokens[q.close]!.para) end = sentenceEndOf(end);
      return { cue: [i, i + 1], speaker, content: [q.open, trimEnd(tokens, q.open, end)], pattern: "quote-before", cueStrength: Math.max(strength, 0.8) };
    }
    // Reported speech after the cue: `X said (that) ...`
    if (before && cStart < sEnd && !isPassive(i) && !NOT_A_CLAUSE.has(tokens[cStart]!.lower)) {
      let end = trimEnd(tokens, cStart, sEnd);
      // Reported speech that runs into a quote which closes in a later sentence.
      const lastQ = quoteOf[end - 1] ?? -1;
      if (lastQ >= 0) end = Math.max(end, quotes[lastQ]!.close + 1);
      // A rarer cue counts when a clear source stands before it ("Trump charges that ...").
      const enough = strength >= opts.minCueRate || (strength >= opts.minCueRate / 2 && isClearSource(tokens, before));
      // A verb that is not a verb of saying or thinking ("defended", "blocked") reports only a
      // clause or a quotation; with a plain object ("defended the budget") it is an action.
      const reportsSomething = SPEECH_VERBS.has(t.lower) || COGNITION_VERBS.has(t.lower) || tokens[cStart - 1]?.lower === "that" || hasQuote(cStart, end) || !opts.strictObjects || strength >= 0.5 || looksLikeClause(cStart, end);
      if (wordCount(tokens, cStart, end) >= MIN_CONTENT_WORDS && enough && reportsSomething) {
        return { cue: [i, i + 1], speaker, content: [cStart, end], pattern: "indirect", cueStrength: strength };
      }
    }
    // Postposed: `The storm will land Thursday, the weather service said.`
    const afterCue = after ? after.end : i + 1;
    const leftOfSpeaker = speaker.start - 1;
    const sep = tokens[leftOfSpeaker];
    const sepOk = !!sep && (sep.text === "," || sep.text === "—" || sep.text === "–" || sep.type === "quote");
    if (sepOk && tailIsShort(tokens, afterCue, sEnd) && strength >= Math.min(opts.minCueRate, 0.2) && !isPassive(i)) {
      let start = sStart;
      const end = leftOfSpeaker + (sep.type === "quote" ? 1 : 0);
      const firstQ = quoteOf[start] ?? -1;
      if (firstQ >= 0) start = Math.min(start, quotes[firstQ]!.open);
      if (wordCount(tokens, start, end) >= 3) return { cue: [i, i + 1], speaker, content: [start, end], pattern: "postposed", cueStrength: strength };
    }
    // Parenthetical: `The plan, she said, will fail.`
    if (sepOk && sep.text === "," && tokens[afterCue]?.text === "," && wordCount(tokens, sStart, leftOfSpeaker) >= 2 && strength >= opts.minCueRate) {
      return { cue: [i, i + 1], speaker, content: [sStart, trimEnd(tokens, sStart, sEnd)], pattern: "postposed", cueStrength: strength };
    }
    return undefined;
  }

  /**
   * "X promised Y and said Z", "X lashed out, saying Z": a cue that shares the subject of the
   * clause before it takes the speaker of that clause.
   */
  function sharedSubject(i: number, sStart: number, participle: boolean): Span | undefined {
    const prev = tokens[i - 1];
    if (!prev || !(prev.lower === "and" || prev.lower === "but" || participle)) return undefined;
    for (let k = out.length - 1; k >= 0; k--) {
      const a = out[k]!;
      if (a.cue[0] < sStart) break;
      if (a.speaker && a.speaker.end <= a.cue[0]) return a.speaker;
    }
    for (let k = sStart; k < Math.min(i - 1, sStart + 8); k++) {
      const t = tokens[k]!;
      if (t.type !== "word") continue;
      if (["he", "she", "they", "it", "we", "i"].includes(t.lower)) return { start: k, end: k + 1, head: k };
      if (t.cap) {
        const r = names.runAtToken(k);
        // "Hours later, Trump ...", "On Monday, Trump ...": an adverbial opener is not the subject.
        const opener = tokens[r?.end ?? k + 1]?.text === "," || TIME_WORDS.has(tokens[r?.end ?? k + 1]?.lower ?? "");
        if (r && !opener && !["in", "on", "at", "for", "with", "to", "from", "by", "of", "after", "before"].includes(tokens[k - 1]?.lower ?? "")) return { start: k, end: r.end, head: r.end - 1 };
        if (r) k = r.end - 1;
      }
    }
    return undefined;
  }

  /** "was endorsed by", "can be convinced": the subject is not the source. */
  function isPassive(i: number): boolean {
    if (!/ed$/.test(tokens[i]!.lower) && !/(own|told|said|thought|felt|known)$/.test(tokens[i]!.lower)) return false;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const w = tokens[k]!.lower;
      if (BE_FORMS.has(w)) return !EXPECTATION.has(tokens[i]!.lower);
      if (!AUX_ADVERB.test(w)) break;
    }
    return tokens[i + 1]?.lower === "by";
  }

  /** The paragraph after a colon that ends the cue's paragraph: the quoted passage, or all of it. */
  function blockAfterColon(from: number, sEnd: number): [number, number] | undefined {
    let colon = -1;
    for (let k = from; k < sEnd && k < from + 10; k++) {
      if (tokens[k]!.text === ":") {
        colon = k;
        break;
      }
    }
    const first = tokens[colon + 1];
    if (colon < 0 || colon + 1 !== sEnd || !first || first.para === tokens[colon]!.para) return undefined;
    const q = opensAt.get(colon + 1);
    if (q) return [q.open, q.close + 1];
    let end = colon + 1;
    while (end < tokens.length && tokens[end]!.para === first.para) end++;
    return wordCount(tokens, colon + 1, end) >= 3 ? [colon + 1, trimEnd(tokens, colon + 1, end)] : undefined;
  }

  /** A finite verb or a subject pronoun early on: "the strike was illegal", not "the budget on Monday". */
  function looksLikeClause(from: number, to: number): boolean {
    for (let k = from, words = 0; k < to && words < 10; k++) {
      const t = tokens[k]!;
      if (t.type !== "word") continue;
      words++;
      if (FINITE.has(t.lower) || /n't$/.test(t.lower)) return true;
      if (words === 1 && ["he", "she", "they", "we", "i", "it"].includes(t.lower)) return true;
      if (words === 1 && (t.lower === "to" || t.lower === "for")) return true;
    }
    return false;
  }

  function hasQuote(from: number, to: number): boolean {
    for (let k = from; k < to; k++) if (tokens[k]!.type === "quote") return true;
    return false;
  }

  function sentenceEndOf(tokIdx: number): number {
    return sentences[sentenceOf[tokIdx]!]![1];
  }

  out.push(...transcriptTurns(tokens, names), ...dashSignatures(tokens, speechQuotes, names));

  // Quotes no cue claimed: continuations of the previous speaker (`"A," she said. "B."`, quote-only paragraphs).
  const covered = new Uint8Array(tokens.length);
  for (const a of out) for (let k = a.content[0]; k < a.content[1]; k++) covered[k] = 1;
  const byPos = out.slice().sort((a, b) => a.content[0] - b.content[0]);
  const extra: Attribution[] = [];
  for (const q of speechQuotes) {
    if (covered[q.open] || covered[q.close]) continue;
    if (q.words < 3) continue;
    let prevIdx = lastEndingBefore(byPos, q.open);
    if (prevIdx < 0) continue;
    // A clause inside the attribution sentence ("said X, who has been challenging ...") does not
    // take the floor from the quote's speaker.
    const isQuoted = (a: Attribution) => a.pattern === "quote-after" || a.pattern === "quote-before" || a.pattern === "continuation";
    for (let k = prevIdx - 1; k >= 0 && !isQuoted(byPos[prevIdx]!); k--) {
      const cand = byPos[k]!;
      if (sentenceOf[cand.cue[0]] !== sentenceOf[byPos[prevIdx]!.cue[0]]) break;
      if (isQuoted(cand)) prevIdx = k;
    }
    const prev = byPos[prevIdx]!;
    const paraGap = tokens[q.open]!.para - tokens[prev.content[1] - 1]!.para;
    if (paraGap > 1 || prev.pattern === "according-to") continue;
    const attrEnd = Math.max(prev.cue[1], prev.speaker?.end ?? 0);
    // `said X: "A," "B."`: a second quote right after the first one.
    if ((prev.pattern === "quote-before" || prev.pattern === "quote-after") && prev.content[1] === q.open) {
      prev.content = [prev.content[0], q.close + 1];
      for (let k = q.open; k <= q.close; k++) covered[k] = 1;
      continue;
    }
    // Another name between the two quotes (outside quotes, past the attribution's own sentence,
    // whose appositive may name an employer) may have taken the floor.
    const afterAttribution = Math.max(prev.content[1], sentences[sentenceOf[Math.max(0, attrEnd - 1)]!]![1]);
    if (namedSomeoneBetween(tokens, quoteOf, afterAttribution, q.open, names)) continue;
    // `"A," she said. "B."`: one claim from A to B when only the attribution sits between them.
    // The next quote must open right after the attribution: within a few tokens, or as the first
    // token of the next sentence ("A," said X, head of Y. "B.").
    const adjacent = q.open - attrEnd <= 4 || (sentenceOf[q.open] === sentenceOf[attrEnd - 1]! + 1 && sentences[sentenceOf[q.open]!]![0] === q.open);
    if (prev.pattern === "quote-after" && paraGap === 0 && attrEnd <= q.open && adjacent && prev.content[1] <= prev.cue[0]) {
      prev.content = [prev.content[0], q.close + 1];
      for (let k = q.open; k <= q.close; k++) covered[k] = 1;
      continue;
    }
    extra.push({ cue: prev.cue, speaker: prev.speaker, content: [q.open, q.close + 1], pattern: "continuation", cueStrength: 0.6 });
  }
  return dedupe([...out, ...extra], tokens);
}

/**
 * Reported speech runs to the end of its sentence unless another attribution starts inside it
 * ("X promised Y and said Z", "Y could happen, Sen. Z told reporters"): cut it there.
 */
function truncateAtInnerAttributions(all: Attribution[], tokens: Token[]): void {
  // Where each attribution begins: at its speaker when the speaker stands right before the cue,
  // else at the cue ("X did Y and warned Z", "..., arguing that").
  const starts = all
    .map((a) => (a.speaker && a.speaker.end <= a.cue[0] && adjacentWords(tokens, a.speaker.end, a.cue[0]) ? a.speaker.start : a.cue[0]))
    .sort((x, y) => x - y);
  for (const a of all) {
    if (a.pattern !== "indirect" && a.pattern !== "according-to") continue;
    const [cs, ce] = a.content;
    // First attribution start strictly inside the content, past its first two tokens.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < cs + 2) lo = mid + 1;
      else hi = mid;
    }
    const inner = starts[lo];
    if (inner === undefined || inner >= ce) continue;
    // Only a coordinated or appended attribution ends this one ("X did Y and said Z", "Y, Z said");
    // one nested inside it ("he says he raised $18 million") is part of what was reported.
    const joiner = tokens[inner - 1];
    // A closing quote after a comma joins too: `... “expanded the party,” claiming that ...`.
    const commaQuote = joiner?.type === "quote" && tokens[inner - 2]?.text === ",";
    if (!joiner || !(commaQuote || joiner.text === "," || joiner.text === ";" || ["and", "but", "while"].includes(joiner.lower))) continue;
    let end = inner;
    // Drop the "and" / "," that joined the two attributions.
    while (end > cs + 1 && (tokens[end - 1]!.type !== "word" || ["and", "but", "while", "as"].includes(tokens[end - 1]!.lower)) && tokens[end - 1]!.type !== "quote") end--;
    a.content = [cs, end];
  }
}

/** A name, a personal pronoun or a role, organization or document noun: someone who can say things. */
function isClearSource(tokens: Token[], sp: Span): boolean {
  const head = tokens[sp.head]!;
  if (head.cap) return true;
  const w = head.lower.replace(/'s$/, "");
  return ["he", "she", "they", "i", "we"].includes(w) || ROLE_NOUNS.has(w) || ORG_HEADS.has(w) || DOCUMENT_HEADS.has(w);
}

/** Paragraph openers that look like "NAME:" but label something else. */
const NOT_SPEAKER_LABELS = new Set(["update", "updated", "related", "note", "editor's", "read", "watch", "source", "sources", "photo", "video", "correction", "disclosure", "warning", "q", "a", "question", "answer", "subscribe", "advertisement", "more", "see", "also", "breaking", "exclusive", "listen", "opinion", "analysis", "transcript"]);

/** Interview transcripts: a paragraph that opens with "PENCE:" or "Mike Pence:" and the turn after it. */
function transcriptTurns(tokens: Token[], names: NameRuns): Attribution[] {
  const out: Attribution[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i > 0 && tokens[i - 1]!.para === t.para && !(tokens[i - 1]!.type === "quote" && (i < 2 || tokens[i - 2]!.para !== t.para))) continue;
    if (!t.cap || NOT_SPEAKER_LABELS.has(t.lower)) continue;
    const run = names.runAtToken(i);
    const nameEnd = run ? run.end : i + 1;
    const colon = tokens[nameEnd];
    if (!colon || colon.text !== ":" || nameEnd - i > 4) continue;
    // A one-word label must be a shouted surname ("PENCE:"), not a heading ("Background:").
    if (nameEnd - i === 1 && !/^\p{Lu}{2,}$/u.test(t.text)) continue;
    let end = nameEnd + 1;
    while (end < tokens.length && tokens[end]!.para === t.para) end++;
    if (wordCount(tokens, nameEnd + 1, end) < 4) continue;
    out.push({ cue: [nameEnd, nameEnd + 1], speaker: { start: i, end: nameEnd, head: nameEnd - 1 }, content: [nameEnd + 1, trimEnd(tokens, nameEnd + 1, end)], pattern: "transcript", cueStrength: 0.8 });
  }
  return out;
}

/** Vox-pop signatures: a quote followed by a dash and the name ("...” ― Adriana Rodarte). */
function dashSignatures(tokens: Token[], quotes: QuoteSpan[], names: NameRuns): Attribution[] {
  const out: Attribution[] = [];
  for (const q of quotes) {
    const dash = tokens[q.close + 1];
    if (!dash || !/^(―|—|–|-|--)$/.test(dash.text)) continue;
    const first = tokens[q.close + 2];
    if (!first?.cap) continue;
    const run = names.runAtToken(q.close + 2);
    if (!run) continue;
    out.push({ cue: [q.close + 1, q.close + 2], speaker: { start: run.start, end: run.end, head: run.end - 1 }, content: [q.open, q.close + 1], pattern: "signature", cueStrength: 0.8 });
  }
  return out;
}

/** Strength of every candidate cue word, computed once: one lookup per token in the hot loop. */
const STRENGTH = new Map<string, number>();
for (const w of [...cueWords(), ...SPEECH_VERBS, ...COGNITION_VERBS]) {
  const rate = cueRate(w);
  const strength = SPEECH_VERBS.has(w) ? Math.max(rate, 0.5) : COGNITION_VERBS.has(w) ? Math.max(rate, 0.35) : cueCount(w) >= 3 && rate >= 0.15 ? rate : 0;
  if (strength > 0) STRENGTH.set(w, strength);
}

function cueStrength(lower: string, opts: AttributionOptions): number {
  const strength = STRENGTH.get(lower);
  if (strength === undefined) return 0;
  if (!opts.cognition && COGNITION_VERBS.has(lower)) return 0;
  return strength;
}

function accordingTo(tokens: Token[], i: number, sStart: number, sEnd: number, names: NameRuns, quoteOf: Int32Array): Attribution | undefined {
  // "according to (a report by / a statement from) X"
  let k = i + 2;
  let npEnd = k;
  while (npEnd < sEnd && isWord(tokens[npEnd]) && npEnd - k < 12) npEnd++;
  if (npEnd === k) return undefined;
  const np = nounPhraseEndingAt(tokens, npEnd - 1, k, names, true);
  const speaker: Span = np && np.start === k ? np : { start: k, end: npEnd, head: npEnd - 1 };
  const cue: [number, number] = [i, i + 2];
  let content: [number, number];
  if (i === sStart || (i === sStart + 1 && !isWord(tokens[sStart]))) {
    // "According to X, content."
    let c = speaker.end;
    while (c < sEnd && !isWord(tokens[c]) && tokens[c]!.type !== "quote") c++;
    content = [c, trimEnd(tokens, c, sEnd)];
  } else {
    // "content, according to X." / "content, according to X, more content."
    let end = i;
    while (end > sStart && !isWord(tokens[end - 1]) && tokens[end - 1]!.type !== "quote") end--;
    let start = sStart;
    const q = quoteOf[start] ?? -1;
    if (q >= 0) start = sStart;
    content = [start, end];
    if (isWord(tokens[speaker.end + 1]) && tokens[speaker.end]?.text === ",") content = [start, trimEnd(tokens, start, sEnd)];
  }
  if (wordCount(tokens, content[0], content[1]) < 3) return undefined;
  return { cue, speaker, content, pattern: "according-to", cueStrength: 0.9 };
}

function tailIsShort(tokens: Token[], from: number, sEnd: number): boolean {
  let words = 0;
  for (let k = from; k < sEnd; k++) {
    const t = tokens[k]!;
    // After a comma comes an appositive or an adjunct (", head of the caucus"), not more content.
    if (t.text === ",") return true;
    if (t.type === "word") words++;
    if (words > 7) return false;
  }
  return true;
}

/** Drops a final full stop so the content is the clause, keeping closing quote marks. */
function trimEnd(tokens: Token[], start: number, end: number): number {
  let e = end;
  while (e > start + 1 && (isTerminal(tokens[e - 1]) || tokens[e - 1]!.text === "," || tokens[e - 1]!.text === ";")) e--;
  return e;
}

function wordCount(tokens: Token[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (tokens[k]!.type === "word") n++;
  return n;
}

/** Index of the last attribution (sorted by content start) whose content starts before pos. */
function lastEndingBefore(sorted: Attribution[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.content[0] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function namedSomeoneBetween(tokens: Token[], quoteOf: Int32Array, from: number, to: number, names: NameRuns): boolean {
  for (let k = from; k < to; k++) if (quoteOf[k]! < 0 && tokens[k]!.cap && names.runAtToken(k) && tokens[k - 1] && !/^[.!?"“”]/.test(tokens[k - 1]!.text)) return true;
  return false;
}

/** Overlapping candidates: keep the one with the stronger pattern. */
function dedupe(all: Attribution[], tokens: Token[]): Attribution[] {
  const rank: Record<Pattern, number> = { "quote-after": 5, "quote-before": 5, transcript: 5, signature: 5, "according-to": 4, indirect: 3, postposed: 2, continuation: 1 };
  const sorted = all.slice().sort((a, b) => a.content[0] - b.content[0] || b.content[1] - a.content[1]);
  const kept: Attribution[] = [];
  for (const a of sorted) {
    // Candidates are sorted by start, so any clash is among the last few kept.
    const from = Math.max(0, kept.length - 8);
    const clashIn = kept.slice(from).findIndex((b) => overlap(a.content, b.content) > 0.6 * Math.min(a.content[1] - a.content[0], b.content[1] - b.content[0]));
    const clash = clashIn < 0 ? -1 : from + clashIn;
    const b = kept[clash];
    if (!b) kept.push(a);
    // The attribution whose cue sits inside the other's content is the nested one: the outer
    // attribution ("..., Schiff said.") owns the sentence.
    else if (outerOf(a, b)) kept[clash] = a;
    else if (outerOf(b, a)) continue;
    else if (rank[a.pattern] > rank[b.pattern]) kept[clash] = a;
  }
  void tokens;
  return kept;
}

/** At most three words and no punctuation between two positions ("he has also said"). */
function adjacentWords(tokens: Token[], from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let k = from; k < to; k++) if (tokens[k]!.type !== "word") return false;
  return true;
}
const inside = (cue: [number, number], content: [number, number]) => cue[0] >= content[0] && cue[1] <= content[1];
/** outer reports what inner says, and inner is reported speech rather than a quotation or a source note. */
const outerOf = (outer: Attribution, inner: Attribution) =>
  (outer.pattern === "postposed" || outer.pattern === "indirect" || outer.pattern === "according-to") &&
  (inner.pattern === "indirect" || (inner.pattern === "quote-before" && 2 * (inner.content[1] - inner.content[0]) < outer.content[1] - outer.content[0])) &&
  inside(inner.cue, outer.content) &&
  !inside(outer.cue, inner.content);
const overlap = (a: [number, number], b: [number, number]) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));


