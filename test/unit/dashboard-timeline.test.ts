import { describe, expect, it } from "vitest";
import { bucketStart, buildTimeline, chooseGranularity } from "../../dashboard/src/lib/timeline.ts";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe("claims-over-time buckets", () => {
  it.each([
    ["2024-01-01", "2024-01-20", "day"],
    ["2024-01-01", "2024-06-01", "week"],
    ["2020-01-01", "2024-06-01", "month"],
    ["2001-01-01", "2024-06-01", "year"],
  ] as const)("%s to %s is bucketed by %s", (from, to, expected) => {
    expect(chooseGranularity(day(from), day(to))).toBe(expected);
  });

  it("starts weeks on Monday and months on the 1st, in UTC", () => {
    // 2024-03-07 is a Thursday.
    expect(new Date(bucketStart(Date.parse("2024-03-07T23:30:00Z"), "week")).toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(new Date(bucketStart(Date.parse("2024-03-10T12:00:00Z"), "week")).toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(new Date(bucketStart(Date.parse("2024-03-31T23:59:59Z"), "month")).toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });

  it("counts per day with empty days kept as zeros, and skips unparseable dates", () => {
    const t = buildTimeline(["2024-01-03T10:00:00Z", "2024-01-01T09:00:00Z", "2024-01-03T18:00:00Z", "not a date"]);
    expect(t?.granularity).toBe("day");
    expect(t?.starts.map((s) => new Date(s * 1000).toISOString().slice(0, 10))).toEqual(["2024-01-01", "2024-01-02", "2024-01-03"]);
    expect(t?.counts).toEqual([1, 0, 2]);
  });

  it("walks calendar months of different lengths without skipping or repeating one", () => {
    const t = buildTimeline(["2023-01-31T00:00:00Z", "2024-12-15T00:00:00Z"]);
    expect(t?.granularity).toBe("month");
    expect(t?.starts).toHaveLength(24);
    expect(t?.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("has nothing to chart without a valid date", () => {
    expect(buildTimeline([])).toBeUndefined();
    expect(buildTimeline(["", "yesterday"])).toBeUndefined();
  });
});
