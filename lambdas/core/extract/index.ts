// PLACEHOLDER: replaced by the real extraction engine.
import type { Claim } from "../model.ts";

export const EXTRACTOR_VERSION = "0.0.0";

export interface ExtractOptions {
  /** Used for deterministic claim ids. */
  articleKey: string;
  title?: string;
}

export function extractClaims(_text: string, _opts: ExtractOptions): Claim[] {
  return [];
}

export interface ClaimContext {
  context: string;
  contextContentStart: number;
  contextContentEnd: number;
}

/** The sentence(s) around a claim, bounded to maxChars, with the claim's position inside it. */
export function claimContext(text: string, claim: Pick<Claim, "contentStart" | "contentEnd">, maxChars = 600): ClaimContext {
  const start = Math.max(0, claim.contentStart - 100);
  const end = Math.min(text.length, claim.contentEnd + 100, start + maxChars);
  return { context: text.slice(start, end), contextContentStart: claim.contentStart - start, contextContentEnd: Math.min(end, claim.contentEnd) - start };
}
