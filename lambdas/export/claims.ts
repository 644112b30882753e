/**
 * Claims as downloads: CSV rows (one column per field a spreadsheet user filters on) and JSON Lines
 * (each line the claim exactly as the JSON API gives it). Shared by the API's `Accept` negotiation and
 * the `claims export` command.
 */
import type { StoredClaim } from "../store/types.ts";
import { toCsv, type CsvValue } from "./csv.ts";

export interface ClaimColumn {
  name: string;
  value(c: StoredClaim): CsvValue;
}

const list = (values: readonly string[] | undefined) => (values ?? []).join("; ");

/** The CSV columns, in order. Lists are joined with "; " (subjects are slugs, reasons ids: neither holds one). */
export const CLAIM_COLUMNS: readonly ClaimColumn[] = [
  { name: "id", value: (c) => c.id },
  { name: "publishedAt", value: (c) => c.publishedAt },
  { name: "speaker", value: (c) => c.speaker },
  { name: "speakerId", value: (c) => c.speakerId },
  { name: "speakerType", value: (c) => c.speakerType },
  { name: "speakerRole", value: (c) => c.speakerRole },
  { name: "speakerAffiliation", value: (c) => c.speakerAffiliation },
  { name: "speakerMention", value: (c) => c.speakerMention },
  { name: "cue", value: (c) => c.cue },
  { name: "content", value: (c) => c.content },
  { name: "kind", value: (c) => c.kind },
  { name: "topic", value: (c) => c.topic },
  { name: "subjects", value: (c) => list(c.subjects) },
  { name: "checkworthiness", value: (c) => c.checkworthiness },
  { name: "checkworthinessReasons", value: (c) => list(c.checkworthinessReasons) },
  { name: "confidence", value: (c) => c.confidence },
  { name: "title", value: (c) => c.title },
  { name: "url", value: (c) => c.url },
  { name: "articleKey", value: (c) => c.articleKey },
  { name: "contentStart", value: (c) => c.contentStart },
  { name: "contentEnd", value: (c) => c.contentEnd },
  { name: "context", value: (c) => c.context },
  { name: "rule", value: (c) => c.rule },
  { name: "extractedAt", value: (c) => c.extractedAt },
  { name: "extractorVersion", value: (c) => c.extractorVersion },
];

export const CLAIM_CSV_HEADER = CLAIM_COLUMNS.map((col) => col.name);

export function claimsToCsv(claims: readonly StoredClaim[], options?: { bom?: boolean }): string {
  return toCsv(CLAIM_CSV_HEADER, claims.map((c) => CLAIM_COLUMNS.map((col) => col.value(c))), options);
}

/** One JSON object per line, each line ending in "\n" (so pages concatenate into one valid file). */
export function claimsToJsonLines(claims: readonly unknown[]): string {
  return claims.map((c) => `${JSON.stringify(c)}\n`).join("");
}
