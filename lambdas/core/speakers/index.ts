/**
 * The speakers stage: resolves each attribution's speaker mention to the canonical name of the
 * entity the article names, with its type, role and affiliation.
 */
export { SpeakerResolver } from "./resolve.ts";
export type { ResolvedSpeaker } from "./resolve.ts";
