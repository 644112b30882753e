import { ArticleInputError } from "../errors.ts";
import type { DecodedArticle } from "../model.ts";
import { bytesToString } from "./bytes.ts";
import { detectFormat, type ArticleFormat } from "./format.ts";
import { htmlToArticle } from "./html.ts";
import { jsonToArticle } from "./json.ts";
import { markdownToArticle } from "./markdown.ts";
import { cleanLabel, isBlank, normalizeText } from "./normalize.ts";
import { plainTextToArticle } from "./plain-text.ts";

export type { ArticleFormat } from "./format.ts";

export interface DecodeOptions {
  /** The object key: its extension picks the format. */
  key: string;
  /** Used when the extension is missing or unknown, and for an explicit charset. */
  contentType?: string;
}

const PARSERS: Readonly<Record<ArticleFormat, (text: string) => DecodedArticle>> = {
  txt: plainTextToArticle,
  md: markdownToArticle,
  html: htmlToArticle,
  json: jsonToArticle,
};

/**
 * An article's bytes to its text and metadata. `text` is what claim offsets refer to.
 *
 * - Encoding: UTF-8 (BOM optional), UTF-16 LE/BE by BOM or by its zero-byte pattern, an explicit
 *   charset in the Content-Type, or a legacy charset declared in an HTML page that is not UTF-8.
 * - Format: the key's extension (.txt .md .html/.htm .json), else the Content-Type, else sniffed
 *   (markup at the start → HTML, a JSON object → JSON, anything else → text).
 * - Text: line endings become \n, no-break spaces plain spaces, stray control characters spaces.
 *   Plain text is otherwise kept exactly; Markdown and HTML are reduced to their words with
 *   paragraphs separated by a blank line; sentences are never reflowed. Code is dropped, not
 *   reduced (Markdown fenced and indented blocks; HTML pre, code, script, style): its quotes are
 *   string literals, not claims.
 * - Errors (ArticleInputError, not worth retrying): `empty` (no bytes, or no text once markup is
 *   removed), `binary` (a known file signature, NUL bytes, mostly control characters), `undecodable`
 *   (invalid UTF-8 or UTF-16, UTF-32), `malformed` (JSON that does not parse or has no text field).
 *
 * Everything here is linear in the input size and free of recursion on the input's structure.
 */
export function decodeArticle(bytes: Uint8Array, opts: DecodeOptions): DecodedArticle {
  const source = normalizeText(bytesToString(bytes, opts.contentType));
  if (isBlank(source)) throw new ArticleInputError("empty", "the article is empty (only whitespace)");
  const format = detectFormat(opts.key, opts.contentType, source);
  const article = parse(format, source);
  const text = normalizeText(article.text);
  if (isBlank(text)) {
    throw new ArticleInputError("empty", `the ${FORMAT_NAMES[format]} article has no text once its markup is removed`);
  }
  const result: DecodedArticle = { text };
  const title = cleanLabel(article.title);
  if (title !== undefined) result.title = title;
  if (article.url !== undefined) result.url = article.url;
  if (article.publishedAt !== undefined) result.publishedAt = article.publishedAt;
  return result;
}

const FORMAT_NAMES: Readonly<Record<ArticleFormat, string>> = { txt: "text", md: "Markdown", html: "HTML", json: "JSON" };

function parse(format: ArticleFormat, source: string): DecodedArticle {
  try {
    return PARSERS[format](source);
  } catch (e) {
    if (e instanceof ArticleInputError) throw e;
    throw new ArticleInputError("malformed", `the ${FORMAT_NAMES[format]} article could not be read (${(e as Error).message})`);
  }
}
