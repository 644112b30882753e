/**
 * Speakers known only within one article (`<slug>--<8 hex>`, see lambdas/core/ids.ts: a slug never
 * holds "--") are left out of speaker lists and topic leaders unless the reader asks for them with
 * `scope=all` in the view's URL, which is also what the API takes.
 */
export const isArticleScoped = (speakerId: string) => speakerId.includes("--");

/** The API's `scope` for a view's query: "all" when asked for, otherwise the API's default. */
export function listScope(query: Readonly<Record<string, string>>): "all" | undefined {
  return query.scope === "all" ? "all" : undefined;
}
