/**
 * Regenerates the bundled IPTC data in lambdas/core/topics/data from the IPTC source files:
 *   npm run build:topic-data -- [DIR]   (DIR defaults to ../shared/eval/topics)
 * Keeps only what the topic classifier reads (labels, definitions, keyword rules), so the
 * Lambda bundle stays small. The output is committed; this script only documents how it was made.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface SourceTopic {
  id: string;
  slug: string;
  label: string;
  definition?: string;
  level: number;
  top: string;
}
interface SourceRule {
  id: string;
  slug: string;
  label: string;
  top: string;
  retired: string | null;
  words: string[];
  phrases: string[];
  exclude: string[];
}

const dir = process.argv[2] ?? join(import.meta.dirname, "../../shared/eval/topics");
const outDir = join(import.meta.dirname, "../lambdas/core/topics/data");

const topics = JSON.parse(readFileSync(join(dir, "iptc-mediatopics.json"), "utf8")) as SourceTopic[];
const rules = JSON.parse(readFileSync(join(dir, "iptc-extra-rules-en.json"), "utf8")) as SourceRule[];

const vocabulary = {
  source: "IPTC Media Topics NewsCodes vocabulary, https://cv.iptc.org/newscodes/mediatopic/",
  license: "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/ (c) International Press Telecommunications Council (IPTC)",
  changes: "Reduced to id, top-level topic, label and definition of each active topic; top-level topics sorted by slug.",
  topics: topics
    .filter((t) => t.level === 1)
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((t) => ({ slug: t.slug, label: t.label, definition: t.definition ?? "" })),
  concepts: topics
    .filter((t) => t.level > 1)
    .map((t) => ({ id: t.id, top: t.top, label: t.label, definition: t.definition ?? "" })),
};

const keywordRules = {
  source: "IPTC Media Topics extra rules (English), https://github.com/iptc/mediatopic-rules",
  license: "MIT, Copyright (c) 2017 IPTC",
  changes: "Reduced to top-level topic, words, phrases and exclusions of each rule; regular expressions dropped.",
  rules: rules.map((r) => ({ id: r.id, top: r.top, label: r.label, words: r.words, phrases: r.phrases, exclude: r.exclude })),
};

writeFileSync(join(outDir, "iptc-mediatopics.json"), `${JSON.stringify(vocabulary, null, 1)}\n`);
writeFileSync(join(outDir, "iptc-rules-en.json"), `${JSON.stringify(keywordRules, null, 1)}\n`);
console.log(`wrote ${vocabulary.topics.length} topics, ${vocabulary.concepts.length} concepts, ${keywordRules.rules.length} rules to ${outDir}`);
