/**
 * The checkworthiness stage: how much a claim states something a fact-checker could verify, 0..1,
 * with the features behind the score. A logistic combination of explainable features (features.ts),
 * not a model of truth: docs/checkworthiness.md says what the score means and what it does not.
 *
 * Pure and linear in the claim's length; runs on the tokens the text stage already made.
 */
import { tokenize } from "../text/index.ts";
import { BIAS, CHECKWORTHINESS_REASONS, FEATURES, type CheckworthinessReason, type ClaimView, type Feature } from "./features.ts";

export { BIAS, CHECKWORTHINESS_REASONS, FEATURES, LOWERING, RAISING, type CheckworthinessReason, type Feature } from "./features.ts";

export interface Checkworthiness {
  /** 0..1, two decimals. */
  checkworthiness: number;
  /** The features that fired: those raising the score first, then those lowering it, each by weight. */
  checkworthinessReasons: CheckworthinessReason[];
}

/** The fields of a token the stage reads (lambdas/core/text's Token has them). */
export interface ScoredToken {
  lower: string;
  type: "word" | "punct" | "quote";
}

/** Strongest first within each direction, so the first reason is the one that moved the score most. */
const ORDERED: readonly Feature[] = [...FEATURES].sort((a, b) => Math.sign(b.weight) - Math.sign(a.weight) || Math.abs(b.weight) - Math.abs(a.weight));

/**
 * Scores the content tokens [start, end) of an analysed text; `cue` is the claim's cue as written
 * ("promised", "asked").
 */
export function scoreCheckworthiness(tokens: readonly ScoredToken[], start: number, end: number, cue = ""): Checkworthiness {
  const lower: string[] = [];
  const isWord: boolean[] = [];
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    lower.push(t.lower);
    isWord.push(t.type === "word");
  }
  const view: ClaimView = { lower, isWord, cue: cue.toLowerCase().split(/\s+/).filter(Boolean) };
  let logit = BIAS;
  const reasons: CheckworthinessReason[] = [];
  for (const f of ORDERED) {
    if (!f.detect(view)) continue;
    logit += f.weight;
    reasons.push(f.id);
  }
  return { checkworthiness: Math.round(100 / (1 + Math.exp(-logit))) / 100, checkworthinessReasons: reasons };
}

/** The same for a claim's text alone (tests, tools); the pipeline scores the tokens it already has. */
export function checkworthinessOf(content: string, cue = ""): Checkworthiness {
  const { tokens } = tokenize(content);
  return scoreCheckworthiness(tokens, 0, tokens.length, cue);
}

export function isCheckworthinessReason(value: string): value is CheckworthinessReason {
  return (CHECKWORTHINESS_REASONS as readonly string[]).includes(value);
}
