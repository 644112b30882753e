// PLACEHOLDER: replaced by the taxonomy-driven topic classifier.
export interface ArticleTopicProfile {
  readonly scores: ReadonlyMap<string, number>;
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
export const defaultTopicClassifier: TopicClassifier = {
  topics: ["politics-government"],
  profileArticle: () => ({ scores: new Map() }),
  classifyClaim: () => ({ topic: "politics-government", subjects: [] }),
};
