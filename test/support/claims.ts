/**
 * Builds StoredClaims for tests from a text written in the test itself: offsets are found in the
 * text, so `text.slice(contentStart, contentEnd) === content` holds for every fixture.
 */
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { claimId, slugify } from "../../lambdas/core/ids.ts";

export interface ClaimSpec {
  content: string;
  speaker: string;
  topic?: string;
  publishedAt?: string;
  speakerType?: StoredClaim["speakerType"];
  mention?: string;
}

export function storedClaim(articleKey: string, text: string, spec: ClaimSpec): StoredClaim {
  const contentStart = text.indexOf(spec.content);
  if (contentStart < 0) throw new Error(`fixture: "${spec.content}" is not in the text`);
  const contentEnd = contentStart + spec.content.length;
  const mention = spec.mention ?? spec.speaker;
  const speakerStart = Math.max(0, text.indexOf(mention));
  const cs = Math.max(0, contentStart - 40);
  const ce = Math.min(text.length, contentEnd + 40);
  return {
    id: claimId(articleKey, contentStart, contentEnd, spec.content),
    speaker: spec.speaker,
    speakerId: slugify(spec.speaker),
    speakerType: spec.speakerType ?? "person",
    speakerScope: "global",
    rule: "quote-after",
    speakerMention: mention,
    speakerStart,
    speakerEnd: speakerStart + mention.length,
    cue: "said",
    cueStart: 0,
    cueEnd: 0,
    content: spec.content,
    contentStart,
    contentEnd,
    kind: "direct",
    topic: spec.topic ?? "politics-government",
    subjects: [],
    confidence: 0.9,
    articleKey,
    publishedAt: spec.publishedAt ?? "2024-05-01T12:00:00.000Z",
    extractedAt: "2024-05-02T00:00:00.000Z",
    extractorVersion: "test",
    context: text.slice(cs, ce),
    contextContentStart: contentStart - cs,
    contextContentEnd: contentEnd - cs,
  };
}

/** One sentence per claim: `"<content>," <speaker> said.` */
export function articleText(specs: readonly Pick<ClaimSpec, "content" | "speaker">[]): string {
  return specs.map((s) => `\u201c${s.content},\u201d ${s.speaker} said.`).join(" ");
}

export function claimsFor(articleKey: string, specs: readonly ClaimSpec[]): { text: string; claims: StoredClaim[] } {
  const text = articleText(specs);
  return { text, claims: specs.map((s) => storedClaim(articleKey, text, s)) };
}

/** Five statements that say different things (`#` stands for a number), so no two are one repeated claim. */
export const DISTINCT_STATEMENTS = [
  "The plan number # will cost more than anyone admits and take years to deliver",
  "Our budget for item # leaves the schools without enough teachers next autumn",
  "Nobody asked the residents of ward # before the road was closed in March",
  "Inflation figure # shows that wages still lag behind prices across the region",
  "The hospital target # was missed again because staff shortages grew all winter",
] as const;
