import { describe, expect, it } from "vitest";
import { articleScopedId } from "../../lambdas/core/ids.ts";
import {
  fallbackIds,
  followAliases,
  isIndexablePerson,
  linkClaim,
  matchPartialName,
  partialSurnames,
  surnameToken,
  unlinkClaim,
  type AliasTarget,
  type KnownSpeaker,
  type LinkContext,
} from "../../lambdas/store/speaker-links.ts";
import type { StoredClaim } from "../../lambdas/store/types.ts";
import { storedClaim } from "../support/claims.ts";

const KEY = "news/b.txt";
const text = "“We are ready,” Mr Blair said.";
const person = (speakerId: string, speaker: string): KnownSpeaker => ({ speakerId, speaker, speakerType: "person" });
const tony = person("tony-blair", "Tony Blair");
const cherie = person("cherie-blair", "Cherie Blair");

/** The extractor's "Mr Blair": a person named only by surname. */
function partialBlair(overrides: Partial<StoredClaim> = {}): StoredClaim {
  return { ...storedClaim(KEY, text, { content: "We are ready", speaker: "Blair", mention: "Mr Blair" }), speakerPartial: true, ...overrides };
}

function context(opts: { people?: KnownSpeaker[]; aliases?: [string, AliasTarget][]; split?: string[] } = {}): LinkContext {
  const people = new Map<string, KnownSpeaker[]>();
  for (const p of opts.people ?? []) people.set(surnameToken(p.speakerId), [...(people.get(surnameToken(p.speakerId)) ?? []), p]);
  return { articleKey: KEY, aliases: new Map(opts.aliases ?? []), split: new Set(opts.split ?? []), people };
}

describe("surname tokens and indexable people", () => {
  it.each([
    ["tony-blair", "blair"],
    ["ursula-von-der-leyen", "leyen"],
    ["blair", "blair"],
    ["blair--1a2b3c4d", "blair"],
  ])("%s is indexed under %s", (id, token) => expect(surnameToken(id)).toBe(token));

  it.each([
    [{ speakerId: "tony-blair", speakerType: "person" as const }, true],
    [{ speakerId: "blair", speakerType: "person" as const }, false],
    [{ speakerId: "tony-blair", speakerType: "person" as const, speakerPartial: true }, false],
    [{ speakerId: "tony-blair--1a2b3c4d", speakerType: "person" as const }, false],
    [{ speakerId: "acme-sports", speakerType: "organization" as const }, false],
  ])("%o indexable: %s", (c, expected) => expect(isIndexablePerson(c)).toBe(expected));
});

describe("matching a partial name", () => {
  it("links to the one known person whose name ends with it", () => {
    expect(matchPartialName("blair", [tony], new Map())).toEqual(tony);
  });

  it("does not link when two people match, or when the match is not a person", () => {
    expect(matchPartialName("blair", [tony, cherie], new Map())).toBeUndefined();
    expect(matchPartialName("blair", [{ speakerId: "blair-group", speaker: "Blair Group", speakerType: "organization" }], new Map())).toBeUndefined();
    expect(matchPartialName("blair", [{ speakerId: "tony-blair-foundation", speaker: "x", speakerType: "person" }], new Map())).toBeUndefined();
  });

  it("counts two ids merged into one person once", () => {
    const anthony = person("anthony-blair", "Anthony Blair");
    expect(matchPartialName("blair", [tony, anthony], new Map([["tony-blair", anthony]]))).toEqual(anthony);
  });

  it("matches multi-word surnames on their whole slug", () => {
    const ursula = person("ursula-von-der-leyen", "Ursula von der Leyen");
    expect(matchPartialName("von-der-leyen", [ursula], new Map())).toEqual(ursula);
    expect(matchPartialName("der-leyen", [person("ursula-von-der-leyen", "U")], new Map())).toBeDefined();
    expect(matchPartialName("leyen", [person("ursula-vonleyen", "U")], new Map())).toBeUndefined();
  });
});

describe("following merges", () => {
  it("follows a chain to its end and stops at a cycle", () => {
    const aliases = new Map<string, AliasTarget>([
      ["a", person("b", "B")],
      ["b", person("c", "C")],
    ]);
    expect(followAliases("a", aliases)?.speakerId).toBe("c");
    expect(followAliases("c", aliases)).toBeUndefined();
    const cycle = new Map<string, AliasTarget>([
      ["a", person("b", "B")],
      ["b", person("a", "A")],
    ]);
    expect(followAliases("a", cycle)?.speakerId).toBe("b");
  });
});

