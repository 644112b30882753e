/**
 * The features of checkworthiness, as data: each has an id (the reason a claim carries), a weight in
 * log-odds and a detector over the claim's tokens. Every detector is a word list from
 * lexicon/checkworthiness.ts plus a token pattern, so a reason can always be traced to the words
 * that fired it. docs/checkworthiness.md lists them with examples.
 */
import {
  CAUSAL_PAIRS,
  CAUSAL_WORDS,
  CHANGE_VERBS,
  COMPARISON_MARKERS,
  DETERMINED_SUPERLATIVES,
  EVALUATIVE,
  EXPRESSIVES,
  FEELING_WINDOW,
  FEELING_WORDS,
  FIGURE_SYMBOLS,
  FIRST_PERSON_FUSED,
  FIRST_PERSON_SUBJECTS,
  FORECAST_BEFORE_TO,
  FORECAST_WORDS,
  FUTURE_MODALS,
  IRREGULAR_PAST,
  NORMATIVE,
  NOT_COMPARISON_BEFORE_THAN,
  NOT_PAST_ED,
  NOT_SUPERLATIVE_EST,
  NUMBER_WORDS,
  OPINION_PHRASES,
  OPINION_VERBS,
  PAST_TIME,
  PREDICTION_CUES,
  PROMISE_CUES,
  PROMISE_WORDS,
  QUESTION_CUES,
  RECORD_PAIRS,
  SUPERLATIVE_DETERMINERS,
  SUPERLATIVES,
} from "../lexicon/checkworthiness.ts";

/** What a detector sees: the claim's tokens, lower-cased, and the cue's words. */
export interface ClaimView {
  /** Lower-cased text of every token of the content, punctuation and quote marks included. */
  lower: readonly string[];
  /** The token is a word (not punctuation or a quote mark). */
  isWord: readonly boolean[];
  /** Lower-cased words of the cue ("said", "promised", "asked"). */
  cue: readonly string[];
}

export const RAISING = ["figure", "comparison", "superlative", "causal", "prediction", "factual-event"] as const;
export const LOWERING = ["opinion", "feeling", "question", "promise"] as const;
export const CHECKWORTHINESS_REASONS = [...RAISING, ...LOWERING] as const;
export type CheckworthinessReason = (typeof CHECKWORTHINESS_REASONS)[number];

export interface Feature {
  id: CheckworthinessReason;
  /** Added to the log-odds when the feature fires. */
  weight: number;
  detect(view: ClaimView): boolean;
}

/** Log-odds of a claim with no feature: a bare statement scores 0.4. */
export const BIAS = -0.4;

const YEAR = /^(1[5-9]|20)\d\d$/;
const ORDINAL = /^\d+(st|nd|rd|th)$/;
const HAS_DIGIT = /\d/;
const SUPERLATIVE_EST = /^[a-z]{2,}est$/;
const PAST_ED = /^[a-z]{3,}ed$/;

const anyWord = (v: ClaimView, list: ReadonlySet<string>) => v.lower.some((w, i) => v.isWord[i] && list.has(w));
/** Word pairs indexed by their first word, so a claim is scanned once per list whatever its length. */
const pairIndex = new WeakMap<readonly (readonly [string, string])[], Map<string, Set<string>>>();
function anyPair(v: ClaimView, pairs: readonly (readonly [string, string])[]): boolean {
  let index = pairIndex.get(pairs);
  if (!index) {
    index = new Map();
    for (const [a, b] of pairs) index.set(a, (index.get(a) ?? new Set()).add(b));
    pairIndex.set(pairs, index);
  }
  return v.lower.some((w, i) => index.get(w)?.has(v.lower[i + 1] ?? "") === true);
}
const cueHas = (v: ClaimView, list: ReadonlySet<string>) => v.cue.some((w) => list.has(w));

/** A year on its own is a date, not a statistic ("in 2019"); after a currency sign it is an amount. */
function isFigureToken(v: ClaimView, i: number): boolean {
  const w = v.lower[i]!;
  if (!v.isWord[i]) return FIGURE_SYMBOLS.has(w);
  if (NUMBER_WORDS.has(w)) return true;
  if (!HAS_DIGIT.test(w) || ORDINAL.test(w)) return false;
  return !YEAR.test(w) || FIGURE_SYMBOLS.has(v.lower[i - 1] ?? "");
}

/** A first-person subject right before position i, or fused into the word at i ("we'll"). */
function firstPersonBefore(v: ClaimView, i: number): boolean {
  if (FIRST_PERSON_FUSED.has(v.lower[i]!)) return true;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const w = v.lower[k]!;
    if (FIRST_PERSON_SUBJECTS.has(w) || FIRST_PERSON_FUSED.has(w)) return true;
    if (!v.isWord[k]) return false;
  }
  return false;
}

