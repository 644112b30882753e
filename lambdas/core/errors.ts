/**
 * A permanent problem with an article's bytes: retrying cannot fix it, so the pipeline records
 * the reason on the article's status and moves on. Anything else thrown is treated as transient.
 */
export const INPUT_ERROR_REASONS = ["empty", "binary", "undecodable", "too-large", "malformed", "unsupported-type"] as const;
export type InputErrorReason = (typeof INPUT_ERROR_REASONS)[number];

export class ArticleInputError extends Error {
  override readonly name = "ArticleInputError";
  constructor(
    readonly reason: InputErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export const isArticleInputError = (e: unknown): e is ArticleInputError => e instanceof ArticleInputError;
