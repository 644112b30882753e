import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { assignSwatches, PALETTE, speakerSwatch, TYPE_BADGE_COLORS } from "../../dashboard/src/lib/colors.ts";
import { SPEAKER_TYPE_LABELS } from "../../dashboard/src/lib/format.ts";
import { isArticleScoped, listScope } from "../../dashboard/src/lib/scope.ts";
import { SPEAKER_TYPES } from "../../lambdas/core/model.ts";
import { articleScopedId } from "../../lambdas/core/ids.ts";

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("speaker colours", () => {
  it.each(PALETTE.map((s) => [s.strong, s.tint]))("%s is visible on white and body text is readable on %s (WCAG AA)", (strong, tint) => {
    expect(contrast(strong, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast("#1a1d21", tint)).toBeGreaterThanOrEqual(4.5);
  });

  it("gives a speaker the same colour every time", () => {
    expect(speakerSwatch("dmitry-peskov")).toBe(speakerSwatch("dmitry-peskov"));
  });

  it("gives the speakers of one article distinct colours while the palette lasts", () => {
    const ids = Array.from({ length: PALETTE.length }, (_, i) => `speaker-${i}`);
    const assigned = assignSwatches([...ids, ids[0]!]);
    expect(assigned.size).toBe(PALETTE.length);
    expect(new Set(assigned.values()).size).toBe(PALETTE.length);
  });

  it("keeps a speaker's usual colour when nobody else in the article has it", () => {
    expect(assignSwatches(["dmitry-peskov"]).get("dmitry-peskov")).toBe(speakerSwatch("dmitry-peskov"));
  });

  it("still colours every speaker when there are more speakers than colours", () => {
    const ids = Array.from({ length: PALETTE.length * 2 + 1 }, (_, i) => `s${i}`);
    const assigned = assignSwatches(ids);
    expect(ids.every((id) => assigned.get(id) !== undefined)).toBe(true);
  });
});

describe("checkworthiness badges", () => {
  const css = readFileSync(new URL("../../dashboard/src/styles.css", import.meta.url), "utf8");
  const bands = [...css.matchAll(/\.badge-cw-(\w+) \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}/g)];

  it("styles each band", () => {
    expect(bands.map((m) => m[1]).sort()).toEqual(["high", "low", "medium"]);
  });

  it.each(bands.map((m) => [m[1], m[3], m[2]]))("%s: text %s is readable on %s (WCAG AA)", (_band, color, background) => {
    expect(contrast(color!, background!)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("speaker types and scopes", () => {
  it.each(SPEAKER_TYPES.map((t) => [t]))("%s has a label and a readable badge colour", (type) => {
    expect(SPEAKER_TYPE_LABELS[type]).toBeTruthy();
    const badge = TYPE_BADGE_COLORS[type]!;
    expect(contrast(badge.color, badge.background)).toBeGreaterThanOrEqual(4.5);
  });

  it("tells article-scoped speaker ids apart and reads the list scope from the view's query", () => {
    expect(isArticleScoped(articleScopedId("a-spokesman", "news/a.txt"))).toBe(true);
    expect(isArticleScoped("tony-blair")).toBe(false);
    expect(listScope({ scope: "all" })).toBe("all");
    expect(listScope({ scope: "everything" })).toBeUndefined();
    expect(listScope({})).toBeUndefined();
  });
});
