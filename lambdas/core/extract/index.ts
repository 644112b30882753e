/**
 * The claim extraction engine: tokens → quote spans → attributions (cue, speaker, content) →
 * speakers resolved within the article → claims with offsets, kind, topic and confidence.
 * Pure and synchronous; linear in the length of the text.
 */
import type { Claim, ClaimKind } from "../model.ts";
import { articleScopedId, claimId } from "../ids.ts";
import { defaultTopicClassifier, type TopicClassifier } from "../topics/index.ts";
import { SpeakerResolver } from "../speakers/resolve.ts";
import { withTokens, type Token, type Tokenized } from "./tokenize.ts";
import { findQuotes, type QuoteAnalysis } from "./quotes.ts";
import { DEFAULT_ATTRIBUTION_OPTIONS, findAttributions, type Attribution, type AttributionOptions } from "./attribution.ts";

export { tokenize } from "./tokenize.ts";
export type { Token, Tokenized } from "./tokenize.ts";

export const EXTRACTOR_VERSION = "1.0.0";

export interface ExtractOptions {
  /** Used for deterministic claim ids. */
  articleKey: string;
  title?: string;
  /** Defaults to the taxonomy classifier of lambdas/core/topics. */
  topics?: TopicClassifier;
  /** Tuning knobs of the attribution rules (evaluation and tests). */
  attribution?: Partial<AttributionOptions>;
  /** Attach an `explanation` (rule and speaker resolution chain) to every claim. */
  explain?: boolean;
  /**
   * "product" (default): only claims with propositional content. "polnear": also what PolNeAR
   * annotates (beliefs, intentions, cue verbs with a noun-phrase object), to measure against it.
   */
  scheme?: ExtractionScheme;
}

export type ExtractionScheme = "product" | "polnear";

export function extractClaims(text: string, opts: ExtractOptions): Claim[] {
  if (typeof text !== "string" || text.length === 0) return [];
  // Claims copy offsets and strings out of the tokens, so the tokens can be recycled.
  return withTokens(text, (tk) => claimsOf(text, tk, opts));
}

function claimsOf(text: string, tk: Tokenized, opts: ExtractOptions): Claim[] {
  if (tk.tokens.length === 0) return [];
  const qa = findQuotes(tk.tokens);
  const resolver = new SpeakerResolver(text, tk.tokens, qa.quoteOf);
  const attributions = findAttributions(tk, qa, resolver, { ...DEFAULT_ATTRIBUTION_OPTIONS, ...opts.attribution });
  const topics = opts.topics ?? defaultTopicClassifier;
  const profile = topics.profileArticle(text, opts.title);

  // Resolve in document order so that pronouns see the speakers before them.
  attributions.sort((a, b) => (a.speaker?.start ?? a.cue[0]) - (b.speaker?.start ?? b.cue[0]));
  const claims: Claim[] = [];
  for (const a of attributions) {
    const claim = toClaim(text, tk.tokens, qa, a, resolver, opts.articleKey, !!opts.explain);
    if (!claim) continue;
    const { topic, subjects } = topics.classifyClaim(claim.content, profile, claim.contentStart);
    claim.topic = topic;
    claim.subjects = subjects.slice(0, 5);
    claims.push(claim);
  }
  return claims.sort((a, b) => a.contentStart - b.contentStart);
}

function toClaim(text: string, tokens: Token[], qa: QuoteAnalysis, a: Attribution, resolver: SpeakerResolver, articleKey: string, explain: boolean): Claim | undefined {
  const contentStart = tokens[a.content[0]]!.start;
  const contentEnd = tokens[a.content[1] - 1]!.end;
  if (contentEnd <= contentStart) return undefined;
  const cueStart = tokens[a.cue[0]]!.start;
  const cueEnd = tokens[a.cue[1] - 1]!.end;
  const content = text.slice(contentStart, contentEnd);
  const sp = a.speaker;
  const resolved = sp ? resolver.resolve(sp.start, sp.end, sp.head) : undefined;
  const speakerStart = sp ? tokens[sp.start]!.start : cueStart;
  const speakerEnd = sp ? tokens[sp.end - 1]!.end : cueStart;
  const kind = kindOf(tokens, qa, a);
  const patternWeight = a.pattern === "quote-after" || a.pattern === "quote-before" ? 0.95 : a.pattern === "according-to" ? 0.85 : a.pattern === "continuation" ? 0.6 : 0.5 + 0.4 * a.cueStrength;
  const confidence = round(Math.max(0, Math.min(1, 0.65 * patternWeight + 0.35 * (resolved?.certainty ?? 0.1))));
  const speakerType = resolved?.speakerType ?? "unknown";
  const speakerScope = speakerType === "unknown" || speakerType === "anonymous" ? "article" : "global";
  const baseId = resolved?.speakerId ?? "unknown";
  return {
    id: claimId(articleKey, contentStart, contentEnd, content),
    speaker: resolved?.speaker ?? "unknown",
    speakerId: speakerScope === "article" ? articleScopedId(baseId, articleKey) : baseId,
    speakerType,
    speakerScope,
    rule: a.pattern,
    speakerMention: text.slice(speakerStart, speakerEnd),
    speakerStart,
    speakerEnd,
    cue: text.slice(cueStart, cueEnd),
    cueStart,
    cueEnd,
    content,
    contentStart,
    contentEnd,
    kind,
    topic: "",
    subjects: [],
    confidence,
    ...(explain && { explanation: { rule: a.pattern, chain: resolved?.chain ?? [text.slice(speakerStart, speakerEnd)] } }),
  };
}

function kindOf(tokens: Token[], qa: QuoteAnalysis, a: Attribution): ClaimKind {
  if (a.pattern === "according-to") return "according-to";
  const [s, e] = a.content;
  let quoted = 0;
  let words = 0;
  let anyQuoteMark = false;
  for (let k = s; k < e; k++) {
    const t = tokens[k]!;
    if (t.type === "quote") anyQuoteMark = true;
    if (t.type !== "word") continue;
    words++;
    if (qa.quoteOf[k]! >= 0) quoted++;
  }
  if (words > 0 && quoted === words) return "direct";
  // Attribution words inside a merged split quote ("A," said X, an aide. "B.") do not make it mixed.
  if (words > 0 && qa.quoteOf[s]! >= 0 && qa.quoteOf[e - 1]! >= 0) {
    const attrFrom = Math.min(a.speaker?.start ?? a.cue[0], a.cue[0]);
    let attrTo = a.cue[1];
    while (attrTo < e && qa.quoteOf[attrTo]! < 0) attrTo++;
    let outside = 0;
    for (let k = s; k < e; k++) if (tokens[k]!.type === "word" && qa.quoteOf[k]! < 0 && (k < attrFrom || k >= attrTo)) outside++;
    if (outside === 0) return "direct";
  }
  return quoted > 0 || anyQuoteMark ? "mixed" : "indirect";
}

const round = (x: number) => Math.round(x * 100) / 100;

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
