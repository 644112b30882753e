import { ArticleInputError } from "../errors.ts";
import type { DecodedArticle } from "../model.ts";
import { normalizeDate } from "./dates.ts";
import { htmlToArticle } from "./html.ts";
import { cleanLabel } from "./normalize.ts";

/** Accepted field names, first present wins. The schema.org names cover JSON-LD NewsArticle exports. */
const TEXT_FIELDS = ["text", "body", "content", "articleBody"] as const;
const TITLE_FIELDS = ["title", "headline"] as const;
const URL_FIELDS = ["url", "link"] as const;
const DATE_FIELDS = ["publishedAt", "date", "datePublished", "published_at"] as const;

/** Bodies exported from a CMS often carry their HTML markup. */
const LOOKS_LIKE_HTML = /<\/?(?:p|div|br|span|a|em|strong|b|i|h[1-6]|ul|ol|li|blockquote|figure|section|article)\b[^<>]{0,500}>/i;

/** `{title, text|body|content, url, publishedAt|date}` → a DecodedArticle. */
export function jsonToArticle(source: string): DecodedArticle {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (e) {
    throw new ArticleInputError("malformed", `the JSON article is not valid JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ArticleInputError("malformed", "the JSON article must be an object with a text, body or content field");
  }
  const record = doc as Record<string, unknown>;
  const textField = TEXT_FIELDS.find((f) => typeof record[f] === "string");
  if (textField === undefined) {
    const wrong = TEXT_FIELDS.find((f) => record[f] !== undefined);
    throw new ArticleInputError(
      "malformed",
      wrong
        ? `the JSON article's "${wrong}" field must be a string`
        : `the JSON article has no text: expected a string field named ${TEXT_FIELDS.map((f) => `"${f}"`).join(", ")}`,
    );
  }
  const body = record[textField] as string;
  const fromHtml = LOOKS_LIKE_HTML.test(body) ? htmlToArticle(body) : undefined;
  return {
    text: fromHtml?.text ?? body,
    title: cleanLabel(firstString(record, TITLE_FIELDS)) ?? fromHtml?.title,
    url: cleanLabel(firstString(record, URL_FIELDS)) ?? fromHtml?.url,
    publishedAt: normalizeDate(DATE_FIELDS.map((f) => record[f]).find((v) => v !== undefined && v !== null)) ?? fromHtml?.publishedAt,
  };
}

function firstString(record: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const f of fields) {
    const v = record[f];
    if (typeof v === "string") return v;
  }
  return undefined;
}
