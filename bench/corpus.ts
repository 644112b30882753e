/**
 * The articles the benchmarks run on: the PolNeAR dev texts when the evaluation data sits beside the
 * repository (read at run time, never copied), otherwise articles generated from the test suite's own
 * templates (test/support/generate-articles.ts), so a fresh clone benchmarks the same code paths.
 */
import { readFileSync } from "node:fs";
import { generateArticles } from "../test/support/generate-articles.ts";
import { polnearDevPath } from "./paths.ts";
import { median } from "./stats.ts";

/** Sentences per generated article: the length of a news story (a few kilobytes), as the PolNeAR texts are. */
const NEWS_LENGTH = [8, 48] as const;

export interface BenchArticle {
  id: string;
  text: string;
}

export interface BenchCorpus {
  source: "polnear-dev" | "generated";
  articles: BenchArticle[];
  totalBytes: number;
}

export function loadCorpus(opts: { limit?: number } = {}): BenchCorpus {
  const path = polnearDevPath();
  const articles = path ? readPolnear(path) : generateArticles({ count: 84, seed: 7, sentences: NEWS_LENGTH }).map(({ key, text }) => ({ id: key, text }));
  const chosen = opts.limit ? articles.slice(0, opts.limit) : articles;
  return { source: path ? "polnear-dev" : "generated", articles: chosen, totalBytes: chosen.reduce((n, a) => n + utf8Bytes(a.text), 0) };
}

function readPolnear(path: string): BenchArticle[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const { id, text } = JSON.parse(line) as { id: string; text: string };
      return { id, text };
    });
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** The article of median length: what "a typical article" means in the scaling and cost figures. */
export function typicalArticle(corpus: BenchCorpus): BenchArticle {
  const lengths = corpus.articles.map((a) => a.text.length);
  const m = median(lengths);
  return corpus.articles.find((a) => a.text.length === m)!;
}

/**
 * Articles adding up to at least `bytes` UTF-8 bytes (with a paragraph break between each): `first`,
 * then whole corpus articles one after another, cycling through the corpus, so long inputs stay
 * realistic rather than one article repeated.
 */
export function articlesOfSize(corpus: BenchCorpus, bytes: number, first: BenchArticle): string[] {
  const parts = [first.text];
  let size = utf8Bytes(first.text);
  for (let i = 0; size < bytes; i++) {
    const text = corpus.articles[i % corpus.articles.length]!.text;
    parts.push(text);
    size += utf8Bytes(text) + 2;
  }
  return parts;
}

/** The articles of `articlesOfSize` as one text, each a separate paragraph. */
export const textOfSize = (corpus: BenchCorpus, bytes: number, first: BenchArticle): string => articlesOfSize(corpus, bytes, first).join("\n\n");