/** Positions where the text speaks of the future: "will", "'ll", "won't", "going to", "set to". */
function futurePositions(v: ClaimView): number[] {
  const at: number[] = [];
  v.lower.forEach((w, i) => {
    if (!v.isWord[i]) return;
    if (FUTURE_MODALS.has(w) || w.endsWith("'ll") || (FORECAST_BEFORE_TO.has(w) && v.lower[i + 1] === "to")) at.push(i);
  });
  return at;
}

const questionMark = (v: ClaimView) => v.lower.includes("?");

export const FEATURES: readonly Feature[] = [
  {
    // Numbers, amounts, percentages, spelled-out quantities ("two million", "half").
    id: "figure",
    weight: 1.5,
    detect: (v) => v.lower.some((_, i) => isFigureToken(v, i)),
  },
  {
    // "more ... than", "rose", "fell", "doubled", "compared with".
    id: "comparison",
    weight: 0.9,
    detect: (v) =>
      anyWord(v, CHANGE_VERBS) ||
      anyWord(v, COMPARISON_MARKERS) ||
      v.lower.some((w, i) => w === "than" && !NOT_COMPARISON_BEFORE_THAN.has(v.lower[i - 1] ?? "")),
  },
  {
    // "the highest", "Britain's biggest", "the most", "best", "a record high", "unprecedented".
    id: "superlative",
    weight: 0.8,
    detect: (v) =>
      anyWord(v, SUPERLATIVES) ||
      anyPair(v, RECORD_PAIRS) ||
      v.lower.some((w, i) => {
        if (!v.isWord[i] || i === 0) return false;
        const before = v.lower[i - 1]!;
        const determined = SUPERLATIVE_DETERMINERS.has(before) || before.endsWith("'s") || before.endsWith("’s");
        if (!determined) return false;
        return DETERMINED_SUPERLATIVES.has(w) || (SUPERLATIVE_EST.test(w) && !NOT_SUPERLATIVE_EST.has(w));
      }),
  },
  {
    // "because", "caused", "due to", "led to", "as a result".
    id: "causal",
    weight: 0.8,
    detect: (v) => anyWord(v, CAUSAL_WORDS) || anyPair(v, CAUSAL_PAIRS),
  },
  {
    // The future said of others ("prices will rise", "is expected to"), a forecast, or a cue that predicts.
    id: "prediction",
    weight: 0.5,
    detect: (v) =>
      cueHas(v, PREDICTION_CUES) ||
      anyWord(v, FORECAST_WORDS) ||
      (!questionMark(v) && futurePositions(v).some((i) => !firstPersonBefore(v, i))),
  },
  {
    // Something happened: a past-tense verb ("closed", "went"; not a feeling: "saddened"), or a time in the past ("last year", "ago").
    id: "factual-event",
    weight: 0.8,
    detect: (v) =>
      anyWord(v, PAST_TIME) ||
      v.lower.some((w, i) => v.isWord[i] && (IRREGULAR_PAST.has(w) || (PAST_ED.test(w) && !NOT_PAST_ED.has(w) && !FEELING_WORDS.has(w)))),
  },
  {
    // "I think", "in my view", "should", "must", judgements ("disgraceful", "great").
    id: "opinion",
    weight: -1.0,
    detect: (v) =>
      anyPair(v, OPINION_PHRASES) ||
      anyWord(v, NORMATIVE) ||
      anyWord(v, EVALUATIVE) ||
      v.lower.some((w, i) => OPINION_VERBS.has(w) && firstPersonBefore(v, i)),
  },
  {
    // The speaker's own feelings ("we are deeply saddened", "I'm thrilled"), thanks, congratulations.
    id: "feeling",
    weight: -1.4,
    detect: (v) =>
      anyWord(v, EXPRESSIVES) ||
      v.lower.some((w, i) => {
        if (!FEELING_WORDS.has(w)) return false;
        for (let k = i - 1; k >= Math.max(0, i - FEELING_WINDOW); k--) {
          if (FIRST_PERSON_SUBJECTS.has(v.lower[k]!) || FIRST_PERSON_FUSED.has(v.lower[k]!)) return true;
        }
        return false;
      }),
  },
  {
    // A question mark, or a cue that asks ("asked", "wondered").
    id: "question",
    weight: -1.6,
    detect: (v) => questionMark(v) || cueHas(v, QUESTION_CUES),
  },
  {
    // A commitment: the first person and the future ("we will", "I'm going to"), or "promise", "pledge", "vow".
    id: "promise",
    weight: -0.9,
    detect: (v) => cueHas(v, PROMISE_CUES) || anyWord(v, PROMISE_WORDS) || futurePositions(v).some((i) => firstPersonBefore(v, i)),
  },
];
