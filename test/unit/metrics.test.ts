import { describe, expect, it } from "vitest";
import { createMetrics } from "../../lambdas/aws/metrics.ts";
import { withRequestMetrics } from "../../lambdas/api/request-metrics.ts";
import type { ApiEvent } from "../../lambdas/api/http.ts";

/** Metrics whose documents are collected, parsed, instead of written to standard output. */
function collected(service = "ingest") {
  const lines: string[] = [];
  const metrics = createMetrics({ namespace: "ClaimTracker", service, write: (l) => void lines.push(l), now: () => 1_700_000_000_000 });
  const docs = () => lines.map((l) => {
    expect(l.endsWith("\n") && !l.slice(0, -1).includes("\n")).toBe(true);
    return JSON.parse(l) as Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };
  });
  return { metrics, docs, lines };
}

describe("embedded metric format", () => {
  it("writes one document per dimension set, counters summed, timings as value lists, then forgets them", () => {
    const { metrics, docs, lines } = collected();
    metrics.count("ArticlesProcessed");
    metrics.count("ArticlesProcessed");
    metrics.count("ClaimsWritten", 7);
    metrics.count("ArticlesFailed", 1, { Reason: "binary" });
    metrics.count("ArticlesFailed", 1, { Reason: "empty" });
    metrics.value("ExtractionMs", 12.5);
    metrics.value("ExtractionMs", 3);
    metrics.value("ExtractionMs", Number.NaN);
    metrics.flush();
    const [plain, binary, empty] = docs();
    expect(plain).toMatchObject({ Service: "ingest", ArticlesProcessed: 2, ClaimsWritten: 7, ExtractionMs: [12.5, 3] });
    expect(plain!._aws).toEqual({
      Timestamp: 1_700_000_000_000,
      CloudWatchMetrics: [{ Namespace: "ClaimTracker", Dimensions: [["Service"]], Metrics: [{ Name: "ArticlesProcessed", Unit: "Count" }, { Name: "ClaimsWritten", Unit: "Count" }, { Name: "ExtractionMs", Unit: "Milliseconds" }] }],
    });
    expect(binary).toMatchObject({ Service: "ingest", Reason: "binary", ArticlesFailed: 1 });
    expect(binary!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([["Service", "Reason"]]);
    expect(empty).toMatchObject({ Reason: "empty", ArticlesFailed: 1 });
    metrics.flush();
    expect(lines).toHaveLength(3);
  });

  it("splits a distribution of more than 100 values over documents, as EMF requires", () => {
    const { metrics, docs } = collected();
    for (let i = 0; i < 250; i++) metrics.value("LatencyMs", i);
    metrics.count("Requests", 250);
    metrics.flush();
    const values = docs().map((d) => d.LatencyMs as number[]);
    expect(values.map((v) => v.length)).toEqual([100, 100, 50]);
    expect(values.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(docs().filter((d) => "Requests" in d)).toHaveLength(1);
  });
});

describe("read API request metrics", () => {
  const event = { rawPath: "/speakers", requestContext: { http: { method: "GET" } } } as unknown as ApiEvent;
  const answer = (statusCode: number) => async () => ({ statusCode, headers: {}, body: "" });

  it.each([
    [200, { Http4xx: 0, Http5xx: 0 }],
    [404, { Http4xx: 1, Http5xx: 0 }],
    [503, { Http4xx: 0, Http5xx: 1 }],
  ])("counts a %i answer", async (status, counts) => {
    const { metrics, docs } = collected("api");
    expect((await withRequestMetrics(answer(status), metrics)(event)).statusCode).toBe(status);
    expect(docs()).toEqual([expect.objectContaining({ Service: "api", Requests: 1, ...counts, LatencyMs: expect.any(Number) })]);
  });

  it("counts a handler that throws as a 5xx and lets the error through", async () => {
    const { metrics, docs } = collected("api");
    const failing = withRequestMetrics(async () => {
      throw new Error("table unavailable");
    }, metrics);
    await expect(failing(event)).rejects.toThrow("table unavailable");
    expect(docs()[0]).toMatchObject({ Requests: 1, Http5xx: 1 });
  });
});
