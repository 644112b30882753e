import { readFileSync } from "node:fs";
import { createTopicClassifier, type TopicClassifier } from "./classifier.ts";
import { defaultTaxonomy, parseTaxonomy, type Taxonomy } from "./taxonomy.ts";

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
  return parseTaxonomy(JSON.parse(readFileSync(path, "utf8")));
}

let built: TopicClassifier | undefined;

/** Built on first use, from $CLAIMS_TAXONOMY_FILE when set, else from the bundled taxonomy. */
function defaultClassifier(): TopicClassifier {
  if (!built) {
    const file = process.env[TAXONOMY_FILE_ENV];
    built = createTopicClassifier(file ? loadTaxonomyFile(file) : defaultTaxonomy);
  }
  return built;
}

/**
 * The classifier the pipeline uses. Building it takes a few milliseconds, so it happens lazily on the
 * first call rather than at import time.
 */
export const defaultTopicClassifier: TopicClassifier = {
  get topics() {
    return defaultClassifier().topics;
  },
  profileArticle: (text, title) => defaultClassifier().profileArticle(text, title),
  classifyClaim: (content, profile) => defaultClassifier().classifyClaim(content, profile),
};
