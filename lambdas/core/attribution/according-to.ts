/** `according to X, CLAUSE` and `CLAUSE, according to X`: the according-to rule. */
import { nounPhraseEndingAt, type Span } from "../mentions/phrases.ts";
import { isWord, sentenceOfToken, trimEnd, wordCount, type Attribution, type RuleContext } from "./context.ts";

export function accordingTo(ctx: RuleContext, i: number): Attribution | undefined {
  const { tokens, names } = ctx;
  const [sStart, sEnd] = sentenceOfToken(ctx, i);
  // "according to (a report by / a statement from) X"
  const k = i + 2;
  let npEnd = k;
  while (npEnd < sEnd && isWord(tokens[npEnd]) && npEnd - k < 12) npEnd++;
  if (npEnd === k) return undefined;
  const np = nounPhraseEndingAt(tokens, npEnd - 1, k, names, true);
  const speaker: Span = np && np.start === k ? np : { start: k, end: npEnd, head: npEnd - 1 };
  let content: [number, number];
  if (i === sStart || (i === sStart + 1 && !isWord(tokens[sStart]))) {
    // "According to X, content."
    let c = speaker.end;
    while (c < sEnd && !isWord(tokens[c]) && tokens[c]!.type !== "quote") c++;
    content = [c, trimEnd(tokens, c, sEnd)];
  } else {
    // "content, according to X." / "content, according to X, more content."
    let end = i;
    while (end > sStart && !isWord(tokens[end - 1]) && tokens[end - 1]!.type !== "quote") end--;
    content = [sStart, end];
    if (isWord(tokens[speaker.end + 1]) && tokens[speaker.end]?.text === ",") content = [sStart, trimEnd(tokens, sStart, sEnd)];
  }
  if (wordCount(tokens, content[0], content[1]) < 3) return undefined;
  return { cue: [i, i + 2], speaker, content, rule: "according-to", cueStrength: 0.9 };
}
