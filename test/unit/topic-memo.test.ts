import { describe, expect, it } from "vitest";
import { memoizeString } from "../../lambdas/core/topics/memo.ts";

describe("memoizeString", () => {
  it("answers repeats from memory and starts again when full", () => {
    const calls: string[] = [];
    const upper = memoizeString((s) => (calls.push(s), s.toUpperCase()), 2);
    expect([upper("a"), upper("b"), upper("a")]).toEqual(["A", "B", "A"]);
    expect(calls).toEqual(["a", "b"]);
    // The third distinct input finds the cache full: it is cleared, so "a" is computed again.
    expect(upper("c")).toBe("C");
    expect(upper("a")).toBe("A");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
