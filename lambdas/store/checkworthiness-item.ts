/**
 * A claim's checkworthiness on its item: the score as a number (`cw`, also on the bySpeaker index
 * entry) and its reasons as one string of one-letter codes (`cr`: "fce" for figure, comparison,
 * factual-event), a few bytes where a list of ids would take forty.
 */
import { CHECKWORTHINESS_REASONS, type CheckworthinessReason } from "../core/checkworthiness/features.ts";
import { CHECKWORTHINESS_ATTRIBUTE } from "./schema.ts";

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
