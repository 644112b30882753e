/** The extractor's version: stored with every claim, so claims of two versions are never mixed. */
export const EXTRACTOR_VERSION = "2.0.0";
