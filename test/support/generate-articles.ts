/**
 * Synthetic news articles for load and fault tests, from this file's own templates: direct quotes in
 * both orders, reported speech, "according to" attributions and plain narrative, over a large cast of
 * invented speakers in which a few are very prolific (Zipf-like), with lengths from a paragraph to tens
 * of kilobytes. Seeded, so a run can be repeated exactly.
 *
 *   const articles = generateArticles({ count: 200, seed: 1 });   // [{ key, text, speakers }]
 */

export interface GeneratedArticle {
  /** An S3 key: `<prefix>/<desk>/<nnnnn>-<slug>.txt`. */
  key: string;
  text: string;
  /** Canonical names of the people quoted in the text (those the templates name in full). */
  speakers: string[];
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  prefix?: string;
  /** Distinct invented people; the first few are the prolific ones. */
  castSize?: number;
  /**
   * Sentences per article, drawn uniformly from [min, max]. Without it lengths are skewed the way a
   * feed's are: mostly short, now and then a long read.
   */
  sentences?: readonly [min: number, max: number];
}

const FIRST = ["Maria", "Thomas", "Helen", "Rajesh", "Lucy", "Pavel", "Amina", "Daniel", "Sofia", "Kwame", "Ingrid", "Mateo", "Yuki", "Farah", "Oskar", "Leila", "Tobias", "Noor", "Elena", "Samuel", "Priya", "Viktor", "Grace", "Hugo"];
const LAST = ["Delgado", "Okafor", "Brandt", "Iyer", "Harrow", "Novak", "Yusuf", "Reyes", "Lindgren", "Mensah", "Castell", "Varga", "Tanaka", "Haddad", "Wester", "Moreau", "Kowalski", "Achebe", "Fontaine", "Rasmussen", "Quintero", "Sato", "Abernathy", "Ferreira"];
const ROLES = ["the finance minister", "the mayor", "a senior economist", "the union's general secretary", "the opposition leader", "a ministry spokesman", "the health commissioner", "the head coach", "the chief executive", "the police chief", "a climate scientist", "the court's president"];
const ORGS = ["the Interior Ministry", "the city council", "the electoral commission", "the central bank", "the football federation", "the port authority", "the national weather service", "the teachers' union"];
const DESKS = ["politics", "business", "sport", "health", "science", "weather", "crime", "culture"];
const SUBJECTS = [
  ["the budget", "taxes would not rise next year", "the deficit was under control"],
  ["the new stadium", "construction would finish before the season", "the costs had doubled since the spring"],
  ["the hospital strike", "talks would resume on Monday", "wards were running short of nurses"],
  ["the election", "turnout had reached a record", "the count would take two more days"],
  ["the flood defences", "the barrier had held overnight", "more funding was needed for the coast"],
  ["the vaccine programme", "every school would be visited by June", "supplies were arriving on time"],
  ["the rail timetable", "fares would be frozen until January", "the new trains were late again"],
  ["the museum reopening", "the collection would be free to visit", "the roof repairs had gone over budget"],
  ["the transfer window", "the club had no money to spend", "two players had asked to leave"],
  ["the harbour expansion", "the dredging would start in autumn", "fishermen had not been consulted"],
] as const;
const SAY = ["said", "told reporters", "added", "warned", "insisted", "claimed", "argued", "said on Tuesday"];
const FILLER = [
  "The announcement came after weeks of speculation.",
  "Officials met behind closed doors on Tuesday evening.",
  "Critics have questioned the timing of the decision.",
  "The figures will be published in full next month.",
  "Several hundred people gathered outside the building.",
  "Markets reacted calmly to the news.",
  "The meeting ended without a vote.",
  "Rain delayed the start of the ceremony by an hour.",
];

export function generateArticles(opts: GenerateOptions): GeneratedArticle[] {
  const random = mulberry32(opts.seed ?? 1);
  const cast = castOf(opts.castSize ?? 400);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Zipf-like: person i is chosen with weight 1/(i+1), so the first few dominate.
  const weights = cast.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const person = () => {
    let r = random() * total;
    for (let i = 0; i < cast.length; i++) if ((r -= weights[i]!) <= 0) return cast[i]!;
    return cast[cast.length - 1]!;
  };
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

  return Array.from({ length: opts.count }, (_, n) => {
    const [subject, claimA, claimB] = pick(SUBJECTS);
    const speakers = new Set<string>();
    // Mostly short and medium articles; one in fifty is a long read of up to ~400 sentences.
    const sentences = opts.sentences
      ? opts.sentences[0] + Math.floor(random() * (opts.sentences[1] - opts.sentences[0] + 1))
      : random() < 0.02 ? 150 + Math.floor(random() * 250) : 2 + Math.floor(random() ** 4 * 120);
    const lines = [`Row over ${subject} deepens`];
    for (let s = 0; s < sentences; s++) {
      const p = person();
      const verb = pick(SAY);
      const templates = [
        () => (speakers.add(p.name), `"We have been clear that ${claimA}," ${p.name}, ${p.role}, ${verb}.`),
        () => (speakers.add(p.name), `${p.name} ${verb} that ${claimB}.`),
        () => `${cap(claimB)}, according to ${pick(ORGS)}.`,
        () => (speakers.add(p.name), `"Nobody expected this," ${p.name} ${verb}. "But ${claimA}, and we will say so again."`),
        () => (speakers.add(p.name), `${p.name}, ${p.role}, said ${claimA}.`),
        () => pick(FILLER),
        () => pick(FILLER),
      ];
      lines.push(pick(templates)());
    }
    const desk = pick(DESKS);
    const key = `${opts.prefix ?? "generated"}/${desk}/${String(n).padStart(5, "0")}-${slug(subject)}.txt`;
    return { key, text: lines.join(random() < 0.5 ? "\n\n" : " "), speakers: [...speakers] };
  });
}

interface Person {
  name: string;
  role: string;
}

/** FIRST x LAST gives 576 distinct names; the order is fixed so the prolific few are the same every run. */
function castOf(size: number): Person[] {
  const people: Person[] = [];
  for (let i = 0; people.length < Math.min(size, FIRST.length * LAST.length); i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i + Math.floor(i / LAST.length)) % LAST.length]!;
    people.push({ name: `${first} ${last}`, role: ROLES[i % ROLES.length]! });
  }
  return people;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** A small seeded PRNG: reproducible articles without a dependency. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
