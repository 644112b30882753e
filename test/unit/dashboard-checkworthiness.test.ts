import { describe, expect, it, vi } from "vitest";
import { ApiClient, MAX_DOWNLOAD_CLAIMS, withoutCsvHeader } from "../../dashboard/src/lib/api.ts";
import { checkworthinessBand, describeCheckworthiness, isScore } from "../../dashboard/src/lib/checkworthiness.ts";
import { claimFiltersFrom, filterKey } from "../../dashboard/src/components/claim-filters.tsx";
import { parseHash } from "../../dashboard/src/lib/routes.ts";

const BOM = "\uFEFF";
const csvPage = (rows: string[], next?: string) =>
  new Response(new TextEncoder().encode(`${BOM}id,content\r\n${rows.map((r) => `${r}\r\n`).join("")}`), {
    status: 200,
    headers: { "content-type": "text/csv", "x-item-count": String(rows.length), ...(next && { "x-next-token": next }) },
  });

describe("checkworthiness in the dashboard", () => {
  it.each([
    [0.97, "high", "Checkable 0.97"],
    [0.7, "high", "Checkable 0.70"],
    [0.55, "medium", "Maybe checkable 0.55"],
    [0.4, "low", "Hard to check 0.40"],
    [0, "low", "Hard to check 0.00"],
  ] as const)("%s is %s, labelled %j", (score, band, label) => {
    expect(checkworthinessBand(score)).toBe(band);
    expect(describeCheckworthiness(score).label).toBe(label);
  });

  it("describes the reasons in words", () => {
    expect(describeCheckworthiness(0.94, ["figure", "factual-event", "question"]).description).toBe("Checkable 0.94: a figure, an event, a question");
    expect(describeCheckworthiness(0.4).description).toBe("Hard to check 0.40: no strong signal either way");
  });

  it("reads the filter and the order from the URL, ignoring what the API would refuse", () => {
    const good = claimFiltersFrom(parseHash("#/speakers/x?minCheckworthiness=0.7&sort=checkworthiness&topic=sport"));
    expect(good).toEqual({ topic: "sport", from: undefined, to: undefined, minCheckworthiness: "0.7", sort: "checkworthiness" });
    const bad = claimFiltersFrom(parseHash("#/speakers/x?minCheckworthiness=2&sort=best"));
    expect([bad.minCheckworthiness, bad.sort]).toEqual([undefined, undefined]);
    expect(claimFiltersFrom(parseHash("#/speakers/x?sort=newest")).sort).toBeUndefined();
    expect(filterKey(good)).not.toBe(filterKey({ ...good, sort: undefined }));
    expect(["0", "0.5", "1", "1.00", "0.25"].every(isScore)).toBe(true);
    expect(["1.5", "-0.1", ".5", "0.555", "abc", ""].some(isScore)).toBe(false);
  });

  it("passes the filter and the order to the API and reads the ranking note", async () => {
    const fetch = vi.fn(async (_url: string) => new Response(JSON.stringify({ items: [], ranking: { ranked: 1000, complete: false } }), { status: 200 }));
    const page = await new ApiClient("http://h/api", fetch).listTopicClaims("sport", { minCheckworthiness: "0.5", sort: "checkworthiness", limit: 20 });
    expect(fetch.mock.calls[0]![0]).toBe("http://h/api/topics/sport/claims?minCheckworthiness=0.5&sort=checkworthiness&limit=20");
    expect(page.ranking).toEqual({ ranked: 1000, complete: false });
  });
});

describe("downloads", () => {
  it("asks for CSV page after page and joins them into one file: one byte-order mark, one header", async () => {
    const fetch = vi.fn(async (url: string, _init?: RequestInit) => (url.includes("nextToken=t1") ? csvPage(["3,c"]) : csvPage(["1,a", '2,"b\r\nb"'], "t1")));
    const seen: number[] = [];
    const file = await new ApiClient("http://h/api", fetch).download("/speakers/x/claims", { topic: "sport", minCheckworthiness: "0.5" }, "csv", (n) => seen.push(n));
    expect(fetch.mock.calls.map((c) => [c[0], (c[1]!.headers as Record<string, string>).accept])).toEqual([
      ["http://h/api/speakers/x/claims?topic=sport&minCheckworthiness=0.5&limit=500", "text/csv"],
      ["http://h/api/speakers/x/claims?topic=sport&minCheckworthiness=0.5&limit=500&nextToken=t1", "text/csv"],
    ]);
    expect(file.parts.join("")).toBe(`${BOM}id,content\r\n1,a\r\n2,"b\r\nb"\r\n3,c\r\n`);
    expect([file.claims, file.truncated, seen]).toEqual([3, false, [2, 3]]);
  });

  it("asks for JSON Lines with its own media type", async () => {
    const fetch = vi.fn(async () => new Response('{"id":"a"}\n', { status: 200, headers: { "x-item-count": "1" } }));
    const file = await new ApiClient("http://h/api", fetch).download("/topics/sport/claims", {}, "jsonl");
    expect(((fetch.mock.calls[0] as unknown[])[1] as RequestInit).headers).toEqual({ accept: "application/x-ndjson" });
    expect(file.parts.join("")).toBe('{"id":"a"}\n');
  });

  it("stops after the most it will hold in memory and says so", async () => {
    const full = Array.from({ length: 500 }, (_, i) => `${i},x`);
    const fetch = vi.fn(async () => csvPage(full, "more"));
    const file = await new ApiClient("http://h/api", fetch).download("/topics/sport/claims", {}, "csv");
    expect(file.claims).toBe(MAX_DOWNLOAD_CLAIMS);
    expect(file.truncated).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(MAX_DOWNLOAD_CLAIMS / 500);
  });

  it("surfaces the API's error", async () => {
    const fetch = async () => new Response(JSON.stringify({ error: "NotAcceptable", message: "accept: no" }), { status: 406 });
    await expect(new ApiClient("http://h/api", fetch).download("/topics/sport/claims", {}, "csv")).rejects.toMatchObject({ status: 406, message: "accept: no" });
  });

  it("drops a later page's header record only", () => {
    expect(withoutCsvHeader(`${BOM}id,content\r\n1,"a\r\nb"\r\n`)).toBe('1,"a\r\nb"\r\n');
    expect(withoutCsvHeader(`${BOM}id,content\r\n`)).toBe("");
  });
});
