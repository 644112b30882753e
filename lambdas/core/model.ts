/** Shared domain types. Pure: nothing here may import an AWS SDK. */

export const SPEAKER_TYPES = ["person", "organization", "group", "anonymous", "unknown"] as const;
export type SpeakerType = (typeof SPEAKER_TYPES)[number];

export const CLAIM_KINDS = ["direct", "indirect", "mixed", "according-to"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** One attributed claim, with character offsets into the decoded article text. */
export interface Claim {
  /** Deterministic: derived from article key, offsets and content (see ids.ts). */
  id: string;
  /** Canonical display name of the resolved speaker ("Dmitry Peskov"). */
  speaker: string;
  /** Stable slug of the canonical speaker ("dmitry-peskov"). */
  speakerId: string;
  speakerType: SpeakerType;
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
}

/** What decodeArticle returns: `text` is what offsets refer to and what the tracker stores and shows. */
export interface DecodedArticle {
  text: string;
  title?: string;
  url?: string;
  publishedAt?: string;
}
