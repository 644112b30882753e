import { createLexicon } from "./lexicon.ts";
import { argmax, countSpanTerms, matchTerms, normalize, TermCounter } from "./match.ts";
import { salientSubjects } from "./subjects.ts";
import { parseTaxonomy, type Taxonomy } from "./taxonomy.ts";
import { buildTermTable, type TermTable, type TermTableOptions } from "./weights.ts";
import { readWords, WordList, WordSpan } from "./words.ts";

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
  /**
   * `at`, when given, is where `content` starts in the text the profile was made from: the claim's
   * words are then taken from the article's, already read, instead of being read again. The result
   * is the same either way.
   */
  classifyClaim(content: string, profile: ArticleTopicProfile, at?: number): ClaimTopics;
  /** Every top-level topic slug of the taxonomy. */
  readonly topics: readonly string[];
}

export interface ClassifierOptions extends TermTableOptions {
  /**
   * How strongly a claim's own words pull against its article's topic: the claim's raw evidence for a
   * topic is scaled by this and added to the log of the article's share of that topic.
   */
  claimWeight?: number;
  /** Share given to topics the article never mentions, so strong claim evidence can still reach them. */
  articleSmoothing?: number;
  /** How much more a title word counts than a body word. */
  titleWeight?: number;
}

export const DEFAULT_CLAIM_WEIGHT = 0.1;
export const DEFAULT_ARTICLE_SMOOTHING = 0.01;
export const DEFAULT_TITLE_WEIGHT = 2;

/**
 * A topic classifier built from a taxonomy. The article is scored once; each claim is then scored on
 * its own words and combined with the article profile, because a claim is usually too short to carry
 * its topic alone ("We will not back down," she said). The article acts as a prior and the claim's
 * evidence as a likelihood: a claim with one weak topical word keeps its article's topic, a claim full
 * of another topic's vocabulary moves to that topic.
 */
export function createTopicClassifier(taxonomy: Taxonomy, options: ClassifierOptions = {}): TopicClassifier {
  const checked = parseTaxonomy(taxonomy);
  return classifierFromTermTable(buildTermTable(checked, options), checked.fallbackTopic, options);
}

/**
 * A classifier over a term table already built (the bundled one is precomputed by
 * `npm run build:topic-data`). `options` here only tune scoring; term weighting is fixed by the table.
 */
export function classifierFromTermTable(table: TermTable, fallbackTopic: string | undefined, options: ClassifierOptions = {}): TopicClassifier {
  const topics = table.topics;
  const fallback = fallbackTopic ?? topics[0]!;
  const claimWeight = options.claimWeight ?? DEFAULT_CLAIM_WEIGHT;
  const smoothing = options.articleSmoothing ?? DEFAULT_ARTICLE_SMOOTHING;
  const titleWeight = options.titleWeight ?? DEFAULT_TITLE_WEIGHT;
  const lexicon = createLexicon(table);

  const toMap = (dist: Float64Array): Map<string, number> => {
    const m = new Map<string, number>();
    dist.forEach((v, i) => {
      if (v > 0) m.set(topics[i]!, v);
    });
    return m;
  };

  // An article has many claims: its smoothed log shares are worked out once, on its first claim.
  const logPriors = new WeakMap<ArticleTopicProfile, Float64Array>();
  const logPriorOf = (profile: ArticleTopicProfile): Float64Array => {
    let prior = logPriors.get(profile);
    if (!prior) {
      prior = new Float64Array(topics.length);
      for (let i = 0; i < topics.length; i++) prior[i] = Math.log((profile.scores.get(topics[i]!) ?? 0) + smoothing);
      logPriors.set(profile, prior);
    }
    return prior;
  };
  // The article's words, kept with its profile so that its claims need not be read again.
  const articleWords = new WeakMap<ArticleTopicProfile, { text: string; words: WordList }>();
  const claimWords = (content: string, profile: ArticleTopicProfile, at: number | undefined): WordSpan => {
    const article = at === undefined ? undefined : articleWords.get(profile);
    const span = article && article.text.startsWith(content, at) ? WordSpan.within(article.words, at!, at! + content.length) : undefined;
    return span ?? WordSpan.whole(readWords(content, lexicon));
  };

  /** Index of the best ln(article share, smoothed) + weighted claim evidence. */
  const bestPosterior = (evidence: Float64Array, profile: ArticleTopicProfile): number => {
    const prior = logPriorOf(profile);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < evidence.length; i++) {
      const score = prior[i]! + claimWeight * evidence[i]!;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  };
  // Texts are scored one at a time, synchronously: one counter and one buffer serve them all.
  const counter = new TermCounter(lexicon.termCount);
  const evidence = new Float64Array(topics.length);

  return {
    topics,
    profileArticle(text, title) {
      const scores = new Float64Array(topics.length);
      if (title) {
        countSpanTerms(counter, WordSpan.whole(readWords(title, lexicon)));
        counter.addTo(scores, titleWeight);
      }
      const words = readWords(text, lexicon);
      countSpanTerms(counter, WordSpan.whole(words));
      counter.addTo(scores);
      const dist = normalize(scores);
      const best = argmax(dist);
      const profile: ArticleTopicProfile = best < 0 ? { scores: toMap(dist) } : { scores: toMap(dist), topic: topics[best]! };
      articleWords.set(profile, { text, words });
      return profile;
    },
    classifyClaim(content, profile, at) {
      const words = claimWords(content, profile, at);
      const matches = matchTerms(words);
      for (const m of matches) counter.add(m.key, m.weights, m.termId);
      evidence.fill(0);
      counter.addTo(evidence);
      // Without article context the claim's own words are all there is.
      const best = profile.scores.size === 0 ? argmax(evidence) : bestPosterior(evidence, profile);
      return {
        topic: best < 0 ? (profile.topic ?? fallback) : topics[best]!,
        subjects: salientSubjects(content, words, matches, table),
      };
    },
  };
}
