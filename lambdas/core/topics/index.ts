import { readFileSync } from "node:fs";
import { createTopicClassifier, type TopicClassifier } from "./classifier.ts";
import { defaultTaxonomy, parseTaxonomy, TaxonomyError, type Taxonomy } from "./taxonomy.ts";

export {
  createTopicClassifier,
  DEFAULT_ARTICLE_SMOOTHING,
  DEFAULT_CLAIM_WEIGHT,
  DEFAULT_TITLE_WEIGHT,
  type ArticleTopicProfile,
  type ClaimTopics,
  type ClassifierOptions,
  type TopicClassifier,
} from "./classifier.ts";
export { DEFAULT_FALLBACK_TOPIC, defaultTaxonomy, parseTaxonomy, TaxonomyError, type Taxonomy } from "./taxonomy.ts";

/** Environment variable naming a JSON taxonomy file that replaces the bundled IPTC one. */
export const TAXONOMY_FILE_ENV = "CLAIMS_TAXONOMY_FILE";

/** Reads and checks a taxonomy JSON file (see docs/topics.md for its shape). */
export function loadTaxonomyFile(path: string): Taxonomy {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new TaxonomyError(`cannot read taxonomy file ${path}: ${(e as Error).message}`);
  }
  try {
    return parseTaxonomy(doc);
  } catch (e) {
    throw new TaxonomyError(`taxonomy file ${path}: ${(e as Error).message}`);
  }
}

let taxonomy: Taxonomy | undefined;
let slugs: readonly string[] | undefined;
let built: TopicClassifier | undefined;

/** $CLAIMS_TAXONOMY_FILE when set, else the bundled taxonomy; read once. */
function activeTaxonomy(): Taxonomy {
  if (!taxonomy) {
    const file = process.env[TAXONOMY_FILE_ENV];
    taxonomy = file ? loadTaxonomyFile(file) : defaultTaxonomy;
  }
  return taxonomy;
}

/** Built on first use, from the active taxonomy. */
function defaultClassifier(): TopicClassifier {
  return (built ??= createTopicClassifier(activeTaxonomy()));
}

/**
 * The classifier the pipeline uses. Building it takes tens of milliseconds, so it happens lazily on the
 * first call rather than at import time.
 */
export const defaultTopicClassifier: TopicClassifier = {
  // The slugs alone need no term table: the read API and the store ask for them at cold start.
  get topics() {
    return (slugs ??= activeTaxonomy().topics.map((t) => t.slug));
  },
  profileArticle: (text, title) => defaultClassifier().profileArticle(text, title),
  classifyClaim: (content, profile) => defaultClassifier().classifyClaim(content, profile),
};
