import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import type { DecodedArticle } from "../model.ts";
import { normalizeDate } from "./dates.ts";
import { findJsonLdField } from "./json-ld.ts";
import { cleanLabel } from "./normalize.ts";
import { TextBuilder } from "./text-builder.ts";

/**
 * Page furniture and program text, not article prose. Everything inside them is dropped: code
 * (<pre>, <code> and their obsolete kin, <script>, <style>) holds quotes that are string literals,
 * not claims.
 */
const BOILERPLATE = new Set([
  "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
  "head", "svg", "math", "iframe", "object", "canvas", "button", "select", "dialog", "menu",
  "pre", "code", "xmp", "listing", "plaintext",
]);

/** Elements that start a new paragraph. */
const BLOCKS = new Set([
  "address", "article", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main",
  "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
]);

/** Elements that never have content, so never go on the open-element stack. */
const VOID = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
]);

/** Whitespace is significant inside these. */
const PREFORMATTED = new Set(["pre", "textarea", "listing", "plaintext"]);

interface Metadata {
  title?: string;
  ogTitle?: string;
  h1?: string;
  canonical?: string;
  ogUrl?: string;
  published?: string;
  timeDatetime?: string;
  jsonLd: string[];
}

const PUBLISHED_META = new Set([
  "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
  "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
]);

/**
 * Extracts the readable text and metadata of an HTML page in one pass over htmlparser2's tokenizer.
 * The open-element stack is our own array with push/pop and a per-name open count, so arbitrarily deep
 * or badly nested markup costs linear time and no recursion (htmlparser2's Parser keeps its stack with
 * unshift, which is quadratic on deep nesting).
 */
