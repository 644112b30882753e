/**
 * Synthetic news articles from this suite's own templates, for machines without the evaluation data:
 * direct quotes (both orders, split quotes), reported speech, "according to" attributions, pronoun
 * follow-ups and plain narrative sentences, with a deterministic generator so every run sees the same text.
 */
import type { BenchArticle } from "./corpus.ts";

const PEOPLE = [
  ["Maria Delgado", "Delgado", "the finance minister"],
  ["Thomas Okafor", "Okafor", "the mayor"],
  ["Helen Brandt", "Brandt", "a senior economist at the central bank"],
  ["Rajesh Iyer", "Iyer", "the union's general secretary"],
  ["Lucy Harrow", "Harrow", "the opposition leader"],
  ["Pavel Novak", "Novak", "a spokesman for the ministry"],
  ["Amina Yusuf", "Yusuf", "the health commissioner"],
  ["Daniel Reyes", "Reyes", "the team's head coach"],
] as const;
const ORGS = ["the Interior Ministry", "Reuters", "the city council", "the World Health Organization", "the electoral commission", "local police"];
const TOPICS: readonly (readonly [topic: string, claimA: string, claimB: string])[] = [
  ["the budget", "taxes would not rise next year", "the deficit was under control"],
  ["the new stadium", "construction would finish before the season", "the costs had doubled"],
  ["the hospital strike", "talks would resume on Monday", "wards were running short of nurses"],
  ["the election", "turnout had reached a record", "the count would take two more days"],
  ["the flood defences", "the barrier had held overnight", "more funding was needed"],
];
const SAY = ["said", "told reporters", "added", "warned", "insisted", "claimed", "argued"];
const FILLER = [
  "The announcement came after weeks of speculation.",
  "Officials met behind closed doors on Tuesday evening.",
  "Critics have questioned the timing of the decision.",
  "The figures will be published in full next month.",
  "Several hundred people gathered outside the building.",
  "Markets reacted calmly to the news.",
];

export function generateArticles(count: number, seed = 7): BenchArticle[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const articles: BenchArticle[] = [];
  for (let n = 0; n < count; n++) {
    const [topic, claimA, claimB] = pick(TOPICS);
    const paragraphs = [`Row over ${topic} deepens as officials trade accusations`];
    const sentences = 8 + Math.floor(random() * 40);
    for (let s = 0; s < sentences; s++) {
      const [name, surname, role] = pick(PEOPLE);
      const verb = pick(SAY);
      const line = [
        () => `"We have been clear that ${claimA}," ${name}, ${role}, ${verb}.`,
        () => `${name} ${verb} that ${claimB}.`,
        () => `${claimB[0]!.toUpperCase()}${claimB.slice(1)}, according to ${pick(ORGS)}.`,
        () => `"Nobody expected this," ${surname} ${verb}. "But ${claimA}, and we will say so again."`,
        () => `${surname} ${verb} on Friday. She said ${claimA} and that the plan was final.`,
        () => `${role[0]!.toUpperCase()}${role.slice(1)} ${verb}: "${claimB[0]!.toUpperCase()}${claimB.slice(1)}."`,
        () => pick(FILLER),
        () => pick(FILLER),
      ];
      paragraphs.push(pick(line)());
    }
    articles.push({ id: `generated-${n}`, text: paragraphs.join("\n\n") });
  }
  return articles;
}

/** A tiny seeded PRNG: reproducible articles without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
