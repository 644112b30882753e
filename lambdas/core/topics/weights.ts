import type { Taxonomy } from "./taxonomy.ts";
import { isStopKey, keysOf } from "./text.ts";

/** How much one mention in each part of the taxonomy counts towards a term's topic evidence. */
export const SOURCE_WEIGHTS: SourceWeights = {
  topicLabel: 4,
  topicDefinition: 1,
  conceptLabel: 2,
  conceptDefinition: 0.2,
  rule: 2,
  keyword: 10,
};

export interface SourceWeights {
  topicLabel: number;
  topicDefinition: number;
  conceptLabel: number;
  conceptDefinition: number;
  rule: number;
  keyword: number;
}

export interface TermTableOptions {
  sourceWeights?: Partial<SourceWeights>;
  /**
   * 0..1: how far each topic's total evidence is evened out before terms are shared between topics.
   * Without it, a topic with hundreds of concepts (sport, economy) claims a share of every common word.
   */
  topicBalance?: number;
}

export const DEFAULT_TOPIC_BALANCE = 0.5;

/** Weight of each word of a multi-word entry, relative to the entry itself. */
export const PHRASE_WORD_SHARE = 0.1;

/** Longest phrase (in words) looked up in text; longer vocabulary phrases are ignored. */
export const MAX_PHRASE_WORDS = 4;

/**
 * Term → per-topic weight. Built once per taxonomy; classifying a text is then one map look-up per
 * word (and per n-gram starting at a word that begins some phrase), never a pattern per keyword.
 */
export interface TermTable {
  readonly topics: readonly string[];
  /** Single-word keys. */
  readonly words: ReadonlyMap<string, Float64Array>;
  /** Multi-word keys joined by one space. */
  readonly phrases: ReadonlyMap<string, Float64Array>;
}

/**
 * Turns raw evidence (how often a term appears in each topic's labels, definitions, rules and keyword
 * lists) into weights: a term's share of its evidence in a topic, scaled by how much evidence there is
 * (square root) and by how few topics use it (an IDF over topics). "goalkeeper" ends up almost entirely sport;
 * "government", used by many topics' definitions, ends up weak everywhere.
 */
export function buildTermTable(taxonomy: Taxonomy, options: TermTableOptions = {}): TermTable {
  const sourceWeight = { ...SOURCE_WEIGHTS, ...options.sourceWeights };
  const balance = options.topicBalance ?? DEFAULT_TOPIC_BALANCE;
  const topics = taxonomy.topics.map((t) => t.slug);
  const index = new Map(topics.map((slug, i) => [slug, i]));
  // Plain arrays while counting: thousands of tiny typed arrays are slow to allocate at cold start.
  const evidence = new Map<string, number[]>();
  const exclusions: Array<{ key: string; topic: number; words: string[] }> = [];

  const add = (text: string, slug: string, weight: number, asPhrase: boolean): void => {
    const t = index.get(slug);
    if (t === undefined) return;
    const keys = keysOf(text);
    if (keys.length === 0) return;
    const addKey = (key: string, w: number): void => {
      if (w <= 0) return;
      let row = evidence.get(key);
      if (!row) evidence.set(key, (row = new Array<number>(topics.length).fill(0)));
      row[t]! += w;
    };
    // A multi-word entry counts fully as the phrase it is, and only a little for each of its words:
    // "American football" is sport, "American" is not.
    const isPhrase = asPhrase && keys.length > 1 && keys.length <= MAX_PHRASE_WORDS;
    const wordWeight = isPhrase ? weight * PHRASE_WORD_SHARE : weight;
    for (const k of keys) if (!isStopKey(k)) addKey(k, wordWeight);
    if (isPhrase) addKey(keys.join(" "), weight);
  };

  for (const topic of taxonomy.topics) {
    for (const part of topic.label.split(/,| and /)) add(part, topic.slug, sourceWeight.topicLabel, true);
    add(topic.definition ?? "", topic.slug, sourceWeight.topicDefinition, false);
  }
  for (const c of taxonomy.concepts ?? []) {
    add(c.label, c.top, sourceWeight.conceptLabel, true);
    add(c.definition ?? "", c.top, sourceWeight.conceptDefinition, false);
  }
  for (const r of taxonomy.rules ?? []) {
    for (const w of [...(r.words ?? []), ...(r.phrases ?? [])]) add(w, r.top, sourceWeight.rule, true);
    const ruleWords = new Set((r.words ?? []).flatMap(keysOf));
    const t = index.get(r.top);
    for (const ex of r.exclude ?? []) {
      const keys = keysOf(ex);
      const shared = keys.filter((k) => ruleWords.has(k));
      if (t !== undefined && keys.length > 1 && keys.length <= MAX_PHRASE_WORDS && shared.length > 0) {
        exclusions.push({ key: keys.join(" "), topic: t, words: shared });
      }
    }
  }
  for (const [slug, words] of Object.entries(taxonomy.keywords ?? {})) {
    for (const w of words) add(w, slug, sourceWeight.keyword, true);
  }

  const n = topics.length;
  // Even out topic sizes: sport and economy have ten times the concepts of weather.
  const topicMass = new Float64Array(n);
  for (const row of evidence.values()) for (let t = 0; t < n; t++) topicMass[t]! += row[t]!;
  const meanMass = topicMass.reduce((a, b) => a + b, 0) / n;
  const evenOut = topicMass.map((m) => (m > 0 ? (meanMass / m) ** balance : 1));
  for (const row of evidence.values()) for (let t = 0; t < n; t++) row[t]! *= evenOut[t]!;
  const words = new Map<string, Float64Array>();
  const phrases = new Map<string, Float64Array>();
  for (const [key, row] of evidence) {
    let total = 0;
    let df = 0;
    for (const v of row) {
      total += v;
      if (v > 0) df++;
    }
    const scale = Math.sqrt(total) * Math.log(1 + n / df);
    const weights = new Float64Array(n);
    for (let t = 0; t < n; t++) weights[t] = (row[t]! / total) * scale;
    (key.includes(" ") ? phrases : words).set(key, weights);
  }
  // An exclusion phrase ("Islamic State") takes back what its rule words gave the rule's topic.
  for (const ex of exclusions) {
    let row = phrases.get(ex.key);
    if (!row) phrases.set(ex.key, (row = new Float64Array(n)));
    for (const w of ex.words) row[ex.topic]! -= words.get(w)?.[ex.topic] ?? 0;
  }
  return { topics, words, phrases };
}