describe("linking a claim", () => {
  it("links a partial name to the one known person, keeping the extractor's speaker", () => {
    const linked = linkClaim(partialBlair(), context({ people: [tony] }));
    expect(linked).toMatchObject({ speakerId: "tony-blair", speaker: "Tony Blair", speakerScope: "global", speakerMention: "Mr Blair" });
    expect(linked.speakerLink).toEqual({ by: ["surname"], speakerId: "blair", speaker: "Blair", speakerType: "person", speakerScope: "global" });
    expect(unlinkClaim(linked)).toEqual(partialBlair());
  });

  it("keeps an ambiguous or unknown partial name in its article", () => {
    for (const people of [[tony, cherie], []]) {
      const linked = linkClaim(partialBlair(), context({ people }));
      expect(linked).toMatchObject({ speakerId: articleScopedId("blair", KEY), speaker: "Blair", speakerScope: "article" });
      expect(linked.speakerLink?.by).toEqual(["article"]);
    }
  });

  it("leaves a claim that is neither partial, merged nor split exactly as it was", () => {
    const c = storedClaim(KEY, text, { content: "We are ready", speaker: "Tony Blair" });
    expect(linkClaim(c, context({ people: [cherie] }))).toBe(c);
  });

  it("puts an article-scoped speaker the extractor gave without a scoped id into its article", () => {
    const c = { ...storedClaim(KEY, text, { content: "We are ready", speaker: "a spokesman", speakerType: "anonymous" }), speakerScope: "article" as const };
    expect(linkClaim(c, context())).toMatchObject({ speakerId: articleScopedId("a-spokesman", KEY), speakerScope: "article" });
  });

  it("applies a merge of the extractor's id before any surname link", () => {
    const linked = linkClaim(partialBlair(), context({ people: [tony], aliases: [["blair", cherie]] }));
    expect(linked).toMatchObject({ speakerId: "cherie-blair", speakerLink: { by: ["merge"] } });
  });

  it("applies a merge of the article-scoped id a partial name falls back to", () => {
    const scoped = articleScopedId("blair", KEY);
    const linked = linkClaim(partialBlair(), context({ people: [tony, cherie], aliases: [[scoped, cherie]] }));
    expect(linked).toMatchObject({ speakerId: "cherie-blair", speaker: "Cherie Blair", speakerScope: "global", speakerLink: { by: ["article", "merge"] } });
  });

  it("splits a wrong link back into the article, where a merge can move it to the right person", () => {
    const split = linkClaim(partialBlair(), context({ people: [tony], split: ["tony-blair"] }));
    expect(split).toMatchObject({ speakerId: articleScopedId("blair", KEY), speaker: "Blair", speakerScope: "article", speakerLink: { by: ["surname", "split"] } });
    const moved = linkClaim(partialBlair(), context({ people: [tony], split: ["tony-blair"], aliases: [[articleScopedId("blair", KEY), cherie]] }));
    expect(moved).toMatchObject({ speakerId: "cherie-blair", speakerLink: { by: ["surname", "split", "merge"] } });
  });

  it("splits a full name and a merged id too", () => {
    const full = storedClaim(KEY, text, { content: "We are ready", speaker: "Tony Blair" });
    expect(linkClaim(full, context({ split: ["tony-blair"] }))).toMatchObject({ speakerId: articleScopedId("tony-blair", KEY), speaker: "Tony Blair" });
    expect(linkClaim(full, context({ aliases: [["tony-blair", cherie]], split: ["cherie-blair"] }))).toMatchObject({ speakerId: articleScopedId("tony-blair", KEY) });
  });

  it("lists what the link must read: partial surnames and fallback ids", () => {
    const claims = [partialBlair(), storedClaim(KEY, text, { content: "We are ready", speaker: "Tony Blair" })];
    expect(partialSurnames(claims)).toEqual(["blair"]);
    expect(fallbackIds(claims, KEY, false)).toEqual([articleScopedId("blair", KEY)]);
    expect(fallbackIds(claims, KEY, true)).toEqual([articleScopedId("blair", KEY), articleScopedId("tony-blair", KEY)]);
  });
});
