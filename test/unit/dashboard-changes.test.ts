import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClaimChange, StoredClaim } from "../../dashboard/src/lib/api.ts";
import { claimsTouched, mergeChanges, windowLabel, windowPhrase, windowStart } from "../../dashboard/src/lib/changes.ts";

const upsert = (claimId: string, changedAt: string): ClaimChange => ({ op: "upsert", claimId, changedAt, claim: { id: claimId } as StoredClaim });
const removal = (claimId: string, changedAt: string): ClaimChange => ({ op: "delete", claimId, changedAt });

describe("the What's new list", () => {
  it("appends a later page's changes after the earlier ones", () => {
    const merged = mergeChanges([upsert("a", "1"), upsert("b", "2")], [removal("c", "3"), upsert("d", "4")]);
    expect(merged.map((c) => c.claimId)).toEqual(["a", "b", "c", "d"]);
  });

  it("replaces a claim's earlier entry by its later change, moved to the later change's place", () => {
    const merged = mergeChanges([upsert("a", "1"), upsert("b", "2"), upsert("c", "3")], [upsert("a", "4"), removal("b", "5")]);
    expect(merged).toEqual([upsert("c", "3"), upsert("a", "4"), removal("b", "5")]);
    // A re-upload after a removal brings the claim back.
    expect(mergeChanges([removal("a", "1")], [upsert("a", "2")])).toEqual([upsert("a", "2")]);
    // Within one page too.
    expect(mergeChanges([], [upsert("a", "1"), upsert("b", "2"), upsert("a", "3")]).map((c) => [c.claimId, c.changedAt])).toEqual([["b", "2"], ["a", "3"]]);
  });

  it("holds each claim once, as its latest change, in the order of the latest changes, however the pages are cut", () => {
    const change = fc.tuple(fc.constantFrom("a", "b", "c", "d", "e"), fc.boolean()).map(([id, del]) => ({ id, del }));
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 5 }), (raw, cuts) => {
        const all = raw.map(({ id, del }, i) => (del ? removal(id, String(i).padStart(3, "0")) : upsert(id, String(i).padStart(3, "0"))));
        const bounds = [0, ...[...cuts].map((n) => Math.min(n, all.length)).sort((x, y) => x - y), all.length];
        let merged: ClaimChange[] = [];
        for (let i = 1; i < bounds.length; i++) merged = mergeChanges(merged, all.slice(bounds[i - 1], bounds[i]));
        const latest = all.filter((c, i) => !all.slice(i + 1).some((d) => d.claimId === c.claimId));
        expect(merged).toEqual(latest);
        expect(claimsTouched(all)).toBe(latest.length);
      }),
    );
  });

  it("names and starts each window", () => {
    expect([1, 24, 168].map((h) => windowPhrase(h as 1 | 24 | 168))).toEqual(["last hour", "last 24 hours", "last 7 days"]);
    expect(windowLabel(168)).toBe("Last 7 days");
    const now = Date.parse("2025-03-05T12:00:00.000Z");
    expect(windowStart(24, now)).toBe("2025-03-04T12:00:00.000Z");
    expect(windowStart(1, now)).toBe("2025-03-05T11:00:00.000Z");
    expect(windowStart(168, now)).toBe("2025-02-26T12:00:00.000Z");
  });
});