export function htmlToArticle(html: string): DecodedArticle {
  // All visible text, and separately the text inside the page's main content, if it marks one.
  const page = new TextBuilder();
  const content = new TextBuilder();
  const meta: Metadata = { jsonLd: [] };
  const stack: OpenElement[] = [];
  const openCount = new Map<string, number>();
  let boilerplateDepth = 0;
  let contentDepth = 0;
  let preDepth = 0;

  const out = {
    flow: (s: string): void => {
      page.flow(s);
      if (contentDepth > 0) content.flow(s);
    },
    preformatted: (s: string): void => {
      page.preformatted(s);
      if (contentDepth > 0) content.preformatted(s);
    },
    space: (): void => {
      page.space();
      content.space();
    },
    lineBreak: (): void => {
      page.lineBreak();
      content.lineBreak();
    },
    paragraphBreak: (): void => {
      page.paragraphBreak();
      content.paragraphBreak();
    },
  };

  let tagName = "";
  let attribs: Record<string, string> = Object.create(null);
  let attribName = "";
  let attribValue = "";

  // Text captured for metadata, independent of whether the element's text is kept.
  let titleText: string[] | undefined;
  let h1Text: string[] | undefined;
  let jsonLdText: string[] | undefined;

  const inc = (name: string, d: number): void => {
    openCount.set(name, (openCount.get(name) ?? 0) + d);
  };

  const pop = (): void => {
    const element = stack.pop()!;
    inc(element.name, -1);
    if (element.skipped) boilerplateDepth--;
    if (element.content) contentDepth--;
    closed(element.name);
  };

  const opened = (name: string, a: Record<string, string>): void => {
    if (BLOCKS.has(name)) out.paragraphBreak();
    else if (name === "br") out.lineBreak();
    else if (name === "td" || name === "th") out.space();
    switch (name) {
      case "title":
        if (meta.title === undefined) titleText = [];
        break;
      case "h1":
        if (meta.h1 === undefined) h1Text = [];
        break;
      case "meta":
        onMeta(meta, a);
        break;
      case "link":
        if (/(^|\s)canonical(\s|$)/i.test(a["rel"] ?? "") && a["href"]) meta.canonical ??= a["href"];
        break;
      case "time":
        if (a["datetime"] && (meta.timeDatetime === undefined || "pubdate" in a)) meta.timeDatetime = a["datetime"];
        break;
      case "script":
        if ((a["type"] ?? "").toLowerCase().includes("ld+json")) jsonLdText = [];
        break;
    }
    if (VOID.has(name)) return;
    const element = { name, skipped: isBoilerplate(name, a), content: isMainContent(name, a) };
    stack.push(element);
    inc(name, 1);
    if (element.skipped) boilerplateDepth++;
    if (element.content) contentDepth++;
    if (PREFORMATTED.has(name)) preDepth++;
  };

  const closed = (name: string): void => {
    if (PREFORMATTED.has(name)) preDepth--;
    if (BLOCKS.has(name)) out.paragraphBreak();
    if (name === "title" && titleText) {
      meta.title = titleText.join("");
      titleText = undefined;
    } else if (name === "h1" && h1Text) {
      meta.h1 = h1Text.join("");
      h1Text = undefined;
    } else if (name === "script" && jsonLdText) {
      meta.jsonLd.push(jsonLdText.join(""));
      jsonLdText = undefined;
    }
  };

  const text = (s: string): void => {
    titleText?.push(s);
    h1Text?.push(s);
    jsonLdText?.push(s);
    if (boilerplateDepth > 0 || stack[stack.length - 1]?.name === "title") return;
    if (preDepth > 0) out.preformatted(s);
    else out.flow(s);
  };

  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => text(html.slice(start, end)),
    ontextentity: (cp) => text(String.fromCodePoint(cp)),
    onopentagname: (start, end) => {
      tagName = html.slice(start, end).toLowerCase();
      // No prototype: attribute names such as "__proto__" stay plain keys.
      attribs = Object.create(null);
    },
    onattribname: (start, end) => {
      attribName = html.slice(start, end).toLowerCase();
      attribValue = "";
    },
    onattribdata: (start, end) => {
      attribValue += html.slice(start, end);
    },
    onattribentity: (cp) => {
      attribValue += String.fromCodePoint(cp);
    },
    onattribend: () => {
      if (!Object.hasOwn(attribs, attribName)) attribs[attribName] = attribValue;
      attribValue = "";
    },
    onopentagend: () => {
      opened(tagName, attribs);
      tagName = "";
    },
    onselfclosingtag: () => {
      // HTML ignores "/>" on normal elements; treat it as an open tag like browsers do.
      opened(tagName, attribs);
      tagName = "";
    },
    onclosetag: (start, end) => {
      const name = html.slice(start, end).toLowerCase();
      if (name === "br") out.lineBreak();
      if (name === "p" && !openCount.get("p")) out.paragraphBreak();
      // An end tag closes the nearest open element of its name and everything opened inside it;
      // an end tag with nothing to close is ignored, as browsers do.
      if (!openCount.get(name)) return;
      while (stack.length > 0 && stack[stack.length - 1]!.name !== name) pop();
      if (stack.length > 0) pop();
    },
    oncomment: () => {},
    oncdata: () => {},
    ondeclaration: () => {},
    onprocessinginstruction: () => {},
    onend: () => {},
  };

  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  // Unclosed elements at end of input still complete their metadata.
  while (stack.length > 0) pop();

  const pageText = page.toString();
  const contentText = content.toString();
  return {
    // The marked main content wins when it holds a real share of the page's text; a page whose
    // <article> wraps only a teaser keeps all its visible text.
    text: contentText.length >= Math.min(MIN_CONTENT_CHARS, pageText.length * 0.5) && contentText.trim() !== "" ? contentText : pageText,
    title: cleanLabel(meta.ogTitle) ?? cleanLabel(meta.title) ?? cleanLabel(meta.h1) ?? cleanLabel(jsonLdString(meta, "headline")),
    url: cleanLabel(meta.canonical) ?? cleanLabel(meta.ogUrl) ?? cleanLabel(jsonLdString(meta, "url")),
    publishedAt:
      normalizeDate(meta.published) ?? normalizeDate(jsonLdString(meta, "datePublished")) ?? normalizeDate(meta.timeDatetime),
  };
}

interface OpenElement {
  name: string;
  /** This element's text is page furniture or hidden. */
  skipped: boolean;
  /** This element marks the page's main content. */
  content: boolean;
}

/** Main content shorter than this (and than half the page) is not trusted to be the whole story. */
const MIN_CONTENT_CHARS = 500;

/** ARIA landmark roles equivalent to the boilerplate elements. */
const BOILERPLATE_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alert"]);

function isBoilerplate(name: string, a: Record<string, string>): boolean {
  return (
    BOILERPLATE.has(name) ||
    "hidden" in a ||
    (a["aria-hidden"] ?? "").toLowerCase() === "true" ||
    BOILERPLATE_ROLES.has((a["role"] ?? "").toLowerCase())
  );
}

function isMainContent(name: string, a: Record<string, string>): boolean {
  return name === "main" || name === "article" || (a["role"] ?? "").toLowerCase() === "main" || (a["itemprop"] ?? "") === "articleBody";
}

function onMeta(meta: Metadata, a: Record<string, string>): void {
  const key = (a["property"] ?? a["name"] ?? a["itemprop"] ?? "").toLowerCase();
  const content = a["content"];
  if (!content) return;
  if (key === "og:title") meta.ogTitle ??= content;
  else if (key === "og:url") meta.ogUrl ??= content;
  else if (PUBLISHED_META.has(key)) meta.published ??= content;
}

function jsonLdString(meta: Metadata, field: string): string | undefined {
  for (const block of meta.jsonLd) {
    const v = findJsonLdField(block, field);
    if (v !== undefined) return v;
  }
  return undefined;
}
