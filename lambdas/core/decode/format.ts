export type ArticleFormat = "txt" | "md" | "html" | "json";

const BY_EXTENSION: Readonly<Record<string, ArticleFormat>> = {
  txt: "txt", text: "txt",
  md: "md", markdown: "md", mdown: "md",
  html: "html", htm: "html", xhtml: "html",
  json: "json",
};

const BY_MEDIA_TYPE: Readonly<Record<string, ArticleFormat>> = {
  "text/plain": "txt",
  "text/markdown": "md", "text/x-markdown": "md",
  "text/html": "html", "application/xhtml+xml": "html",
  "application/json": "json", "application/ld+json": "json", "text/json": "json",
};

/** Markup at the start of a document (after whitespace): a doctype, a comment or a tag. */
const HTML_START = /^\s*<(?:!doctype\s|!--|[a-z][a-z0-9-]{0,30}[\s>/])/i;

/**
 * The article format: the key's extension first (it is what the uploader chose), then the
 * Content-Type, then a look at the text itself (`<` markup → HTML, a JSON object → JSON, else text).
 */
export function detectFormat(key: string, contentType: string | undefined, text: string): ArticleFormat {
  const base = key.slice(key.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const byType = BY_MEDIA_TYPE[mediaType];
  if (byType) return byType;
  return sniffFormat(text);
}

export function sniffFormat(text: string): ArticleFormat {
  const head = text.slice(0, 1024);
  if (HTML_START.test(head)) return "html";
  if (/^\s*\{\s*"/.test(head) && /\}\s*$/.test(text.slice(-64))) return "json";
  return "txt";
}
