import type { DecodedArticle } from "../model.ts";
import { normalizeDate } from "./dates.ts";
import { cleanLabel } from "./normalize.ts";

/** Link text and link targets longer than this are not treated as links; keeps every scan bounded. */
const MAX_LINK_PART = 2000;
const MAX_INLINE_TAG = 300;
const FRONT_MATTER_MAX = 8192;
/** Four columns of indentation (a tab counts as four): an indented code line. */
const INDENTED = /^(?: {4}| {0,3}\t)/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/**
 * Markdown to plain text: headings, links, images, emphasis, block quotes, list markers, tables and
 * YAML front matter are reduced to their words. Code is not prose: fenced (``` and ~~~) and indented
 * code blocks are dropped whole, so quotes inside program text never become claims (a block leaves a
 * paragraph break). Lines are kept as written (no reflowing); paragraphs stay separated by blank lines.
 * Line by line with bounded look-ahead: linear in the input.
 */
export function markdownToArticle(source: string): DecodedArticle {
  const { body, fields } = splitFrontMatter(source);
  const lines = body.split("\n");
  const out: string[] = [];
  let title = fields.get("title");
  let firstContentSeen = false;
  let fence: string | undefined;
  // An indented line starts a code block only where it cannot continue a paragraph or a list item.
  let paragraphOpen = false;
  let inList = false;
  let indentedCode = false;

  const heading = (text: string): void => {
    if (!firstContentSeen && title === undefined) title = text;
    out.push("", text, "");
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const fenceMarker = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fence !== undefined) {
      // CommonMark: a fence closes with at least as many of the same character and nothing else; an
      // unclosed one runs to the end of the document.
      if (fenceMarker !== undefined && fenceMarker[0] === fence[0] && fenceMarker.length >= fence.length && raw.trim() === fenceMarker) fence = undefined;
      continue;
    }
    if (fenceMarker !== undefined && !(fenceMarker[0] === "`" && raw.slice(raw.indexOf(fenceMarker) + fenceMarker.length).includes("`"))) {
      fence = fenceMarker;
      out.push("");
      paragraphOpen = false;
      continue;
    }
    if (indentedCode) {
      if (raw.trim() === "" || INDENTED.test(raw)) continue;
      indentedCode = false;
    }
    if (!paragraphOpen && !inList && raw.trim() !== "" && INDENTED.test(raw)) {
      indentedCode = true;
      out.push("");
      continue;
    }
    if (LIST_ITEM.test(raw)) inList = true;
    else if (raw.trim() !== "" && !/^\s/.test(raw)) inList = false;
    const line = stripContainerMarkers(raw);
    const trimmed = line.trim();
    paragraphOpen = false;
    if (trimmed === "") {
      out.push("");
      continue;
    }
    if (isThematicBreak(trimmed)) {
      out.push("");
      continue;
    }
    if (isReferenceDefinition(trimmed) || isTableSeparator(trimmed)) continue;

    const atx = atxHeading(line);
    if (atx !== undefined) {
      if (atx !== "") heading(inline(atx));
      firstContentSeen = true;
      continue;
    }
    const next = lines[i + 1];
    if (next !== undefined && /^ {0,3}(=+|-+)[ \t]*$/.test(next) && !/^\s*([-*+]|\d{1,9}[.)])\s/.test(raw)) {
      heading(inline(trimmed));
      firstContentSeen = true;
      i++;
      continue;
    }
    out.push(inline(tableRow(line)));
    paragraphOpen = true;
    firstContentSeen = true;
  }

  // Trailing blanks go line by line: a /[ \t]+$/m pattern would rescan long runs of spaces (quadratic).
  const text = out
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
  return {
    text,
    title: cleanLabel(title),
    url: cleanLabel(fields.get("url") ?? fields.get("canonical_url") ?? fields.get("link")),
    publishedAt: normalizeDate(fields.get("date") ?? fields.get("publishedat") ?? fields.get("published")),
  };
}

/** `---` YAML front matter at the very top; only simple `key: value` lines are read. */
function splitFrontMatter(source: string): { body: string; fields: Map<string, string> } {
  const fields = new Map<string, string>();
  if (!source.startsWith("---\n")) return { body: source, fields };
  const end = source.slice(0, FRONT_MATTER_MAX).indexOf("\n---", 3);
  if (end < 0) return { body: source, fields };
  for (const line of source.slice(4, end).split("\n")) {
    const m = /^([A-Za-z_][\w-]{0,40})\s*:\s*(.*)$/.exec(line);
    if (m?.[1] && m[2]) fields.set(m[1].toLowerCase(), unquote(m[2].trim()));
  }
  const afterClose = source.indexOf("\n", end + 4);
  return { body: afterClose < 0 ? "" : source.slice(afterClose + 1), fields };
}

