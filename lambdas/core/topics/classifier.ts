import { addScores, argmax, matchTerms, normalize } from "./match.ts";
import { salientSubjects } from "./subjects.ts";
import { parseTaxonomy, type Taxonomy } from "./taxonomy.ts";
import { tokenize } from "./text.ts";
import { buildTermTable, type TermTableOptions } from "./weights.ts";

export interface ArticleTopicProfile {
  /** Share of the article's topic evidence per topic slug (sums to 1; empty when nothing matched). */
  readonly scores: ReadonlyMap<string, number>;
  /** The article's own best topic, if anything matched. */
  readonly topic?: string;
}

export interface ClaimTopics {
  topic: string;
  subjects: string[];
}

export interface TopicClassifier {
  /** Scored once per article; gives context to each claim's classification. */
  profileArticle(text: string, title?: string): ArticleTopicProfile;
  classifyClaim(content: string, profile: ArticleTopicProfile): ClaimTopics;
  /** Every top-level topic slug of the taxonomy. */
  readonly topics: readonly string[];
}

export interface ClassifierOptions extends TermTableOptions {
  /** Weight of the claim's own words against its article's profile (0..1). */
  claimShare?: number;
  /** How much more a title word counts than a body word. */
  titleWeight?: number;
  /**
   * Claim evidence (summed term weight) at which the claim gets half of `claimShare`. A claim with
   * one weak topical word barely moves its article's topic; one full of strong terms can override it.
   */
  claimEvidenceHalf?: number;
}

export const DEFAULT_CLAIM_SHARE = 0.5;
export const DEFAULT_TITLE_WEIGHT = 2;
export const DEFAULT_CLAIM_EVIDENCE_HALF = 10;

/**
 * A topic classifier built from a taxonomy. The article is scored once; each claim is then scored on
 * its own words and blended with the article profile, because a claim is usually too short to carry
 * its topic alone ("We will not back down," she said).
 */
export function createTopicClassifier(taxonomy: Taxonomy, options: ClassifierOptions = {}): TopicClassifier {
  const checked = parseTaxonomy(taxonomy);
  const table = buildTermTable(checked, options);
  const topics = table.topics;
  const fallback = checked.fallbackTopic ?? topics[0]!;
  const claimShare = options.claimShare ?? DEFAULT_CLAIM_SHARE;
  const titleWeight = options.titleWeight ?? DEFAULT_TITLE_WEIGHT;
  const evidenceHalf = options.claimEvidenceHalf ?? DEFAULT_CLAIM_EVIDENCE_HALF;

  const toMap = (dist: Float64Array): Map<string, number> => {
    const m = new Map<string, number>();
    dist.forEach((v, i) => {
      if (v > 0) m.set(topics[i]!, v);
    });
    return m;
  };

  return {
    topics,
    profileArticle(text, title) {
      const scores = new Float64Array(topics.length);
      if (title) addScores(scores, matchTerms(tokenize(title), table), titleWeight);
      addScores(scores, matchTerms(tokenize(text), table));
      const dist = normalize(scores);
      const best = argmax(dist);
      return best < 0 ? { scores: toMap(dist) } : { scores: toMap(dist), topic: topics[best]! };
    },
    classifyClaim(content, profile) {
      const tokens = tokenize(content);
      const matches = matchTerms(tokens, table);
      const own = new Float64Array(topics.length);
      addScores(own, matches);
      const claim = normalize(own);
      const evidence = own.reduce((sum, v) => sum + Math.max(0, v), 0);
      // Without article context the claim's own words are all there is.
      const share = profile.scores.size === 0 ? 1 : (claimShare * evidence) / (evidence + evidenceHalf);
      const blended = claim.map((v, i) => share * v + (1 - share) * (profile.scores.get(topics[i]!) ?? 0));
      const best = argmax(blended);
      return {
        topic: best < 0 ? (profile.topic ?? fallback) : topics[best]!,
        subjects: salientSubjects(content, tokens, matches, table),
      };
    },
  };
}
