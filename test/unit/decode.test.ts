import { describe, expect, it } from "vitest";
import { decodeArticle } from "../../lambdas/core/decode/index.ts";
import type { DecodedArticle } from "../../lambdas/core/model.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const decode = (key: string, s: string, contentType?: string): DecodedArticle => decodeArticle(utf8(s), { key, contentType });

describe("decodeArticle: plain text", () => {
  it.each<[string, string, DecodedArticle]>([
    ["keeps text as written", "The mayor said the bridge will reopen.", { text: "The mayor said the bridge will reopen." }],
    ["CRLF and lone CR become LF", "One.\r\nTwo.\rThree.", { text: "One.\nTwo.\nThree." }],
    ["no-break spaces become spaces, one for one", "Vogt\u00a0said\u202fno.", { text: "Vogt said no." }],
    ["a short first line standing alone is the title", "Bridge to reopen\n\nThe mayor said so.", { text: "Bridge to reopen\n\nThe mayor said so.", title: "Bridge to reopen" }],
    ["a first line ending like a sentence is not a title", "The mayor spoke.\n\nShe said so.", { text: "The mayor spoke.\n\nShe said so." }],
    ["curly quotes and accents survive", "“Ça va,” dit-elle.", { text: "“Ça va,” dit-elle." }],
  ])("%s", (_name, input, expected) => {
    expect(decode("news/a.txt", input)).toEqual(expected);
  });
});

describe("decodeArticle: encodings", () => {
  const text = "“Quote,” she said — 10 €.";
  it.each<[string, Uint8Array]>([
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])],
    ["UTF-16 LE with BOM", utf16(text, true, true)],
    ["UTF-16 BE with BOM", utf16(text, false, true)],
    ["UTF-16 LE without BOM", utf16(text, true, false)],
    ["UTF-16 BE without BOM", utf16(text, false, false)],
  ])("%s", (_name, bytes) => {
    expect(decodeArticle(bytes, { key: "a.txt" }).text).toBe(text);
  });

  it("honours an explicit legacy charset in the Content-Type", () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9]); // "Café" in ISO-8859-1
    expect(decodeArticle(latin1, { key: "a.txt", contentType: "text/plain; charset=ISO-8859-1" }).text).toBe("Café");
  });

  it("falls back to a charset declared in the HTML when the bytes are not UTF-8", () => {
    const head = utf8('<html><head><meta charset="windows-1252"></head><body><p>Caf');
    const bytes = new Uint8Array([...head, 0xe9, ...utf8("</p></body></html>")]);
    expect(decodeArticle(bytes, { key: "a.html" }).text).toBe("Café");
  });
});

