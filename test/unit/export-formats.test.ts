import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimDownload, negotiateListFormat, safeFilename } from "../../lambdas/api/list-formats.ts";
import { HttpError } from "../../lambdas/api/http.ts";
import { CSV_BOM, csvCell, toCsv } from "../../lambdas/export/csv.ts";
import { CLAIM_CSV_HEADER, claimsToCsv, claimsToJsonLines } from "../../lambdas/export/claims.ts";
import { claimAuthor, toClaimJsonLd } from "../../lambdas/export/claimreview.ts";
import { SPEAKER_TYPES } from "../../lambdas/core/model.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";

/** A spreadsheet's reading of a CSV file: an independent RFC 4180 parser, BOM stripped as Excel does. */
const readCsv = (text: string) => parse(text, { bom: true, relax_column_count: false }) as string[][];

const base: StoredClaim = {
  id: "abc123", speaker: "Zoë Ğüneş", speakerId: "zoe-gunes", speakerType: "person", speakerScope: "global", rule: "quote-after",
  speakerRole: "finance minister", speakerAffiliation: "Ministry of Finance",
  speakerMention: "Finance Minister Zoë Ğüneş", speakerStart: 0, speakerEnd: 10, cue: "said", cueStart: 11, cueEnd: 15,
  content: "Unemployment rose to 4.2%", contentStart: 20, contentEnd: 45, kind: "indirect", topic: "economy-business-finance",
  subjects: ["unemployment", "zoe-gunes"], confidence: 0.9, checkworthiness: 0.88, checkworthinessReasons: ["figure", "comparison"],
  articleKey: "news/a.txt", title: "Jobs, \"growth\" and more", url: "https://news.example/a?x=1,2", publishedAt: "2024-05-01T09:00:00.000Z",
  extractedAt: "2024-05-02T00:00:00.000Z", extractorVersion: "2.0.0", context: "x", contextContentStart: 0, contextContentEnd: 1,
};

describe("CSV", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    ["Zoë – 5 €, 日本", '"Zoë – 5 €, 日本"'],
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1 555", "'+1 555"],
    ["-5% growth", "'-5% growth"],
    ["@handle", "'@handle"],
    ["\tindented", "'\tindented"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["", ""],
  ])("cell %j is written %j", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it("writes numbers as numbers and nothing for absent values", () => {
    expect([csvCell(0.88), csvCell(0), csvCell(undefined), csvCell(null), csvCell(Number.NaN), csvCell(true)]).toEqual(["0.88", "0", "", "", "", "true"]);
  });

  it("is a BOM, a header record and CRLF-terminated records", () => {
    const text = toCsv(["a", "b"], [["1", "x"], ["2", "y"]]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1)).toBe("a,b\r\n1,x\r\n2,y\r\n");
    expect(toCsv(["a"], [], { bom: false })).toBe("a\r\n");
  });

  it("reads back cell for cell through an RFC 4180 parser, whatever the text (formula cells keep their guard)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom("a", "ë", "日", "😀", ",", '"', "\n", "\r", " ", "=", "-", "+", "@", "\t", "'") }), { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
          const records = readCsv(toCsv(["x", "y", "z"], rows));
          expect(records[0]).toEqual(["x", "y", "z"]);
          expect(records.slice(1)).toEqual(rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))));
        }),
    );
  });

  it("claims: one column per field, lists joined, every claim a record", () => {
    const tricky = { ...base, id: "def456", content: '=cmd|"/c calc"!A1, then\n"more"', subjects: [], checkworthinessReasons: [] } as StoredClaim;
    const [header, ...records] = readCsv(claimsToCsv([base, tricky]));
    expect(header).toEqual(CLAIM_CSV_HEADER);
    expect(records).toHaveLength(2);
    const row = Object.fromEntries(header!.map((h, i) => [h, records[0]![i]]));
    expect(row).toMatchObject({
      id: "abc123", speaker: "Zoë Ğüneş", speakerRole: "finance minister", content: "Unemployment rose to 4.2%", subjects: "unemployment; zoe-gunes",
      checkworthiness: "0.88", checkworthinessReasons: "figure; comparison", title: 'Jobs, "growth" and more', url: "https://news.example/a?x=1,2",
    });
    expect(records[1]![header!.indexOf("content")]).toBe(`'${tricky.content}`);
  });

  it("JSON Lines: one claim per line, each line the claim", () => {
    const text = claimsToJsonLines([base, { ...base, id: "x\ny" }]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual(base);
    expect(JSON.parse(lines[1]!).id).toBe("x\ny");
  });
});

describe("Accept negotiation", () => {
  it.each([
    [undefined, "json"],
    ["", "json"],
    ["*/*", "json"],
    ["application/json", "json"],
    ["text/csv", "csv"],
    ["application/x-ndjson", "ndjson"],
    ["application/jsonl", "ndjson"],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "json"],
    ["text/csv;q=0.5, application/json", "json"],
    ["application/json;q=0.5, text/csv", "csv"],
    ["*/*, text/csv", "csv"],
    ["text/*", "csv"],
    ["TEXT/CSV; charset=utf-8", "csv"],
    ["application/x-ndjson;q=0, text/csv;q=0.1", "csv"],
  ])("%j → %s", (accept, format) => {
    expect(negotiateListFormat(accept)).toBe(format);
  });

  it.each(["application/xml", "image/png", "text/csv;q=0", "application/pdf;q=1"])("%j is a 406 that names accept", (accept) => {
    try {
      negotiateListFormat(accept);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).statusCode).toBe(406);
      expect((e as HttpError).message).toMatch(/^accept: /);
    }
  });

  it("filenames keep to safe characters", () => {
    expect(safeFilename('claims-article-news/2024/a "b".txt')).toBe("claims-article-news-2024-a-b-.txt");
    expect(safeFilename("../../etc/passwd")).toBe("etc-passwd");
    expect(safeFilename("日本")).toBe("claims");
  });
});

