import { describe, expect, it } from "vitest";
import { limitClaims } from "../../lambdas/store/claim-limit.ts";

const claim = (start: number, confidence: number) => ({ id: `c${start}`, contentStart: start, contentEnd: start + 5, confidence });

describe("limitClaims", () => {
  it("keeps everything, in text order, under the limit", () => {
    expect(limitClaims([claim(30, 0.5), claim(10, 0.9)], 5)).toEqual({ kept: [claim(10, 0.9), claim(30, 0.5)], dropped: 0 });
  });

  it("a prose claim after thousands of weak ones early in the text is kept", () => {
    const noise = Array.from({ length: 2_500 }, (_, i) => claim(i * 10, 0.35));
    const prose = claim(1_000_000, 0.9);
    const { kept, dropped } = limitClaims([...noise, prose], 2_000);
    expect(kept).toHaveLength(2_000);
    expect(dropped).toBe(501);
    expect(kept.at(-1)).toEqual(prose);
    // Among equals, the earlier ones stay, still in text order.
    expect(kept.slice(0, -1).map((c) => c.contentStart)).toEqual(noise.slice(0, 1_999).map((c) => c.contentStart));
  });

  it("with equal confidence keeps the first claims of the text", () => {
    const all = Array.from({ length: 10 }, (_, i) => claim(90 - i * 10, 0.8));
    expect(limitClaims(all, 3).kept.map((c) => c.contentStart)).toEqual([0, 10, 20]);
  });
});
