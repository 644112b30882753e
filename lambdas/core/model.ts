/** Shared domain types. Pure: nothing here may import an AWS SDK. */

export const SPEAKER_TYPES = ["person", "organization", "group", "anonymous", "document", "unknown"] as const;
export type SpeakerType = (typeof SPEAKER_TYPES)[number];
export const SPEAKER_SCOPES = ["global", "article"] as const;
export type SpeakerScope = (typeof SPEAKER_SCOPES)[number];

export const CLAIM_KINDS = ["direct", "indirect", "mixed", "according-to"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** One attributed claim, with character offsets into the decoded article text. */
export interface Claim {
  /** Deterministic: derived from article key, offsets and content (see ids.ts). */
  id: string;
  /** Canonical display name of the resolved speaker ("Dmitry Peskov"). */
  speaker: string;
  /**
   * Stable slug of the canonical speaker ("dmitry-peskov"). A speaker the article does not name
   * (a pronoun left unresolved, "a spokesman") is scoped to its article: `<slug>--<article hash>`
   * (a slug never holds "--"), so it is never merged with another article's.
   */
  speakerId: string;
  speakerType: SpeakerType;
  /** "global": one speaker across articles; "article": known only within this article. */
  speakerScope: SpeakerScope;
  /** The speaker's role as this article gives it ("Labour MP", "spokesman"), not part of the name. */
  speakerRole?: string;
  /** The organization the speaker speaks for in this article ("Argus Research"). */
  speakerAffiliation?: string;
  /**
   * The article names the person only by surname ("Mr Blair"): the store may link it to the one
   * known speaker whose name ends so, across articles.
   */
  speakerPartial?: boolean;
  /** Id of the attribution rule that found the claim ("quote-after", "according-to", ...). */
  rule: string;
  /** The surface mention in this claim's attribution ("spokesman Dmitry Peskov", "he"). */
  speakerMention: string;
  speakerStart: number;
  speakerEnd: number;
  cue: string;
  cueStart: number;
  cueEnd: number;
  content: string;
  contentStart: number;
  contentEnd: number;
  kind: ClaimKind;
  /** One of the top-level topic slugs of the taxonomy. */
  topic: string;
  /** Up to 5 salient entities or key phrases of the claim, as slugs. */
  subjects: string[];
  /** 0..1 */
  confidence: number;
  /** 0..1: how much the claim states something checkable (lambdas/core/checkworthiness, docs/checkworthiness.md). */
  checkworthiness?: number;
  /** The features behind `checkworthiness`, raising ones first ("figure", "comparison", ..., "opinion", "question"). */
  checkworthinessReasons?: string[];
  /** Only with the `explain` extraction option: why the claim and its speaker are what they are. */
  explanation?: ClaimExplanation;
}

export interface ClaimExplanation {
  /** The attribution rule that made the claim, as in `rule`. */
  rule: string;
  /**
   * The speaker's resolution chain, mention first, canonical name last: ["he", "Mr Blair", "Tony
   * Blair"]. Each step says how it was reached: `"Mr Blair" (surname → full name)`.
   */
  chain: string[];
}

/** What decodeArticle returns: `text` is what offsets refer to and what the tracker stores and shows. */
export interface DecodedArticle {
  text: string;
  title?: string;
  url?: string;
  publishedAt?: string;
}
