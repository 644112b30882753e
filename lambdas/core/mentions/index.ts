/**
 * The mentions stage: proper-name runs (people and organizations, with the roles that introduce
 * them) and the noun phrases around cue verbs that can name a source.
 */
export { NameIndex, isSentenceStart, titleKey } from "./names.ts";
export type { NameRun, NameRuns } from "./names.ts";
export { contentStartAfter, nounPhraseEndingAt, speakerAfter, speakerBefore } from "./phrases.ts";
export type { Span } from "./phrases.ts";
