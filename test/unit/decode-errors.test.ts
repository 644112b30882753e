import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeArticle } from "../../lambdas/core/decode/index.ts";
import { ArticleInputError, type InputErrorReason } from "../../lambdas/core/errors.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function reasonOf(bytes: Uint8Array, key: string): InputErrorReason | "decoded" {
  try {
    decodeArticle(bytes, { key });
    return "decoded";
  } catch (e) {
    if (e instanceof ArticleInputError) return e.reason;
    throw e;
  }
}

describe("decodeArticle: bad input is a typed error with a reason", () => {
  it.each<[string, Uint8Array, string, InputErrorReason]>([
    ["zero bytes", new Uint8Array(), "a.txt", "empty"],
    ["only whitespace", utf8(" \n\t\r\n "), "a.txt", "empty"],
    ["a BOM and nothing else", new Uint8Array([0xef, 0xbb, 0xbf]), "a.txt", "empty"],
    ["HTML with no visible text", utf8("<html><head><title>t</title></head><body> </body></html>"), "a.html", "empty"],
    ["Markdown with only markup", utf8("---\n\n***\n"), "a.md", "empty"],
    ["JSON with an empty text", utf8('{"text": "  "}'), "a.json", "empty"],
    ["a PDF", utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "a.txt", "binary"],
    ["a ZIP", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), "a.md", "binary"],
    ["a PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "a.html", "binary"],
    ["a GZIP stream", new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), "a.json", "binary"],
    ["NUL bytes in text", new Uint8Array([0x41, 0x00, 0x00, 0x42, 0x43, 0x00, 0x00, 0x00, 0x44, 0x45]), "a.txt", "binary"],
    ["mostly control characters", new Uint8Array(Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x01 + (i % 7)))), "a.txt", "binary"],
    ["invalid UTF-8", new Uint8Array([0x48, 0x69, 0x20, 0xc3, 0x28, 0x21]), "a.txt", "undecodable"],
    ["truncated UTF-8 sequence", new Uint8Array([0x48, 0x69, 0xe2, 0x82]), "a.txt", "undecodable"],
    ["UTF-16 with a BOM and an odd byte count", new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]), "a.txt", "undecodable"],
    ["UTF-16 with an unpaired surrogate", new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), "a.txt", "undecodable"],
    ["UTF-32", new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]), "a.txt", "undecodable"],
    ["JSON that does not parse", utf8('{"text": "unterminated'), "a.json", "malformed"],
    ["JSON without a text field", utf8('{"title": "Only a title"}'), "a.json", "malformed"],
    ["JSON whose text is not a string", utf8('{"text": ["a", "b"]}'), "a.json", "malformed"],
    ["a JSON array", utf8('[{"text": "x"}]'), "a.json", "malformed"],
  ])("%s → %s", (_name, bytes, key, reason) => {
    expect(reasonOf(bytes, key)).toBe(reason);
  });

  it("messages say what is wrong in words a user understands", () => {
    const message = (bytes: Uint8Array, key: string): string => {
      try {
        decodeArticle(bytes, { key });
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(message(new Uint8Array([0x48, 0x69, 0xc3, 0x28]), "a.txt")).toMatch(/not valid UTF-8.*byte 2/);
    expect(message(utf8("%PDF-1.4"), "a.txt")).toMatch(/binary.*PDF/);
    expect(message(utf8('{"title": "x"}'), "a.json")).toMatch(/no text.*"text", "body", "content"/);
  });
});

describe("decodeArticle: property", () => {
  const keys = fc.constantFrom("a.txt", "a.md", "a.html", "a.json", "noext", "x.weird");

  it("any bytes give an article with non-blank text or an ArticleInputError, never another throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), keys, (bytes, key) => {
        const outcome = reasonOf(bytes, key);
        if (outcome === "decoded") expect(decodeArticle(bytes, { key }).text).toMatch(/\S/);
      }),
      { numRuns: 400 },
    );
  });

  it("any markup-ish string gives an article or an ArticleInputError, and the text has no CR or NBSP", () => {
    const markupish = fc
      .array(fc.constantFrom("<p>", "</p>", "<div>", "</b>", "<!--", "-->", "<script>", "</script>", "**", "_", "[", "](", ")", "#", "\n", "\r\n", "\u00a0", "&amp;", "&#0;", "\"", "{", "}", "word ", "<br/>", "> ", "```"), { maxLength: 60 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(markupish, keys, (s, key) => {
        const bytes = utf8(s);
        if (reasonOf(bytes, key) !== "decoded") return;
        const { text } = decodeArticle(bytes, { key });
        expect(text).not.toMatch(/[\r\u00a0]/);
      }),
      { numRuns: 400 },
    );
  });
});
