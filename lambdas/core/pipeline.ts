/**
 * The one orchestrator of the extraction core. Bytes or text in, claims out, through one stage
 * after another, each in its own folder behind a small interface:
 *
 *   decode → text (tokens, sentences, quote spans) → mentions (name runs, noun phrases)
 *     → attribution (one named rule per construction) → speakers (coreference, canonical names,
 *     types) → topics
 *
 * Pure and synchronous; linear in the length of the text.
 */
import type { Claim, ClaimKind, DecodedArticle } from "./model.ts";
import { articleScopedId, claimId } from "./ids.ts";
import { decodeArticle, type DecodeOptions } from "./decode/index.ts";
import { withText, type TextAnalysis } from "./text/index.ts";
import { NameIndex } from "./mentions/index.ts";
import { DEFAULT_ATTRIBUTION_OPTIONS, findAttributions, type Attribution, type AttributionOptions, type ExtractionScheme } from "./attribution/index.ts";
import { SpeakerResolver, type ResolvedSpeaker } from "./speakers/index.ts";
import { defaultTopicClassifier, type TopicClassifier } from "./topics/index.ts";
import { EXTRACTOR_VERSION } from "./version.ts";
import { FIRST_PERSON } from "./lexicon/index.ts";
import { scoreCheckworthiness } from "./checkworthiness/index.ts";

export { EXTRACTOR_VERSION };
export { claimContext, type ClaimContext } from "./claim-context.ts";
export { tokenize } from "./text/index.ts";
export type { ExtractionScheme } from "./attribution/index.ts";

