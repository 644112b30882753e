import { readFileSync } from "node:fs";
import { classifierFromTermTable, createTopicClassifier, type TopicClassifier } from "./classifier.ts";
import { TERM_TABLE } from "./data/term-table.ts";
import { decodeTermTable } from "./term-data.ts";
import { parseTaxonomy, TaxonomyError, type Taxonomy } from "./taxonomy.ts";

export {
  classifierFromTermTable,
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

export { decodeTermTable, encodeTermTable, type TermTableData } from "./term-data.ts";

let custom: Taxonomy | undefined;
let slugs: readonly string[] | undefined;
let built: TopicClassifier | undefined;

/** $CLAIMS_TAXONOMY_FILE when set; read once. Without it the bundled, precomputed term table is used. */
function customTaxonomy(): Taxonomy | undefined {
  const file = process.env[TAXONOMY_FILE_ENV];
  return file ? (custom ??= loadTaxonomyFile(file)) : undefined;
}

/**
 * Built on first use. The bundled taxonomy's term table is decoded from data precomputed at build time
 * (a few milliseconds); a custom taxonomy's table is built here (tens of milliseconds).
 */
function defaultClassifier(): TopicClassifier {
  if (!built) {
    const taxonomy = customTaxonomy();
    built = taxonomy ? createTopicClassifier(taxonomy) : classifierFromTermTable(decodeTermTable(TERM_TABLE), TERM_TABLE.fallbackTopic);
  }
  return built;
}

/** The classifier the pipeline uses, created lazily on the first call rather than at import time. */
export const defaultTopicClassifier: TopicClassifier = {
  // The slugs alone need no term table: the read API and the store ask for them at cold start.
  get topics() {
    return (slugs ??= customTaxonomy()?.topics.map((t) => t.slug) ?? TERM_TABLE.topics);
  },
  profileArticle: (text, title) => defaultClassifier().profileArticle(text, title),
  classifyClaim: (content, profile, at) => defaultClassifier().classifyClaim(content, profile, at),
};
