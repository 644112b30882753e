/**
 * The attribution stage: finds every attribution (a cue, its speaker and its content, as token
 * ranges) with the rule that made it. Cue-anchored rules run per cue word (cue-rules.ts), then
 * `according to`, layout rules, and continuations of the quotes no cue claimed; overlaps are
 * settled last.
 */
import type { Tokenized } from "../text/tokenize.ts";
import type { QuoteAnalysis } from "../text/quotes.ts";
import type { NameRuns } from "../mentions/names.ts";
import { accordingTo } from "./according-to.ts";
import { attributeCue, cueStrength } from "./cue-rules.ts";
import { continuations } from "./continuation.ts";
import { dashSignatures, transcriptTurns } from "./layout-rules.ts";
import { dedupe, truncateAtInnerAttributions } from "./overlaps.ts";
import { ruleContext, type Attribution, type AttributionOptions, DEFAULT_ATTRIBUTION_OPTIONS } from "./context.ts";

export { DEFAULT_ATTRIBUTION_OPTIONS } from "./context.ts";
export type { Attribution, AttributionOptions, ExtractionScheme, RuleId } from "./context.ts";

export function findAttributions(tk: Tokenized, qa: QuoteAnalysis, names: NameRuns, opts: AttributionOptions = DEFAULT_ATTRIBUTION_OPTIONS): Attribution[] {
  const ctx = ruleContext(tk, qa, names, opts);
  const { tokens, quoteOf } = ctx;
  const found: Attribution[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "word" || quoteOf[i]! >= 0) continue;
    if (t.lower === "according" && tokens[i + 1]?.lower === "to") {
      const a = accordingTo(ctx, i);
      if (a) found.push(a);
      continue;
    }
    // A capitalized cue word is a name or a heading ("the United States", "Says Who"); adverbs
    // ("publicly") travel with cues but are not cues.
    if ((t.cap && !(t.lower === "says" || t.lower === "say")) || (t.lower.endsWith("ly") && t.lower.length > 4)) continue;
    const strength = cueStrength(t.lower, ctx);
    if (strength === 0) continue;
    const a = attributeCue(ctx, i, strength, found);
    if (a) found.push(a);
  }
  truncateAtInnerAttributions(found, tokens);
  found.push(...transcriptTurns(ctx), ...dashSignatures(ctx));
  const all = dedupe(found);
  return dedupe([...all, ...continuations(ctx, all)]);
}
