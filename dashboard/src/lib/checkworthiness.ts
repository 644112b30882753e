/** How the dashboard shows and filters checkworthiness (the score itself: docs/checkworthiness.md). */
import type { ClaimSort } from "./api.ts";

/** The minimums offered in the filter, with what they mean to a reader. */
export const MIN_CHECKWORTHINESS_OPTIONS: readonly { value: string; label: string }[] = [
  { value: "", label: "Any claim" },
  { value: "0.5", label: "Checkable (0.5 and up)" },
  { value: "0.7", label: "Most checkable (0.7 and up)" },
];

export const SORT_OPTIONS: readonly { value: ClaimSort; label: string }[] = [
  { value: "newest", label: "Newest first" },
  { value: "checkworthiness", label: "Most checkable first" },
];

/** A score as the API takes it: 0 to 1, at most two decimals. Anything else in a URL is ignored. */
export function isScore(value: string | undefined): value is string {
  return value !== undefined && /^(?:0(?:\.\d{1,2})?|1(?:\.0{1,2})?)$/.test(value);
}

export function isSort(value: string | undefined): value is ClaimSort {
  return SORT_OPTIONS.some((o) => o.value === value);
}

export type CheckworthinessBand = "high" | "medium" | "low";

export function checkworthinessBand(score: number): CheckworthinessBand {
  return score >= 0.7 ? "high" : score >= 0.5 ? "medium" : "low";
}

const BAND_LABELS: Record<CheckworthinessBand, string> = { high: "Checkable", medium: "Maybe checkable", low: "Hard to check" };

const REASON_LABELS: Readonly<Record<string, string>> = {
  figure: "a figure",
  comparison: "a comparison",
  superlative: "a superlative",
  causal: "a cause",
  prediction: "a prediction",
  "factual-event": "an event",
  opinion: "opinion",
  feeling: "feeling",
  question: "a question",
  promise: "a promise",
};

/** "Checkable 0.82: a figure, a comparison" — the badge's text and its accessible description. */
export function describeCheckworthiness(score: number, reasons: readonly string[] = []): { label: string; description: string } {
  const label = `${BAND_LABELS[checkworthinessBand(score)]} ${score.toFixed(2)}`;
  const named = reasons.map((r) => REASON_LABELS[r] ?? r);
  return { label, description: named.length ? `${label}: ${named.join(", ")}` : `${label}: no strong signal either way` };
}
