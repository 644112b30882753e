import { phrasePrefixesOf, type TermTable } from "./weights.ts";

/**
 * A term table as JSON, so the bundled taxonomy's table is computed at build time rather than on a
 * Lambda's first article. Weights are sparse (most terms belong to one or two topics) and kept at full
 * double precision, so a decoded table classifies exactly as a freshly built one.
 */
export interface TermTableData {
  format: 1;
  /** How the table was made, for whoever opens the file. */
  source: string;
  topics: string[];
  fallbackTopic?: string;
  /** Term keys (phrases joined by one space), in the order of `weights`. */
  terms: string[];
  /** Per term: topic index, weight, topic index, weight, ... for each non-zero weight. */
  weights: number[][];
}

export function encodeTermTable(table: TermTable, fallbackTopic: string | undefined, source: string): TermTableData {
  const terms: string[] = [];
  const weights: number[][] = [];
  for (const map of [table.words, table.phrases]) {
    for (const [key, row] of map) {
      const pairs: number[] = [];
      row.forEach((w, t) => {
        if (w !== 0) pairs.push(t, w);
      });
      terms.push(key);
      weights.push(pairs);
    }
  }
  return { format: 1, source, topics: [...table.topics], ...(fallbackTopic ? { fallbackTopic } : {}), terms, weights };
}

export function decodeTermTable(data: TermTableData): TermTable {
  const n = data.topics.length;
  const words = new Map<string, Float64Array>();
  const phrases = new Map<string, Float64Array>();
  // One backing store for all rows: thousands of separately allocated typed arrays cost more to create.
  const all = new Float64Array(data.terms.length * n);
  data.terms.forEach((key, i) => {
    const row = new Float64Array(all.buffer, i * n * Float64Array.BYTES_PER_ELEMENT, n);
    const pairs = data.weights[i]!;
    for (let p = 0; p < pairs.length; p += 2) row[pairs[p]!] = pairs[p + 1]!;
    (key.includes(" ") ? phrases : words).set(key, row);
  });
  return { topics: data.topics, words, phrases, phrasePrefixes: phrasePrefixesOf(phrases.keys()) };
}
