/**
 * Speech quotes no cue claimed continue the speaker before them: the next paragraph of a quote run
 * (`"A. "B.`), the second half of a split quote (`"A," she said. "B."`), a quote-only paragraph.
 */
import type { Token } from "../text/tokenize.ts";
import { innerRange } from "../text/quotes.ts";
import type { NameRuns } from "../mentions/names.ts";
import type { Attribution, RuleContext } from "./context.ts";

const isQuoted = (a: Attribution) => a.rule === "quote-after" || a.rule === "quote-before" || a.rule === "continuation" || a.rule === "colon-block" || a.rule === "signature";

export function continuations(ctx: RuleContext, found: Attribution[]): Attribution[] {
  const { tokens, quotes, quoteOf, sentences, sentenceOf, names } = ctx;
  const covered = new Uint8Array(tokens.length);
  for (const a of found) for (let k = a.content[0]; k < a.content[1]; k++) covered[k] = 1;
  const byPos = found.slice().sort((a, b) => a.content[0] - b.content[0]);
  /** Which attribution took each quote, for the paragraphs of a quote run. */
  const ownerOf = new Map<number, Attribution>();
  quotes.forEach((q, qi) => {
    if (!q.speech) return;
    const [from, to] = innerRange(q);
    const owner = byPos.find((a) => a.content[0] < to && from < a.content[1]);
    if (owner) ownerOf.set(qi, owner);
  });
  const extra: Attribution[] = [];
  quotes.forEach((q, qi) => {
    if (!q.speech || q.openless || ownerOf.has(qi)) return;
    const [from, to] = innerRange(q);
    if (covered[from] || covered[to - 1]) return;
    const runOwner = q.continues >= 0 ? ownerOf.get(q.continues) : undefined;
    const prev = runOwner ?? previousSpeaker(ctx, byPos, q.open, q.words);
    if (!prev) return;
    // PolNeAR annotates a split quote (`"A," she said. "B."`) and a quote run as one claim.
    if (ctx.opts.scheme === "polnear" && (runOwner || adjacentToAttribution(ctx, prev, q.open))) {
      prev.content = [prev.content[0], Math.max(prev.content[1], q.close + 1)];
      ownerOf.set(qi, prev);
      return;
    }
    const a: Attribution = { cue: prev.cue, speaker: prev.speaker, content: [from, to], rule: "continuation", cueStrength: 0.6 };
    extra.push(a);
    ownerOf.set(qi, a);
    insertSorted(byPos, a);
  });
  return extra;

  /** The attribution a free-standing quote continues, unless someone else took the floor since. */
  function previousSpeaker(_ctx: RuleContext, sorted: Attribution[], open: number, words: number): Attribution | undefined {
    if (words < 3) return undefined;
    let prevIdx = lastStartingBefore(sorted, open);
    if (prevIdx < 0) return undefined;
    // A clause inside the attribution sentence ("said X, who has been challenging ...") does not
    // take the floor from the quote's speaker.
    for (let k = prevIdx - 1; k >= 0 && !isQuoted(sorted[prevIdx]!); k--) {
      const cand = sorted[k]!;
      if (sentenceOf[cand.cue[0]] !== sentenceOf[sorted[prevIdx]!.cue[0]]) break;
      if (isQuoted(cand)) prevIdx = k;
    }
    const prev = sorted[prevIdx]!;
    const paraGap = tokens[open]!.para - tokens[prev.content[1] - 1]!.para;
    if (paraGap > 1 || prev.rule === "according-to" || prev.rule === "headline") return undefined;
    const attrEnd = Math.max(prev.cue[1], prev.speaker?.end ?? 0);
    // Another name between the two (outside quotes, past the attribution's own sentence, whose
    // appositive may name an employer) may have taken the floor.
    const afterAttribution = Math.max(prev.content[1], sentences[sentenceOf[Math.max(0, attrEnd - 1)]!]![1]);
    if (namedSomeoneBetween(tokens, quoteOf, afterAttribution, open, names)) return undefined;
    return prev;
  }
}

function insertSorted(sorted: Attribution[], a: Attribution): void {
  const at = lastStartingBefore(sorted, a.content[0] + 1) + 1;
  sorted.splice(at, 0, a);
}

/** Index of the last attribution (sorted by content start) whose content starts before pos. */
function lastStartingBefore(sorted: Attribution[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.content[0] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function namedSomeoneBetween(tokens: Token[], quoteOf: Int32Array, from: number, to: number, names: NameRuns): boolean {
  for (let k = from; k < to; k++) {
    if (quoteOf[k]! >= 0 || !tokens[k]!.cap) continue;
    const run = names.runAtToken(k);
    if (run && run.type === "person" && tokens[k - 1] && !/^[.!?"“”]/.test(tokens[k - 1]!.text)) return true;
  }
  return false;
}

/** Only the attribution stands between a quote and the next one: `"A," she said. "B."`. */
function adjacentToAttribution(ctx: RuleContext, prev: Attribution, open: number): boolean {
  const { tokens, sentences, sentenceOf } = ctx;
  if (prev.rule !== "quote-after" || tokens[open]!.para !== tokens[prev.content[1] - 1]!.para || prev.content[1] > prev.cue[0]) return false;
  const attrEnd = Math.max(prev.cue[1], prev.speaker?.end ?? 0);
  if (attrEnd > open) return false;
  return open - attrEnd <= 4 || (sentenceOf[open] === sentenceOf[attrEnd - 1]! + 1 && sentences[sentenceOf[open]!]![0] === open);
}