const unquote = (s: string): string => (/^(["']).*\1$/.test(s) ? s.slice(1, -1) : s);

/** Removes block-quote markers and list bullets at the start of a line. */
function stripContainerMarkers(line: string): string {
  let s = line;
  for (let guard = 0; guard < 20; guard++) {
    const quote = /^ {0,3}> ?/.exec(s);
    if (quote) {
      s = s.slice(quote[0].length);
      continue;
    }
    const bullet = /^\s{0,12}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/.exec(s);
    if (bullet && !isThematicBreak(s.trim())) {
      s = s.slice(bullet[0].length);
      continue;
    }
    break;
  }
  return s;
}

function isThematicBreak(trimmed: string): boolean {
  const c = trimmed[0];
  if (c !== "-" && c !== "*" && c !== "_") return false;
  let count = 0;
  for (const ch of trimmed) {
    if (ch === c) count++;
    else if (ch !== " " && ch !== "\t") return false;
  }
  return count >= 3;
}

const isReferenceDefinition = (trimmed: string): boolean => /^\[[^\]]{1,999}\]:\s*\S/.test(trimmed);

function isTableSeparator(trimmed: string): boolean {
  return trimmed.includes("-") && trimmed.includes("|") && /^[|:\- \t]+$/.test(trimmed);
}

/** `| a | b |` → `a; b`. */
function tableRow(line: string): string {
  const t = line.trim();
  if (!t.startsWith("|")) return line;
  return t
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim())
    .filter((c) => c !== "")
    .join("; ");
}

/** Text of an ATX heading (`## Text ##`), or undefined if the line is not one. */
function atxHeading(line: string): string | undefined {
  const m = /^ {0,3}(#{1,6})(?=[ \t]|$)/.exec(line);
  if (!m) return undefined;
  let s = line.slice(m[0].length).trim();
  let end = s.length;
  while (end > 0 && s[end - 1] === "#") end--;
  if (end === 0 || s[end - 1] === " " || s[end - 1] === "\t") s = s.slice(0, end).trim();
  return s;
}

/** Characters that may start inline markup; everything between them is copied in one slice. */
const SPECIAL = /[\\`*_~![<]/g;
const SPECIAL_ANY = /[\\`*_~![<]/;

type Side = "space" | "punct" | "word";

function sideOf(ch: string | undefined): Side {
  if (ch === undefined || /\s/.test(ch)) return "space";
  return /[\p{L}\p{N}]/u.test(ch) ? "word" : "punct";
}

/**
 * Inline Markdown to text in one left-to-right scan. Emphasis delimiter runs are dropped when they
 * sit at the edge of a word (so `snake_case` and `2 * 3` survive); links and images become their text.
 */
function inline(s: string): string {
  if (!SPECIAL_ANY.test(s)) return s;
  const out: string[] = [];
  const next = { "]": new NextIndex(s, "]"), ")": new NextIndex(s, ")"), ">": new NextIndex(s, ">") };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "\\" && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1]!)) {
      out.push(s[i + 1]!);
      i += 2;
    } else if (ch === "`") {
      i++;
    } else if (ch === "*" || ch === "_" || ch === "~") {
      let j = i;
      while (j < s.length && s[j] === ch) j++;
      const before = sideOf(s[i - 1]);
      const after = sideOf(s[j]);
      const run = j - i;
      const isDelimiter =
        run <= 3 && (ch !== "~" || run === 2) && before !== after && !(before === "punct" && after === "punct") &&
        !(before === "word" && after === "word");
      if (!isDelimiter) out.push(s.slice(i, j));
      i = j;
    } else if (ch === "[" || (ch === "!" && s[i + 1] === "[")) {
      // An image keeps its alt text, as a link keeps its text.
      const link = parseLink(s, ch === "!" ? i + 1 : i, next);
      if (link) {
        out.push(inline(link.text));
        i = link.end;
      } else {
        out.push(ch);
        i++;
      }
    } else if (ch === "<") {
      const close = next[">"].within(i + 1, MAX_INLINE_TAG);
      const inner = close < 0 ? "" : s.slice(i + 1, close);
      if (/^(https?|mailto):[^\s<>]+$/i.test(inner)) {
        out.push(inner.replace(/^mailto:/i, ""));
        i = close + 1;
      } else if (/^\/?[A-Za-z][\w-]*(\s[^<>]*)?\/?$/.test(inner)) {
        i = close + 1;
      } else {
        out.push(ch);
        i++;
      }
    } else {
      SPECIAL.lastIndex = i + 1;
      const stop = SPECIAL.exec(s)?.index ?? s.length;
      out.push(s.slice(i, stop));
      i = stop;
    }
  }
  return out.join("");
}

/** `[text](target)`, `[text][ref]` or `[text][]` starting at `[`; bounded look-ahead, no nesting. */
function parseLink(
  s: string,
  open: number,
  finder: { "]": NextIndex; ")": NextIndex },
): { text: string; end: number } | undefined {
  const close = finder["]"].within(open + 1, MAX_LINK_PART);
  if (close < 0) return undefined;
  const text = s.slice(open + 1, close);
  if (text.includes("[")) return undefined;
  const next = s[close + 1];
  if (next === "(") {
    const end = finder[")"].within(close + 2, MAX_LINK_PART);
    return end < 0 ? undefined : { text, end: end + 1 };
  }
  if (next === "[") {
    const end = finder["]"].within(close + 2, MAX_LINK_PART);
    return end < 0 ? undefined : { text, end: end + 1 };
  }
  return undefined;
}

/**
 * Next position of one character in a line, remembering the last answer: callers only move forward,
 * so all look-ups for a line scan it once in total, however many unmatched `[` or `<` it has.
 */
class NextIndex {
  private from = -1;
  private at = -1;
  constructor(
    private readonly s: string,
    private readonly ch: string,
  ) {}

  within(from: number, maxDistance: number): number {
    if (!(this.from >= 0 && from >= this.from && (this.at === -1 || from <= this.at))) {
      this.from = from;
      this.at = this.s.indexOf(this.ch, from);
    }
    return this.at >= 0 && this.at - from <= maxDistance ? this.at : -1;
  }
}
