/**
 * A claim's similarity signature: a bottom-k MinHash sketch of its word bigrams (docs/repeated-claims.md
 * explains the choice and the parameters).
 *
 * One 32-bit hash function orders every bigram; the sketch keeps the K smallest values. For a claim
 * of up to K bigrams (K + 1 words: most claims) the sketch is the whole set, so comparisons are exact;
 * for longer ones it is a uniform sample, and the Jaccard similarity of two claims is estimated from
 * the K smallest values of the union of their sketches (Broder 1997; Cohen & Kaplan 2007).
 *
 * Lookup costs one index entry per claim: a claim is filed under its smallest value (its `key`), and
 * a new claim probes the keys of its PROBES smallest values. A claim B finds an earlier claim A when
 * A's smallest bigram is among B's PROBES smallest, which happens with probability about
 * |A ∩ B| / |A| for near-duplicates: high for reworded or shortened reports, zero for unrelated ones.
 */
import { statementWords } from "./normalize.ts";

/** Bigrams kept per sketch. */
export const SKETCH_SIZE = 32;
/** Smallest values a new claim looks up. */
export const PROBES = 4;

export interface Sketch {
  /** The K smallest bigram hashes, ascending, distinct. */
  values: number[];
  /** Distinct bigrams of the claim (may exceed values.length). */
  size: number;
}

/** murmur3's 32-bit finalizer over FNV-1a: FNV alone orders similar strings too alike for a MinHash. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function shingles(words: readonly string[]): string[] {
  if (words.length === 1) return [words[0]!];
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return [...out];
}

export function sketchOf(text: string): Sketch {
  const hashes = [...new Set(shingles(statementWords(text)).map(hash32))].sort((a, b) => a - b);
  return { values: hashes.slice(0, SKETCH_SIZE), size: hashes.length };
}

/** Where the claim is filed: its smallest bigram hash (undefined for an empty text). */
export const sketchKey = (s: Sketch): number | undefined => s.values[0];
/** The keys a new claim looks up. */
export const sketchProbes = (s: Sketch): number[] => s.values.slice(0, PROBES);

export interface Overlap {
  /** Estimated Jaccard similarity of the two bigram sets. */
  jaccard: number;
  /** Estimated share of the smaller set found in the larger. */
  containment: number;
}

export function overlap(a: Sketch, b: Sketch): Overlap {
  if (a.size === 0 || b.size === 0) return { jaccard: 0, containment: 0 };
  const inB = new Set(b.values);
  const inA = new Set(a.values);
  // The K smallest of the union, limited to what both sketches can vouch for: below the larger of
  // their largest kept values when a sketch is cut, everything otherwise.
  const cutA = a.size > a.values.length ? a.values[a.values.length - 1]! : Infinity;
  const cutB = b.size > b.values.length ? b.values[b.values.length - 1]! : Infinity;
  const limit = Math.min(cutA, cutB);
  const union = [...new Set([...a.values, ...b.values])].filter((v) => v <= limit).sort((x, y) => x - y).slice(0, SKETCH_SIZE);
  if (union.length === 0) return { jaccard: 0, containment: 0 };
  const both = union.filter((v) => inA.has(v) && inB.has(v)).length;
  const jaccard = both / union.length;
  const containment = Math.min(1, (jaccard * (a.size + b.size)) / ((1 + jaccard) * Math.min(a.size, b.size)));
  return { jaccard, containment };
}

/** The sketch as bytes (big-endian values after a 16-bit size), for storage. */
export function encodeSketch(s: Sketch): Uint8Array {
  const bytes = new Uint8Array(2 + 4 * s.values.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, Math.min(s.size, 0xffff));
  s.values.forEach((v, i) => view.setUint32(2 + 4 * i, v));
  return bytes;
}

export function decodeSketch(bytes: Uint8Array): Sketch | undefined {
  if (bytes.length < 2 || (bytes.length - 2) % 4 !== 0 || bytes.length > 2 + 4 * SKETCH_SIZE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let i = 2; i < bytes.length; i += 4) values.push(view.getUint32(i));
  return { size: view.getUint16(0), values };
}
