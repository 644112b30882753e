import { Buffer } from "node:buffer";
import type { TermTable } from "./weights.ts";

/**
 * A term table as plain data, so the bundled taxonomy's table is computed at build time rather than on
 * a Lambda's first article. Weights are sparse (most terms belong to one or two topics) and kept at
 * full double precision, so a decoded table classifies exactly as a freshly built one. Both lists are
 * packed into one string each: a cold start then decodes two strings natively instead of parsing
 * thousands of small arrays and numbers.
 */
export interface TermTableData {
  format: 2;
  /** How the table was made, for whoever opens the file. */
  source: string;
  topics: string[];
  fallbackTopic?: string;
  /** Term keys (phrases joined by one space), one per line, in the order of the weights. */
  terms: string;
  /**
   * Base64 of the non-zero weights: every weight as a little-endian float64, then every weight's topic
   * index (one byte), then each term's count of weights (one byte), terms in order.
   */
  weights: string;
}

export function encodeTermTable(table: TermTable, fallbackTopic: string | undefined, source: string): TermTableData {
  if (table.topics.length > 255) throw new Error("a term table packs topic indexes in one byte: at most 255 topics");
  const terms: string[] = [];
  const values: number[] = [];
  const topicIndexes: number[] = [];
  const counts: number[] = [];
  for (const map of [table.words, table.phrases]) {
    for (const [key, row] of map) {
      if (key.includes("\n")) throw new Error(`term ${JSON.stringify(key)} contains a line break`);
      let count = 0;
      row.forEach((w, t) => {
        if (w === 0) return;
        values.push(w);
        topicIndexes.push(t);
        count++;
      });
      if (count > 255) throw new Error(`term ${JSON.stringify(key)} has more than 255 weights`);
      terms.push(key);
      counts.push(count);
    }
  }
  const bytes = Buffer.alloc(values.length * 9 + counts.length);
  values.forEach((w, i) => bytes.writeDoubleLE(w, i * 8));
  bytes.set(topicIndexes, values.length * 8);
  bytes.set(counts, values.length * 9);
  return { format: 2, source, topics: [...table.topics], ...(fallbackTopic ? { fallbackTopic } : {}), terms: terms.join("\n"), weights: bytes.toString("base64") };
}

export function decodeTermTable(data: TermTableData): TermTable {
  const n = data.topics.length;
  const keys = data.terms === "" ? [] : data.terms.split("\n");
  // A copy at offset 0, so the float64s can be read in place (Buffer.from may hand out a pooled slice).
  const bytes = new Uint8Array(Buffer.from(data.weights, "base64"));
  const pairs = (bytes.length - keys.length) / 9;
  if (!Number.isInteger(pairs)) throw new Error("term table weights do not match its terms");
  const values = new Float64Array(bytes.buffer, 0, pairs);
  const topicIndexes = bytes.subarray(pairs * 8, pairs * 9);
  const counts = bytes.subarray(pairs * 9);
  const words = new Map<string, Float64Array>();
  const phrases = new Map<string, Float64Array>();
  // One backing store for all rows: thousands of separately allocated typed arrays cost more to create.
  const all = new Float64Array(keys.length * n);
  let p = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const row = new Float64Array(all.buffer, i * n * Float64Array.BYTES_PER_ELEMENT, n);
    for (const end = p + counts[i]!; p < end; p++) row[topicIndexes[p]!] = values[p]!;
    (key.includes(" ") ? phrases : words).set(key, row);
  }
  if (p !== pairs) throw new Error("term table weights do not match its terms");
  return { topics: data.topics, words, phrases };
}