export interface ExtractOptions {
  /** Used for deterministic claim ids and article-scoped speaker ids. */
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

export interface AnalyzedArticle {
  article: DecodedArticle;
  claims: Claim[];
}

/** Bytes in, claims out: the one path the ingest Lambda, the local stack and the CLI share. */
export function analyzeArticle(bytes: Uint8Array, opts: DecodeOptions): AnalyzedArticle {
  const article = decodeArticle(bytes, opts);
  const claims = extractClaims(article.text, { articleKey: opts.key, ...(article.title !== undefined && { title: article.title }) });
  return { article, claims };
}

export function extractClaims(text: string, opts: ExtractOptions): Claim[] {
  if (typeof text !== "string" || text.length === 0) return [];
  // Claims copy offsets and strings out of the tokens, so the tokens can be recycled.
  return withText(text, (ta) => claimsOf(text, ta, opts));
}

function claimsOf(text: string, ta: TextAnalysis, opts: ExtractOptions): Claim[] {
  if (ta.tokens.length === 0) return [];
  const names = new NameIndex(text, ta.tokens, ta.quoteOf);
  const attribution: AttributionOptions = { ...DEFAULT_ATTRIBUTION_OPTIONS, ...(opts.scheme && { scheme: opts.scheme }), ...opts.attribution };
  const attributions = findAttributions(ta, ta, names, attribution);
  const resolver = new SpeakerResolver(text, ta.tokens, ta.quoteOf, names, ta);
  const topics = opts.topics ?? defaultTopicClassifier;
  const profile = topics.profileArticle(text, opts.title);

  // Resolve in document order so that pronouns see the speakers before them; a continuation takes
  // the speaker its quote run resolved to.
  attributions.sort((a, b) => a.content[0] - b.content[0]);
  const resolvedOf = new Map<Attribution["speaker"], ResolvedSpeaker>();
  const claims: Claim[] = [];
  for (const a of attributions) {
    const resolved = resolveSpeaker(a, resolver, resolvedOf);
    // "I think ..." outside any quotation is the writer's own voice, not an attributed claim.
    if (attribution.scheme === "product" && a.speaker && resolved?.speakerType === "unknown" && isFirstPerson(ta, a.speaker.start, a.speaker.end)) continue;
    const claim = toClaim(text, ta, a, resolved, opts);
    if (!claim) continue;
    const { topic, subjects } = topics.classifyClaim(claim.content, profile, claim.contentStart);
    claim.topic = topic;
    claim.subjects = subjects.slice(0, 5);
    Object.assign(claim, scoreCheckworthiness(ta.tokens, a.content[0], a.content[1], claim.cue));
    claims.push(claim);
  }
  return withConsistentTypes(claims);
}

/**
 * One speaker, one type within an article: a name first read as a person's ("Delmont Steel said")
 * and later called "the company" is an organization in every claim.
 */
function withConsistentTypes(claims: Claim[]): Claim[] {
  const orgs = new Set(claims.filter((c) => c.speakerType === "organization").map((c) => c.speakerId));
  for (const c of claims) if (c.speakerType === "person" && orgs.has(c.speakerId)) c.speakerType = "organization";
  return claims;
}

function resolveSpeaker(a: Attribution, resolver: SpeakerResolver, resolvedOf: Map<Attribution["speaker"], ResolvedSpeaker>): ResolvedSpeaker | undefined {
  const sp = a.speaker;
  if (!sp) return undefined;
  const known = resolvedOf.get(sp);
  if (known) return known;
  const resolved = resolver.resolve(sp.start, sp.end, sp.head);
  resolvedOf.set(sp, resolved);
  return resolved;
}

function toClaim(text: string, ta: TextAnalysis, a: Attribution, resolved: ResolvedSpeaker | undefined, opts: ExtractOptions): Claim | undefined {
  const { tokens } = ta;
  const contentStart = tokens[a.content[0]]!.start;
  const contentEnd = tokens[a.content[1] - 1]!.end;
  if (contentEnd <= contentStart) return undefined;
  const cueStart = tokens[a.cue[0]]!.start;
  const cueEnd = tokens[a.cue[1] - 1]!.end;
  const content = text.slice(contentStart, contentEnd);
  const sp = a.speaker;
  const speakerStart = sp ? tokens[sp.start]!.start : cueStart;
  const speakerEnd = sp ? tokens[sp.end - 1]!.end : cueStart;
  const kind = kindOf(ta, a);
  const ruleWeight = RULE_WEIGHT[a.rule] ?? 0.5 + 0.4 * a.cueStrength;
  const confidence = round(Math.max(0, Math.min(1, 0.65 * ruleWeight + 0.35 * (resolved?.certainty ?? 0.1))));
  const speakerType = resolved?.speakerType ?? "unknown";
  const speakerScope = !resolved || resolved.articleScoped || speakerType === "unknown" || speakerType === "anonymous" ? "article" : "global";
  const baseId = resolved?.speakerId ?? "unknown";
  return {
    id: claimId(opts.articleKey, contentStart, contentEnd, content),
    speaker: resolved?.speaker ?? "unknown",
    speakerId: speakerScope === "article" ? articleScopedId(baseId, opts.articleKey) : baseId,
    speakerType,
    speakerScope,
    ...(resolved?.role && { speakerRole: resolved.role }),
    ...(resolved?.affiliation && { speakerAffiliation: resolved.affiliation }),
    ...(resolved?.partial && { speakerPartial: true }),
    rule: a.rule,
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
    ...(opts.explain && { explanation: { rule: a.rule, chain: resolved?.chain ?? [text.slice(speakerStart, speakerEnd)] } }),
  };
}

const RULE_WEIGHT: Partial<Record<Attribution["rule"], number>> = {
  "quote-after": 0.95,
  "quote-before": 0.95,
  "colon-block": 0.85,
  signature: 0.85,
  transcript: 0.85,
  "according-to": 0.85,
  continuation: 0.7,
  headline: 0.6,
};

function kindOf(ta: TextAnalysis, a: Attribution): ClaimKind {
  if (a.rule === "according-to") return "according-to";
  const { tokens, quoteOf } = ta;
  const [s, e] = a.content;
  let quoted = 0;
  let words = 0;
  let anyQuoteMark = false;
  for (let k = s; k < e; k++) {
    const t = tokens[k]!;
    if (t.type === "quote") anyQuoteMark = true;
    if (t.type !== "word") continue;
    words++;
    if (quoteOf[k]! >= 0) quoted++;
  }
  if (words > 0 && quoted === words) return "direct";
  return quoted > 0 || anyQuoteMark ? "mixed" : "indirect";
}

const round = (x: number) => Math.round(x * 100) / 100;

function isFirstPerson(ta: TextAnalysis, start: number, end: number): boolean {
  return end - start === 1 && FIRST_PERSON.has(ta.tokens[start]!.lower) || ta.tokens[start]!.lower === "you";
}
