/**
 * A claim's checkworthiness as stored. On the claim item: the score as a number (`cw`) and its reasons
 * as one string of one-letter codes (`cr`: "fce" for figure, comparison, factual-event), a few bytes
 * where a list of words would take forty. On the article's speaker and topic groups: the scores alone,
 * parallel to the groups' claim ids (`cws`), so that lists filtered or ordered by score read groups only.
 */
import { CHECKWORTHINESS_REASONS, type CheckworthinessReason } from "../core/checkworthiness/features.ts";
import { CHECKWORTHINESS_ATTRIBUTE, GROUP_SCORES_ATTRIBUTE } from "./schema.ts";

const CODE: Record<CheckworthinessReason, string> = {
  figure: "f",
  comparison: "c",
  superlative: "s",
  causal: "k",
  prediction: "p",
  "factual-event": "e",
  opinion: "o",
  feeling: "l",
  question: "q",
  promise: "m",
};
const REASON_OF = new Map(CHECKWORTHINESS_REASONS.map((r) => [CODE[r], r]));

/** The attributes to store; none for a claim extracted before claims were scored. */
export function checkworthinessAttributes(c: { checkworthiness?: number; checkworthinessReasons?: readonly string[] }): Record<string, unknown> {
  if (typeof c.checkworthiness !== "number") return {};
  const codes = (c.checkworthinessReasons ?? []).map((r) => CODE[r as CheckworthinessReason] ?? "").join("");
  return { [CHECKWORTHINESS_ATTRIBUTE]: roundScore(c.checkworthiness), cr: codes };
}

/** The claim's fields back; codes this version does not know are skipped. */
export function checkworthinessFields(item: Record<string, unknown>): { checkworthiness?: number; checkworthinessReasons?: string[] } {
  const score = item[CHECKWORTHINESS_ATTRIBUTE];
  if (typeof score !== "number") return {};
  const codes = typeof item.cr === "string" ? [...item.cr] : [];
  return { checkworthiness: score, checkworthinessReasons: codes.flatMap((c) => REASON_OF.get(c) ?? []) };
}

export const roundScore = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

/** A group's entry for a claim stored before claims were scored: below every minimum, last in the ranking. */
export const UNSCORED = -1;

/** The group attribute of claims in the order of the group's ids. */
export function groupScoresAttribute(claims: readonly { checkworthiness?: number }[]): Record<string, number[]> {
  return { [GROUP_SCORES_ATTRIBUTE]: claims.map((c) => (typeof c.checkworthiness === "number" ? roundScore(c.checkworthiness) : UNSCORED)) };
}

/** A group's scores, one per id; a group written before scoring (or a malformed entry) counts as unscored. */
export function groupScores(item: Record<string, unknown>, count: number): number[] {
  const stored = Array.isArray(item[GROUP_SCORES_ATTRIBUTE]) ? (item[GROUP_SCORES_ATTRIBUTE] as unknown[]) : [];
  return Array.from({ length: count }, (_, i) => (typeof stored[i] === "number" ? (stored[i] as number) : UNSCORED));
}
