/**
 * A labelled set of claim pairs for measuring repeated-claim grouping, built from a hand-annotated
 * attribution corpus (PolNeAR: speaker and content spans per article). The labels come from rules
 * that do not use the grouping's own signature: character-level alignment of the two wordings
 * (longest common subsequence) and the annotated speakers. Pairs between the rules' bands are left
 * out, and counted, rather than guessed.
 *
 *   same          one speaker, and the wordings align almost entirely (ratio ≥ SAME_RATIO), or the
 *                 shorter one (≥ 6 words) lies almost entirely inside the longer (a cut quote)
 *   near-miss     one speaker, sharing words and subject, but the wordings do not align (ratio <
 *                 DIFFERENT_RATIO): another statement on the same matter
 *   other-speaker two different named speakers, different wordings: must never be grouped
 *
 * A pair refers to its claims by article id, claim index and content offsets only: the corpus texts
 * stay outside the repository and are read at run time.
 */
import { statementWords } from "../core/signature/index.ts";

export const SAME_RATIO = 0.75;
export const CUT_COVERAGE = 0.9;
export const DIFFERENT_RATIO = 0.5;
export const MIN_STATEMENT_WORDS = 5;
/** Other-speaker pairs kept: every n-th, so the file stays small while the check covers every speaker pair kind. */
const OTHER_SPEAKER_STRIDE = 10;

export interface CorpusClaim {
  speaker?: string | null;
  speakerEntityAuto?: string | null;
  speakerPronoun?: boolean;
  content: string;
  contentStart: number;
  contentEnd: number;
}

export interface CorpusArticle {
  id: string;
  text: string;
  claims: CorpusClaim[];
  meta?: { publication_date?: string };
}

export interface ClaimRef {
  article: string;
  claim: number;
  start: number;
  end: number;
}

export type PairLabel = "same" | "near-miss" | "other-speaker";

export interface LabelledPair {
  a: ClaimRef;
  b: ClaimRef;
  label: PairLabel;
  split: string;
}

/** Speakers a surname cannot identify: pronouns, relatives, generic sources. */
const NOT_A_NAME = new Set(
  "he she they it i we you who which that him her them his its their this these those one someone anyone people officials official spokesman spokeswoman spokesperson campaign aides aide advisers adviser sources source source reporters reporter analysts analyst experts critics supporters voters democrats republicans administration government statement report poll polls survey committee group others some many most both all everyone".split(
    " ",
  ),
);

/**
 * The annotated speaker as a comparable name: the last word of the coreference-resolved entity, or of
 * the span itself ("Donald J. Trump", "Mr. Trump" → trump); undefined when it names nobody in particular.
 */
