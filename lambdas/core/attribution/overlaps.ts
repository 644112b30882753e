/**
 * Where attributions overlap: reported speech is cut where a coordinated attribution begins inside
 * it, and of two candidates for one stretch of text the outer or the stronger rule wins.
 */
import type { Token } from "../text/tokenize.ts";
import type { Attribution, RuleId } from "./context.ts";

export function truncateAtInnerAttributions(all: Attribution[], tokens: Token[]): void {
  // Where each attribution begins: at its speaker when the speaker stands right before the cue,
  // else at the cue ("X did Y and warned Z", "..., arguing that").
  const starts = all
    .map((a) => (a.speaker && a.speaker.end <= a.cue[0] && adjacentWords(tokens, a.speaker.end, a.cue[0]) ? a.speaker.start : a.cue[0]))
    .sort((x, y) => x - y);
  for (const a of all) {
    if (a.rule !== "indirect" && a.rule !== "according-to") continue;
    const [cs, ce] = a.content;
    // First attribution start strictly inside the content, past its first two tokens.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < cs + 2) lo = mid + 1;
      else hi = mid;
    }
    const inner = starts[lo];
    if (inner === undefined || inner >= ce) continue;
    // Only a coordinated or appended attribution ends this one ("X did Y and said Z", "Y, Z said");
    // one nested inside it ("he says he raised $18 million") is part of what was reported.
    const joiner = tokens[inner - 1];
    // A closing quote after a comma joins too: `... “expanded the party,” claiming that ...`.
    const commaQuote = joiner?.type === "quote" && tokens[inner - 2]?.text === ",";
    if (!joiner || !(commaQuote || joiner.text === "," || joiner.text === ";" || ["and", "but", "while"].includes(joiner.lower))) continue;
    let end = inner;
    // Drop the "and" / "," that joined the two attributions.
    while (end > cs + 1 && (tokens[end - 1]!.type !== "word" || ["and", "but", "while", "as"].includes(tokens[end - 1]!.lower)) && tokens[end - 1]!.type !== "quote") end--;
    a.content = [cs, end];
  }
}
/** Overlapping candidates: keep the one with the stronger rule. */
export function dedupe(all: Attribution[]): Attribution[] {
  const rank: Record<RuleId, number> = { "quote-after": 5, "quote-before": 5, "colon-block": 5, transcript: 5, signature: 5, "according-to": 4, indirect: 3, headline: 3, postposed: 2, parenthetical: 2, continuation: 1 };
  const sorted = all.slice().sort((a, b) => a.content[0] - b.content[0] || b.content[1] - a.content[1]);
  const kept: Attribution[] = [];
  for (const a of sorted) {
    // Candidates are sorted by start, so any clash is among the last few kept.
    const from = Math.max(0, kept.length - 8);
    const clashIn = kept.slice(from).findIndex((b) => overlap(a.content, b.content) > 0.6 * Math.min(a.content[1] - a.content[0], b.content[1] - b.content[0]));
    const clash = clashIn < 0 ? -1 : from + clashIn;
    const b = kept[clash];
    if (!b) kept.push(a);
    // The attribution whose cue sits inside the other's content is the nested one: the outer
    // attribution ("..., Schiff said.") owns the sentence.
    else if (outerOf(a, b)) kept[clash] = a;
    else if (outerOf(b, a)) continue;
    else if (rank[a.rule] > rank[b.rule]) kept[clash] = a;
  }
  return kept;
}

/** At most three words and no punctuation between two positions ("he has also said"). */
function adjacentWords(tokens: Token[], from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let k = from; k < to; k++) if (tokens[k]!.type !== "word") return false;
  return true;
}
const inside = (cue: [number, number], content: [number, number]) => cue[0] >= content[0] && cue[1] <= content[1];
/** outer reports what inner says, and inner is reported speech rather than a quotation or a source note. */
const outerOf = (outer: Attribution, inner: Attribution) =>
  (outer.rule === "postposed" || outer.rule === "indirect" || outer.rule === "according-to") &&
  (inner.rule === "indirect" || (inner.rule === "quote-before" && 2 * (inner.content[1] - inner.content[0]) < outer.content[1] - outer.content[0])) &&
  inside(inner.cue, outer.content) &&
  !inside(outer.cue, inner.content);
const overlap = (a: [number, number], b: [number, number]) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));