describe("decodeArticle: Markdown", () => {
  it.each<[string, string, DecodedArticle]>([
    ["first heading is the title and stays a paragraph", "# Bridge to reopen\nThe mayor said so.", { text: "Bridge to reopen\n\nThe mayor said so.", title: "Bridge to reopen" }],
    ["setext heading", "Bridge news\n===========\n\nBody.", { text: "Bridge news\n\nBody.", title: "Bridge news" }],
    ["links and images become their text", "See [the report](http://x.org/r) and ![a chart](c.png).", { text: "See the report and a chart." }],
    ["reference links and definitions", "Read [the memo][1].\n\n[1]: http://x.org/m", { text: "Read the memo." }],
    ["emphasis markers go, snake_case and arithmetic stay", "It was **very** _clear_ that snake_case and 2 * 3 stay.", { text: "It was very clear that snake_case and 2 * 3 stay." }],
    ["emphasis next to punctuation", '"*Never*," she said.', { text: '"Never," she said.' }],
    ["block quotes and bullets lose their markers", "> “We will,” he said.\n\n- one\n- two\n1. three", { text: "“We will,” he said.\n\none\ntwo\nthree" }],
    ["code fences are dropped with their content", "Before.\n```js\nlet q = \"x,\" he said;\n```\nAfter.", { text: "Before.\n\nAfter." }],
    ["tilde fences too, closed only by a run as long", "~~~~\n\"a,\" b said.\n~~~\nstill code\n~~~~\nAfter.", { text: "After." }],
    ["an unclosed fence runs to the end", "Before.\n\n```\n\"a,\" b said.", { text: "Before." }],
    ["three backticks inside a line are inline code, not a fence", "Use ```x``` here.", { text: "Use x here." }],
    ["indented code blocks are dropped", "Before.\n\n    print(\"a,\" b said)\n\n\tmore code\nAfter.", { text: "Before.\n\nAfter." }],
    ["an indented line continuing a paragraph is prose", "The mayor said\n    the bridge would open.", { text: "The mayor said\n    the bridge would open." }],
    ["an indented paragraph inside a list item is prose", "- one\n\n    still the item.\n\nAfter.", { text: "one\n\n    still the item.\n\nAfter." }],
    ["escaped characters are literal", "A \\*star\\* stays.", { text: "A *star* stays." }],
    ["inline HTML tags go, autolinks keep the address", "Hi<br/> see <https://x.org>.", { text: "Hi see https://x.org." }],
    ["paragraphs stay separated, lines are not reflowed", "Line one\nline two.\n\n\n\nNext para.", { text: "Line one\nline two.\n\nNext para." }],
    ["thematic breaks are dropped", "Before.\n\n---\n\nAfter.", { text: "Before.\n\nAfter." }],
    ["tables become rows of cells", "| who | said |\n|---|---|\n| Vogt | no |", { text: "who; said\nVogt; no" }],
    [
      "front matter gives title, date and url",
      "---\ntitle: \"Storm hits coast\"\ndate: 2024-02-03T04:05:06Z\nurl: https://x.org/storm\n---\nThe storm hit.",
      { text: "The storm hit.", title: "Storm hits coast", url: "https://x.org/storm", publishedAt: "2024-02-03T04:05:06.000Z" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(decode("a.md", input)).toEqual(expected);
  });
});

describe("decodeArticle: hostile Markdown", () => {
  it.each<[string, string, string]>([
    ["a long run of spaces inside a line", `a${" ".repeat(200_000)}b  \nc`, `a${" ".repeat(200_000)}b\nc`],
    ["thousands of unclosed link brackets", "[".repeat(100_000) + "x", "[".repeat(100_000) + "x"],
    ["thousands of unclosed emphasis markers", "**a ".repeat(50_000).trim(), "a ".repeat(50_000).trim()],
    ["thousands of unclosed angle brackets", "<a ".repeat(50_000).trim(), "<a ".repeat(50_000).trim()],
  ])("%s", (_name, input, expected) => {
    expect(decode("a.md", input).text).toBe(expected);
  });
});

describe("decodeArticle: JSON", () => {
  it.each<[string, unknown, DecodedArticle]>([
    ["text field", { title: "T", text: "Body.", url: "https://x.org/a", publishedAt: "2024-01-02T03:04:05Z" }, { text: "Body.", title: "T", url: "https://x.org/a", publishedAt: "2024-01-02T03:04:05.000Z" }],
    ["body field and date", { body: "Body.", date: "2024-01-02" }, { text: "Body.", publishedAt: "2024-01-02T00:00:00.000Z" }],
    ["content field", { content: "Body." }, { text: "Body." }],
    ["an epoch date in seconds", { text: "Body.", date: 1700000000 }, { text: "Body.", publishedAt: "2023-11-14T22:13:20.000Z" }],
    ["an unparseable date is left out", { text: "Body.", date: "soon" }, { text: "Body." }],
    ["an HTML body is reduced to text", { text: "<p>One.</p><p>Two &amp; three.</p>" }, { text: "One.\n\nTwo & three." }],
  ])("%s", (_name, doc, expected) => {
    expect(decode("a.json", JSON.stringify(doc))).toEqual(expected);
  });
});

describe("decodeArticle: format choice", () => {
  it.each<[string, string, string | undefined, string]>([
    ["unknown extension with markup is HTML", "feed/item", undefined, "<div><p>Hello</p></div>"],
    ["Content-Type decides without an extension", "feed/item", "text/html; charset=utf-8", "Hello <b>there</b>"],
    ["extension wins over Content-Type", "a.html", "text/plain", "<p>Hello</p>"],
  ])("%s", (_name, key, contentType, input) => {
    expect(decode(key, input, contentType).text).toMatch(/^Hello( there)?$/);
  });

  it("unknown extension without markup is text", () => {
    expect(decode("notes.log", "a < b and c > d").text).toBe("a < b and c > d");
  });

  it("a JSON-looking object without an extension is read as JSON", () => {
    expect(decode("feed/item", '{"text": "Body."}')).toEqual({ text: "Body." });
  });
});

function utf16(s: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const units = [...(bom ? [0xfeff] : []), ...Array.from(s, (c) => c.charCodeAt(0))];
  const out = new Uint8Array(units.length * 2);
  const view = new DataView(out.buffer);
  units.forEach((u, i) => view.setUint16(i * 2, u, littleEndian));
  return out;
}