export function speakerName(c: CorpusClaim): string | undefined {
  const source = c.speakerEntityAuto ?? (c.speakerPronoun ? undefined : c.speaker);
  if (!source) return undefined;
  const words = statementWords(source.replace(/['’]s\b/g, ""));
  const last = words.at(-1);
  if (!last || last.length < 3 || NOT_A_NAME.has(last) || /^\d+$/.test(last)) return undefined;
  // A long description ("the self-congratulatory narrative ...") is not a name.
  if (words.length > 6) return undefined;
  return last;
}

/**
 * Word-level longest common subsequence of two wordings, with where its matches lie in `b`: the
 * first and last matched word positions (a cut quote matches one compact stretch of the longer text).
 */
export function lcsWords(a: readonly string[], b: readonly string[]): { length: number; firstInB: number; lastInB: number } {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  let i = 0;
  let j = 0;
  let firstInB = -1;
  let lastInB = -1;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      if (firstInB < 0) firstInB = j;
      lastInB = j;
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return { length: table[0]![0]!, firstInB, lastInB };
}

export interface Alignment {
  /** 2·LCS / (|a| + |b|), in words. */
  ratio: number;
  /** LCS / |shorter|, in words. */
  coverage: number;
  /** Words of the longer text spanned by the matches, over the shorter's length. */
  spread: number;
  shorterWords: number;
}

const MAX_ALIGN_WORDS = 400;

export function align(a: string, b: string): Alignment {
  let wa = statementWords(a).slice(0, MAX_ALIGN_WORDS);
  let wb = statementWords(b).slice(0, MAX_ALIGN_WORDS);
  if (wa.length === 0 || wb.length === 0) return { ratio: 0, coverage: 0, spread: Infinity, shorterWords: 0 };
  if (wa.length > wb.length) [wa, wb] = [wb, wa];
  const lcs = lcsWords(wa, wb);
  return {
    ratio: (2 * lcs.length) / (wa.length + wb.length),
    coverage: lcs.length / wa.length,
    spread: lcs.length === 0 ? Infinity : (lcs.lastInB - lcs.firstInB + 1) / wa.length,
    shorterWords: wa.length,
  };
}

/** The label of two claims of one speaker, or undefined when the pair falls between the bands. */
export function labelSameSpeaker(al: Alignment): "same" | "near-miss" | undefined {
  if (al.ratio >= SAME_RATIO) return "same";
  // A cut: nearly every word of the shorter, in order, in one compact stretch of the longer.
  if (al.coverage >= CUT_COVERAGE && al.spread <= 1.25 && al.shorterWords >= 6) return "same";
  if (al.ratio < DIFFERENT_RATIO && al.coverage < 0.6) return "near-miss";
  return undefined;
}

const STOP = new Set(
  "the a an and or but of to in on at for with by from as is are was were be been being that this it its he she they we i you his her their our not no will would can could should have has had do does did said says if than then so about into over after before more most very just also there what which who whom when where why how all any some".split(" "),
);
const contentWords = (text: string) => new Set(statementWords(text).filter((w) => w.length > 2 && !STOP.has(w)));

export interface BuildResult {
  pairs: LabelledPair[];
  /** Candidate pairs of one speaker left out because they fell between the bands. */
  ambiguous: number;
}

/**
 * Every cross-article pair of claims of one speaker that shares a word trigram (the candidates for
 * "same"), plus same-speaker pairs that share at least two content words but no trigram (more near
 * misses), plus pairs of different named speakers that share a trigram (other-speaker), all labelled.
 * Deterministic: the same corpus gives the same file.
 */
export function buildPairs(articles: readonly (CorpusArticle & { split: string })[], opts: { maxNearMissPerSpeaker?: number } = {}): BuildResult {
  interface Entry { ref: ClaimRef; split: string; speaker?: string; content: string; words: string[] }
  const entries: Entry[] = [];
  for (const art of articles) {
    art.claims.forEach((c, i) => {
      if (art.text.slice(c.contentStart, c.contentEnd) !== c.content) return;
      const words = statementWords(c.content);
      // Shorter spans are noun phrases ("the mainstream media"), not statements the tracker groups.
      if (words.length < MIN_STATEMENT_WORDS) return;
      const speaker = speakerName(c);
      entries.push({ ref: { article: art.id, claim: i, start: c.contentStart, end: c.contentEnd }, split: art.split, ...(speaker && { speaker }), content: c.content, words });
    });
  }
  const trigramIndex = new Map<string, number[]>();
  entries.forEach((e, n) => {
    const seen = new Set<string>();
    for (let i = 0; i + 2 < e.words.length; i++) {
      const g = e.words.slice(i, i + 3).join(" ");
      if (seen.has(g)) continue;
      seen.add(g);
      const list = trigramIndex.get(g) ?? [];
      list.push(n);
      trigramIndex.set(g, list);
    }
  });
  const candidates = new Set<string>();
  for (const list of trigramIndex.values()) {
    if (list.length > 80) continue; // a stock phrase, shared by many unrelated claims
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) candidates.add(`${list[i]} ${list[j]}`);
  }
  const pairs: LabelledPair[] = [];
  let ambiguous = 0;
  const split = (x: Entry, y: Entry) => (x.split === y.split ? x.split : "mixed");
  const taken = new Set<string>();
  let otherSpeaker = 0;
  for (const key of [...candidates].sort()) {
    const [x, y] = key.split(" ").map(Number) as [number, number];
    const a = entries[x]!;
    const b = entries[y]!;
    if (a.ref.article === b.ref.article || !a.speaker || !b.speaker) continue;
    const al = align(a.content, b.content);
    if (a.speaker === b.speaker) {
      const label = labelSameSpeaker(al);
      if (!label) ambiguous++;
      else pairs.push({ a: a.ref, b: b.ref, label, split: split(a, b) });
    } else if (al.ratio < DIFFERENT_RATIO && al.coverage < 0.6 && otherSpeaker++ % OTHER_SPEAKER_STRIDE === 0) {
      pairs.push({ a: a.ref, b: b.ref, label: "other-speaker", split: split(a, b) });
    }
    taken.add(key);
  }
  // More near misses: one speaker, the same matter (two content words in common), no shared trigram.
  const bySpeaker = new Map<string, number[]>();
  entries.forEach((e, n) => e.speaker && bySpeaker.set(e.speaker, [...(bySpeaker.get(e.speaker) ?? []), n]));
  const perSpeaker = opts.maxNearMissPerSpeaker ?? 40;
  for (const [, list] of [...bySpeaker].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let added = 0;
    for (let i = 0; i < list.length && added < perSpeaker; i++) {
      for (let j = i + 1; j < list.length && added < perSpeaker; j++) {
        const [x, y] = [list[i]!, list[j]!];
        if (taken.has(`${x} ${y}`)) continue;
        const a = entries[x]!;
        const b = entries[y]!;
        if (a.ref.article === b.ref.article || a.words.length < 5 || b.words.length < 5) continue;
        const wa = contentWords(a.content);
        const shared = [...contentWords(b.content)].filter((w) => wa.has(w)).length;
        if (shared < 2) continue;
        const label = labelSameSpeaker(align(a.content, b.content));
        if (label !== "near-miss") continue;
        pairs.push({ a: a.ref, b: b.ref, label, split: split(a, b) });
        added++;
      }
    }
  }
  return { pairs, ambiguous };
}
