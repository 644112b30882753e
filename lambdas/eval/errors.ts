/**
 * Groups the scorer's misses into error classes, so evaluation reports say what to fix next:
 * missed claims with no prediction nearby, missed claims whose prediction had the wrong extent,
 * spurious predictions, wrong speakers, and the cues most often missed.
 */
import type { GoldArticle, PredictedClaim, ScoreReport } from "./score.ts";

export interface ErrorSummary {
  missedNoPrediction: number;
  missedWrongExtent: number;
  spurious: number;
  wrongSpeaker: number;
  missedByCue: Array<[string, number]>;
  missedByKind: Record<string, number>;
}

interface GoldSpan {
  content: string;
  contentStart?: number;
  contentEnd?: number;
  cue?: string | null;
  kind?: string;
}

export function summarizeErrors(gold: GoldArticle[], preds: Array<PredictedClaim & { contentStart?: number; contentEnd?: number }>, report: ScoreReport): ErrorSummary {
  const predsByDoc = new Map<string, typeof preds>();
  for (const p of preds) {
    const id = String(p.source ?? "");
    const list = predsByDoc.get(id);
    if (list) list.push(p);
    else predsByDoc.set(id, [p]);
  }
  const goldByDoc = new Map(gold.map((a) => [a.id, a]));
  const missedCue = new Map<string, number>();
  const missedByKind: Record<string, number> = {};
  let noPred = 0;
  let wrongExtent = 0;
  for (const m of report.misses) {
    if (m.why !== "missed") continue;
    const art = goldByDoc.get(m.id);
    const g = (art?.claims as GoldSpan[] | undefined)?.find((c) => c.content.slice(0, 80) === m.content);
    if (!g) continue;
    const cue = (g.cue ?? "").toLowerCase() || "(none)";
    missedCue.set(cue, (missedCue.get(cue) ?? 0) + 1);
    missedByKind[g.kind ?? "unknown"] = (missedByKind[g.kind ?? "unknown"] ?? 0) + 1;
    const overlaps = (predsByDoc.get(m.id) ?? []).some(
      (p) => g.contentStart != null && g.contentEnd != null && p.contentStart != null && p.contentEnd != null && p.contentStart < g.contentEnd && g.contentStart < p.contentEnd,
    );
    if (overlaps) wrongExtent++;
    else noPred++;
  }
  return {
    missedNoPrediction: noPred,
    missedWrongExtent: wrongExtent,
    spurious: report.misses.filter((m) => m.why === "spurious").length,
    wrongSpeaker: report.misses.filter((m) => m.why === "speaker").length,
    missedByCue: [...missedCue].sort((a, b) => b[1] - a[1]).slice(0, 15),
    missedByKind,
  };
}