/**
 * schema.org's Claim (https://schema.org/Claim) and the types its properties take. Claim is a
 * CreativeWork; only properties schema.org defines for it may appear.
 */
const CLAIM_PROPERTIES = new Set(["@context", "@type", "identifier", "text", "author", "datePublished", "appearance", "firstAppearance", "keywords", "url", "name"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function expectValidClaim(doc: Record<string, unknown>) {
  expect(doc["@context"]).toBe("https://schema.org");
  expect(doc["@type"]).toBe("Claim");
  for (const key of Object.keys(doc)) expect(CLAIM_PROPERTIES, key).toContain(key);
  expect(typeof doc.text).toBe("string");
  expect((doc.text as string).length).toBeGreaterThan(0);
  expect(doc.datePublished).toMatch(ISO_DATE);
  expect(typeof doc.identifier).toBe("string");
  if (doc.author !== undefined) {
    const author = doc.author as Record<string, unknown>;
    expect(["Person", "Organization"]).toContain(author["@type"]);
    expect(typeof author.name).toBe("string");
    expect((author.name as string).length).toBeGreaterThan(0);
    if (author.jobTitle !== undefined) expect(typeof author.jobTitle).toBe("string");
    if (author.affiliation !== undefined) expect(author.affiliation).toMatchObject({ "@type": "Organization", name: expect.any(String) });
    const allowed = author["@type"] === "Person" ? ["@type", "name", "jobTitle", "affiliation"] : ["@type", "name"];
    for (const key of Object.keys(author)) expect(allowed).toContain(key);
  }
  if (doc.appearance !== undefined) {
    const appearance = doc.appearance as Record<string, unknown>;
    expect(appearance["@type"]).toBe("CreativeWork");
    for (const key of Object.keys(appearance)) expect(["@type", "url", "headline", "datePublished"]).toContain(key);
    if (appearance.url !== undefined) expect(() => new URL(appearance.url as string)).not.toThrow();
    if (appearance.headline !== undefined) expect(typeof appearance.headline).toBe("string");
    expect(appearance.datePublished).toMatch(ISO_DATE);
  }
  if (doc.keywords !== undefined) expect(typeof doc.keywords).toBe("string");
}

describe("a download page", () => {
  it("names the next page and, for an article cut to fit the response, the claims left out", () => {
    const page = claimDownload("csv", [base], { filename: "claims-article-news/a.txt", nextToken: "t1", nextQuery: "limit=1&nextToken=t1", claimsOmitted: 3 });
    expect(page.headers).toMatchObject({ "x-item-count": "1", "x-next-token": "t1", link: '<?limit=1&nextToken=t1>; rel="next"', "x-claims-omitted": "3" });
    expect(page.headers["content-disposition"]).toBe('attachment; filename="claims-article-news-a.txt.csv"');
    expect(page.headers["access-control-expose-headers"]).toContain("x-claims-omitted");
    expect(readCsv(page.body!)).toHaveLength(2);
    const whole = claimDownload("ndjson", [base, base], { filename: "claims" });
    expect(whole.headers).not.toHaveProperty("x-claims-omitted");
    expect(whole.headers).not.toHaveProperty("x-next-token");
    expect(whole.body!.split("\n").filter(Boolean)).toHaveLength(2);
  });
});

describe("ClaimReview: schema.org Claim in JSON-LD", () => {
  it("has the required properties with schema.org's types", () => {
    const doc = toClaimJsonLd(base);
    expectValidClaim(doc as unknown as Record<string, unknown>);
    expect(doc).toMatchObject({
      identifier: "abc123",
      text: base.content,
      datePublished: base.publishedAt,
      author: { "@type": "Person", name: "Zoë Ğüneş", jobTitle: "finance minister", affiliation: { "@type": "Organization", name: "Ministry of Finance" } },
      appearance: { "@type": "CreativeWork", url: base.url, headline: base.title },
    });
    // Valid JSON-LD is JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("an organization speaks as an Organization; an unnamed group or unknown speaker has no author", () => {
    expect(claimAuthor({ ...base, speakerType: "organization", speaker: "Acme Corp" })).toEqual({ "@type": "Organization", name: "Acme Corp" });
    expect(claimAuthor({ ...base, speakerType: "unknown", speaker: "unknown" })).toBeUndefined();
    expect(claimAuthor({ ...base, speakerType: "group", speaker: "protesters" })).toBeUndefined();
    expect(claimAuthor({ ...base, speakerType: "document", speaker: "the report", speakerAffiliation: "Ofsted" })).toEqual({ "@type": "Organization", name: "Ofsted" });
  });

  it("is valid for every speaker type, with and without a URL or title", () => {
    for (const speakerType of SPEAKER_TYPES) {
      for (const extra of [{}, { url: undefined }, { url: undefined, title: undefined }, { url: "javascript:alert(1)" }]) {
        const c = { ...base, speakerType, ...extra } as StoredClaim;
        const doc = toClaimJsonLd(c) as unknown as Record<string, unknown>;
        expectValidClaim(doc);
        if (!c.url || !c.url.startsWith("https:")) expect((doc.appearance as { url?: string } | undefined)?.url).toBeUndefined();
      }
    }
  });
});
