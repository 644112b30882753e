import iptcRules from "./data/iptc-rules-en.json" with { type: "json" };
import iptcVocabulary from "./data/iptc-mediatopics.json" with { type: "json" };
import newsKeywords from "./data/keywords-en.json" with { type: "json" };

/**
 * What the topic classifier is built from. Only `topics` is required; every other section adds
 * vocabulary. A replacement taxonomy is a JSON file of this shape (see docs/topics.md).
 */
export interface Taxonomy {
  /** The topics claims are filed under; `slug` is what is stored. */
  topics: TaxonomyTopic[];
  /** Used when neither a claim nor its article matches any vocabulary. Defaults to the first topic. */
  fallbackTopic?: string;
  /** Narrower concepts, each rolled up to the top-level topic it belongs to. */
  concepts?: TaxonomyConcept[];
  /** Keyword rules: single words and multi-word phrases; `exclude` phrases cancel the rule's words inside them. */
  rules?: TaxonomyRule[];
  /** Plain keyword lists per topic slug (words or phrases). */
  keywords?: Record<string, string[]>;
}

export interface TaxonomyTopic {
  slug: string;
  label: string;
  definition?: string;
}

export interface TaxonomyConcept {
  top: string;
  label: string;
  definition?: string;
}

export interface TaxonomyRule {
  top: string;
  words?: string[];
  phrases?: string[];
  exclude?: string[];
}

/**
 * Topic used when nothing in a claim or its article matches. Political news dominates what the
 * tracker ingests (see docs/topics.md for the measurement behind this choice).
 */
export const DEFAULT_FALLBACK_TOPIC = "politics-government";

const bundledTaxonomy = (): Taxonomy => ({
  topics: iptcVocabulary.topics,
  fallbackTopic: DEFAULT_FALLBACK_TOPIC,
  concepts: iptcVocabulary.concepts,
  rules: iptcRules.rules,
  keywords: newsKeywords.keywords,
});

/**
 * The bundled taxonomy: IPTC Media Topics (CC BY 4.0) + IPTC rules (MIT) + the project's news keywords.
 * Marked pure so a Lambda bundle that classifies from the precomputed term table leaves its ~280 KB out.
 */
export const defaultTaxonomy: Taxonomy = /* @__PURE__ */ bundledTaxonomy();

export class TaxonomyError extends Error {
  override readonly name = "TaxonomyError";
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Checks an untrusted taxonomy document and names the first problem found. */
export function parseTaxonomy(doc: unknown): Taxonomy {
  if (doc === null || typeof doc !== "object") throw new TaxonomyError("a taxonomy must be a JSON object");
  const t = doc as Record<string, unknown>;
  if (!Array.isArray(t["topics"]) || t["topics"].length === 0) throw new TaxonomyError('a taxonomy needs a non-empty "topics" array');
  const slugs = new Set<string>();
  for (const [i, topic] of (t["topics"] as unknown[]).entries()) {
    const tp = topic as Record<string, unknown> | null;
    if (!tp || typeof tp["slug"] !== "string" || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tp["slug"])) {
      throw new TaxonomyError(`topics[${i}].slug must be a lower-case slug like "politics-government"`);
    }
    if (typeof tp["label"] !== "string") throw new TaxonomyError(`topics[${i}].label must be a string`);
    if (slugs.has(tp["slug"])) throw new TaxonomyError(`topic "${tp["slug"]}" is listed twice`);
    slugs.add(tp["slug"]);
  }
  const known = (slug: unknown, where: string): void => {
    if (typeof slug !== "string" || !slugs.has(slug)) throw new TaxonomyError(`${where} names an unknown topic ${JSON.stringify(slug)}`);
  };
  if (t["fallbackTopic"] !== undefined) known(t["fallbackTopic"], "fallbackTopic");
  if (t["concepts"] !== undefined) {
    if (!Array.isArray(t["concepts"])) throw new TaxonomyError('"concepts" must be an array');
    t["concepts"].forEach((c: Record<string, unknown> | null, i) => {
      known(c?.["top"], `concepts[${i}].top`);
      if (typeof c?.["label"] !== "string") throw new TaxonomyError(`concepts[${i}].label must be a string`);
    });
  }
  if (t["rules"] !== undefined) {
    if (!Array.isArray(t["rules"])) throw new TaxonomyError('"rules" must be an array');
    t["rules"].forEach((r: Record<string, unknown> | null, i) => {
      known(r?.["top"], `rules[${i}].top`);
      for (const f of ["words", "phrases", "exclude"]) {
        if (r?.[f] !== undefined && !isStringArray(r[f])) throw new TaxonomyError(`rules[${i}].${f} must be an array of strings`);
      }
    });
  }
  if (t["keywords"] !== undefined) {
    if (t["keywords"] === null || typeof t["keywords"] !== "object") throw new TaxonomyError('"keywords" must be an object');
    for (const [slug, words] of Object.entries(t["keywords"])) {
      known(slug, "keywords");
      if (!isStringArray(words)) throw new TaxonomyError(`keywords["${slug}"] must be an array of strings`);
    }
  }
  return t as unknown as Taxonomy;
}
