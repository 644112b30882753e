/** The sentences around a claim, for display and storage. */
import type { Claim } from "./model.ts";

export interface ClaimContext {
  context: string;
  contextContentStart: number;
  contextContentEnd: number;
}

/**
 * The sentence(s) around a claim, bounded to maxChars, with the claim's position inside it. Cut at
 * sentence ends where possible so the context reads as whole sentences.
 */
export function claimContext(text: string, claim: Pick<Claim, "contentStart" | "contentEnd">, maxChars = 600): ClaimContext {
  const cs = Math.max(0, Math.min(claim.contentStart, text.length));
  const ce = Math.max(cs, Math.min(claim.contentEnd, text.length));
  const budget = Math.max(0, maxChars - (ce - cs));
  let start = Math.max(0, cs - Math.floor(budget / 2));
  let end = Math.min(text.length, ce + Math.ceil(budget / 2));
  // Prefer to start just after a sentence end or line break inside the window.
  const head = text.slice(start, cs);
  // Start just after the separator: sentence ends are two characters (". "), a line break one.
  const after = (sep: string) => {
    const i = head.lastIndexOf(sep);
    return i < 0 ? -1 : i + sep.length;
  };
  const cut = Math.max(after(". "), after("\n"), after("? "), after("! "));
  if (cut >= 0 && start > 0) start += cut;
  else if (start > 0 && cs - start > 200) start = cs - 200;
  const tail = text.slice(ce, end);
  const tcut = tail.search(/[.!?]["”’]?(\s|$)|\n/);
  if (tcut >= 0) end = ce + tcut + 1 + (/["”’]/.test(tail[tcut + 1] ?? "") ? 1 : 0);
  if (end - start > maxChars) {
    start = Math.max(0, Math.min(cs, end - maxChars));
    end = Math.min(end, start + maxChars);
  }
  return { context: text.slice(start, end), contextContentStart: cs - start, contextContentEnd: Math.min(end, ce) - start };
}
