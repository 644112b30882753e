import { describe, expect, it } from "vitest";
import { decodeArticle } from "../../lambdas/core/decode/index.ts";
import type { DecodedArticle } from "../../lambdas/core/model.ts";

const decodeHtml = (html: string): DecodedArticle => decodeArticle(new TextEncoder().encode(html), { key: "site/story.html" });

const page = (head: string, body: string): string => `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;

describe("decodeArticle: HTML text", () => {
  it.each<[string, string, string]>([
    ["paragraphs are separated by a blank line", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."],
    ["whitespace inside a paragraph collapses", "<p>One\n   two\tthree</p>", "One two three"],
    ["inline elements keep their words together", "<p>It was <b>very</b> <i>clear</i>.</p>", "It was very clear."],
    ["<br> is a line break", "<p>Line one<br>line two</p>", "Line one\nline two"],
    ["entities are decoded", "<p>&ldquo;Tom &amp; Jerry&rdquo; &#8212; &#x41;&nbsp;B</p>", "“Tom & Jerry” — A B"],
    ["headings, lists and quotes are paragraphs", "<h2>Sub</h2><ul><li>a</li><li>b</li></ul><blockquote>q</blockquote>", "Sub\n\na\n\nb\n\nq"],
    ["script and style are dropped", "<p>Keep</p><script>var s = '<p>no</p>';</script><style>p{}</style>", "Keep"],
    [
      "navigation, header, footer, aside, form, noscript and template are dropped",
      "<header>Site</header><nav>Menu</nav><article><p>Story.</p></article><aside>Ads</aside><form>Sign up</form><noscript>JS</noscript><template>T</template><footer>(c)</footer>",
      "Story.",
    ],
    ["code is dropped: pre, code, inline or in blocks", '<p>Before.</p><pre><code>let q = "a," b said;</code></pre><p>Run <code>"x," y said</code> now.</p><xmp>"c," d said</xmp>', "Before.\n\nRun now."],
    ["other preformatted text keeps its spacing", "<textarea>a  b\n  c</textarea>", "a  b\n  c"],
    ["unclosed paragraphs still separate", "<p>One<p>Two", "One\n\nTwo"],
    ["stray end tags are ignored", "<p>One</span></div> two</p>", "One two"],
    ["comments are dropped", "<p>One<!-- hidden --> two</p>", "One two"],
    ["table cells are spaced, rows are paragraphs", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"],
  ])("%s", (_name, body, expected) => {
    expect(decodeHtml(page("", body)).text).toBe(expected);
  });
});

describe("decodeArticle: HTML main content", () => {
  const story = "<p>" + "The council said the bridge will reopen in May after repairs. ".repeat(10) + "</p>";

  it("keeps only the <article> when the page marks its story", () => {
    const html = page("", `<div class="promo"><p>Subscribe today for full access.</p></div><article>${story}</article><div><p>More stories you may like.</p></div>`);
    expect(decodeHtml(html).text).toBe(story.slice(3, -4).trim());
  });

  it.each<[string, string]>([
    ["<main>", "main"],
    ['role="main"', 'div role="main"'],
    ['itemprop="articleBody"', 'div itemprop="articleBody"'],
  ])("recognises %s", (_name, open) => {
    const tag = open.split(" ")[0]!;
    const html = page("", `<div><p>Cookie settings.</p></div><${open}>${story}</${tag}>`);
    expect(decodeHtml(html).text).not.toContain("Cookie");
  });

  it("keeps the whole page when the marked content is only a small part of it", () => {
    const html = page("", `${story}<article><p>Related: a short teaser.</p></article>`);
    expect(decodeHtml(html).text).toContain("Related: a short teaser.");
    expect(decodeHtml(html).text).toContain("The council said");
  });

  it.each<[string, string]>([
    ["the hidden attribute", "<div hidden><p>Hidden.</p></div>"],
    ['aria-hidden="true"', '<span aria-hidden="true">Hidden.</span>'],
    ['role="navigation"', '<div role="navigation"><a>Hidden.</a></div>'],
    ['role="complementary"', '<div role="complementary">Hidden.</div>'],
  ])("drops text under %s", (_name, markup) => {
    expect(decodeHtml(page("", `<p>Shown.</p>${markup}<p>Also shown.</p>`)).text).toBe("Shown.\n\nAlso shown.");
  });
});

describe("decodeArticle: HTML metadata", () => {
  it("title prefers og:title, then <title>, then the first <h1>", () => {
    expect(decodeHtml(page('<title>Site | Story</title><meta property="og:title" content="Story &amp; more">', "<p>x</p>")).title).toBe("Story & more");
    expect(decodeHtml(page("<title>Site | Story</title>", "<h1>Head</h1><p>x</p>")).title).toBe("Site | Story");
    expect(decodeHtml(page("", "<header><h1>Head line</h1></header><p>x</p>")).title).toBe("Head line");
  });

  it("url from the canonical link, else og:url", () => {
    expect(decodeHtml(page('<link rel="canonical" href="https://x.org/a"><meta property="og:url" content="https://x.org/b">', "<p>x</p>")).url).toBe("https://x.org/a");
    expect(decodeHtml(page('<meta property="og:url" content="https://x.org/b">', "<p>x</p>")).url).toBe("https://x.org/b");
  });

  it.each<[string, string, string]>([
    ["article:published_time", '<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">', "2024-03-05T09:00:00.000Z"],
    ["<time datetime>", '</head><body><time datetime="2024-03-05">5 March</time><p>x</p>', "2024-03-05T00:00:00.000Z"],
    [
      "JSON-LD datePublished inside @graph",
      '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-03-05T08:00:00Z"}]}</script>',
      "2024-03-05T08:00:00.000Z",
    ],
  ])("publishedAt from %s", (_name, head, expected) => {
    expect(decodeHtml(page(head, "<p>x</p>")).publishedAt).toBe(expected);
  });

  it("JSON-LD that is not valid JSON is ignored, not fatal", () => {
    expect(decodeHtml(page('<script type="application/ld+json">{oops</script>', "<p>x</p>"))).toEqual({ text: "x" });
  });
});

describe("decodeArticle: hostile HTML", () => {
  it("deeply nested markup decodes without recursion", () => {
    const depth = 100_000;
    const html = `${"<div>".repeat(depth)}<p>Deep.</p>${"</div>".repeat(depth)}<p>After.</p>`;
    expect(decodeHtml(html).text).toBe("Deep.\n\nAfter.");
  });

  it("thousands of unmatched end tags are ignored", () => {
    const html = `${"<b>".repeat(50_000)}Bold${"</i>".repeat(50_000)}`;
    expect(decodeHtml(html).text).toBe("Bold");
  });

  it("attribute names that look like object internals are plain attributes", () => {
    const html = page('<meta __proto__="x" constructor="y" property="og:title" content="Safe">', '<p hasOwnProperty="z">Text</p>');
    expect(decodeHtml(html)).toEqual({ text: "Text", title: "Safe" });
  });

  it("a page of only boilerplate is empty", () => {
    expect(() => decodeHtml(page("<title>T</title>", "<nav>Menu</nav><script>x()</script>"))).toThrow(
      expect.objectContaining({ name: "ArticleInputError", reason: "empty" }),
    );
  });
});
