/**
 * Attributions marked by layout rather than by a cue verb: interview transcripts (`PENCE: ...`)
 * and vox-pop signatures (`"..." ― Adriana Rodarte`).
 */
import { innerRange } from "../text/quotes.ts";
import { NOT_SPEAKER_LABELS } from "../lexicon/index.ts";
import { trimEnd, wordCount, type Attribution, type RuleContext } from "./context.ts";

/** A paragraph that opens with "PENCE:" or "Mike Pence:" and the turn after it. */
export function transcriptTurns(ctx: RuleContext): Attribution[] {
  const { tokens, names } = ctx;
  const out: Attribution[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i > 0 && tokens[i - 1]!.para === t.para && !(tokens[i - 1]!.type === "quote" && (i < 2 || tokens[i - 2]!.para !== t.para))) continue;
    if (!t.cap || NOT_SPEAKER_LABELS.has(t.lower)) continue;
    const run = names.runAtToken(i);
    const nameEnd = run ? run.end : i + 1;
    const colon = tokens[nameEnd];
    if (!colon || colon.text !== ":" || nameEnd - i > 4) continue;
    // A one-word label must be a shouted surname ("PENCE:"), not a heading ("Background:").
    if (nameEnd - i === 1 && !/^\p{Lu}{2,}$/u.test(t.text)) continue;
    let end = nameEnd + 1;
    while (end < tokens.length && tokens[end]!.para === t.para) end++;
    if (wordCount(tokens, nameEnd + 1, end) < 4) continue;
    out.push({ cue: [nameEnd, nameEnd + 1], speaker: { start: i, end: nameEnd, head: nameEnd - 1 }, content: [nameEnd + 1, trimEnd(tokens, nameEnd + 1, end)], rule: "transcript", cueStrength: 0.8 });
  }
  return out;
}

/** A quote followed by a dash and a name ("...” ― Adriana Rodarte). */
export function dashSignatures(ctx: RuleContext): Attribution[] {
  const { tokens, quotes, names } = ctx;
  const out: Attribution[] = [];
  for (const q of quotes) {
    if (!q.speech || !q.closed) continue;
    const dash = tokens[q.close + 1];
    if (!dash || !/^(―|—|–|-|--)$/.test(dash.text)) continue;
    const first = tokens[q.close + 2];
    if (!first?.cap) continue;
    const run = names.runAtToken(q.close + 2);
    if (!run || run.type !== "person") continue;
    out.push({ cue: [q.close + 1, q.close + 2], speaker: { start: run.start, end: run.end, head: run.end - 1 }, content: innerRange(q), rule: "signature", cueStrength: 0.8 });
  }
  return out;
}
