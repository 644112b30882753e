import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareSequencers, MAX_REVISION, normalizeSequencer, parseStoredSequencer, storedSequencer } from "../../lambdas/store/sequencer.ts";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../../lambdas/store/cursor.ts";
import { fromClaimItem, toClaimItem } from "../../lambdas/store/claim-item.ts";
import { storedClaim } from "../support/claims.ts";

describe("S3 sequencers", () => {
  it.each([
    ["0A", "0B", -1],
    ["FF", "0100", -1],
    ["00000000000000000A", "a", 0],
    ["0062E99A88DC407D48", "0062E99A88DC407D47", 1],
  ])("%s vs %s", (a, b, sign) => {
    expect(Math.sign(compareSequencers(a, b))).toBe(sign);
  });

  it("orders like the numbers they encode, also as stored strings", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 100n }), fc.bigInt({ min: 0n, max: 2n ** 100n }), (x, y) => {
        const [a, b] = [normalizeSequencer(x.toString(16)), normalizeSequencer(y.toString(16))];
        expect(a < b).toBe(x < y);
        expect(a === b).toBe(x === y);
      }),
    );
  });

  it("rejects what is not hex", () => {
    expect(() => normalizeSequencer("12G")).toThrow(/hex/);
    expect(() => normalizeSequencer("")).toThrow(/hex/);
    // A revision suffix is the store's own: an event cannot bring one.
    expect(() => normalizeSequencer("0A.000001")).toThrow(/hex/);
  });

  it("orders re-extractions (sequencer, revision) as stored strings: after their version, before any later event", () => {
    const revision = fc.integer({ min: 0, max: MAX_REVISION });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 100n }), revision, fc.bigInt({ min: 0n, max: 2n ** 100n }), revision, (x, r, y, q) => {
        const a = storedSequencer(x.toString(16), r);
        const b = storedSequencer(y.toString(16), q);
        expect(a < b).toBe(x < y || (x === y && r < q));
        expect(parseStoredSequencer(a)).toEqual({ sequencer: normalizeSequencer(x.toString(16)), revision: r });
      }),
    );
    expect(storedSequencer("0A")).toBe(normalizeSequencer("0A"));
    expect(storedSequencer("0A", 2)).toBe(`${normalizeSequencer("0A")}.000002`);
    expect(() => storedSequencer("0A", MAX_REVISION + 1)).toThrow(RangeError);
    expect(() => storedSequencer("0A", -1)).toThrow(RangeError);
  });
});

describe("store cursors", () => {
  it("round-trips and is bound to its query", () => {
    const c = encodeCursor("speakers", ["start", "done", { at: "0000000003#jane", skip: 1 }]);
    expect(decodeCursor(c, "speakers", 3)).toEqual(["start", "done", { at: "0000000003#jane", skip: 1 }]);
    expect(() => decodeCursor(c, "topic-claims", 3)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(c, "speakers", 4)).toThrow(InvalidCursorError);
  });

  it("rejects positions it would never issue", () => {
    const forged = (p: unknown) => Buffer.from(JSON.stringify({ q: "speakers", p: [p] })).toString("base64url");
    for (const p of [["x", 0], ["x", -1], ["x", 1.5], ["", 1], [5, 1], ["x".repeat(2000), 1], 2, "x", null]) {
      expect(() => decodeCursor(forged(p), "speakers", 1)).toThrow(InvalidCursorError);
    }
  });

  it("never crashes on garbage, it throws InvalidCursorError", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeCursor(s, "speakers", 4);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidCursorError);
        }
      }),
    );
  });
});

describe("claim items", () => {
  const text = "Officials met on Monday. \u201cWe have not announced any meetings,\u201d spokesman Ivan Petrov told reporters in the capital.";

  it("round-trips a claim, storing the context without repeating the content", () => {
    const claim = storedClaim("a.txt", text, { content: "We have not announced any meetings", speaker: "Ivan Petrov", mention: "spokesman Ivan Petrov" });
    const item = toClaimItem(claim, "01");
    expect(JSON.stringify(item).split("We have not announced").length - 1).toBe(1);
    expect(fromClaimItem(item)).toEqual(claim);
  });

  it("bounds huge content so the item stays far below 400 KB, and says how long the content was", () => {
    const long = "word ".repeat(50_000).trim();
    const huge = `\u201c${long}\u201d he said.`;
    const claim = storedClaim("big.txt", huge, { content: long, speaker: "Someone" });
    const item = toClaimItem(claim, "01");
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(20_000);
    const back = fromClaimItem(item);
    expect(back.contentLength).toBe(long.length);
    expect(long.startsWith(back.content)).toBe(true);
  });

  it("keeps a typical claim under one write unit (1 KB)", () => {
    const claim = storedClaim("news/2024/05/01/article-with-a-long-key.txt", text, { content: "We have not announced any meetings", speaker: "Ivan Petrov", mention: "spokesman Ivan Petrov" });
    expect(Buffer.byteLength(JSON.stringify(toClaimItem({ ...claim, title: "A headline of ordinary length for a news story" }, "0062E99A88DC407D48")))).toBeLessThan(1024);
  });
});
