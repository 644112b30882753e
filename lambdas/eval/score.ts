/**
 * Attributed-claim scoring with the definitions of the reference scorer (../shared/eval/score.mjs):
 * a predicted claim matches a gold claim of the same article when the token F1 of their contents is
 * >= 0.5 (one-to-one, best pairs first); a match is attributed when the speakers agree, judged by
 * span overlap with the gold speaker mention or by name.
 */

export interface GoldClaim {
  speaker?: string | null;
  speakerEntity?: string | null;
  speakerType?: string;
  speakerStart?: number | null;
  speakerEnd?: number | null;
  content: string;
  kind?: string;
  topic?: string;
  optional?: boolean;
}
export interface GoldArticle {
  id: string;
  text: string;
  title?: string;
  claims?: GoldClaim[];
}
export interface PredictedClaim {
  source?: string;
  id?: string;
  speaker: string;
  speakerMention?: string;
  speakerStart?: number;
  speakerEnd?: number;
  content: string;
  kind?: string;
  topic?: string;
}

export interface Miss {
  id: string;
  why: "missed" | "spurious" | "speaker";
  gold?: string | null;
  pred?: string;
  content: string;
}
export interface PRF {
  p: number;
  r: number;
  f1: number;
}
export interface ScoreReport {
  articles: number;
  goldClaims: number;
  predictedClaims: number;
  claim: PRF;
  attributedStrict: PRF;
  attributedLenient: PRF;
  topicAccuracy: number | null;
  byKind: Record<string, { gold: number; found: number; attributed: number }>;
  misses: Miss[];
}

const TITLES = new Set(
  (
    "mr mrs ms dr prof president prime minister secretary senator sen rep representative " +
    "gov governor mayor general gen chief spokesman spokeswoman spokesperson chair chairman " +
    "chairwoman ceo executive director minister foreign health coach striker archbishop " +
    "lead author leader union former state of the a an judge lt col sgt capt adm king queen " +
    "prince princess pope rev sir lord lady jr sr"
  ).split(" "),
);

export const scoreTokens = (s: string | null | undefined): string[] =>
  (s ?? "")
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^\p{L}\p{N}$%]+/u)
    .filter(Boolean);

export function tokenF1(a: string, b: string): number {
  const ta = scoreTokens(a);
  const tb = scoreTokens(b);
  if (!ta.length || !tb.length) return 0;
  const counts = new Map<string, number>();
  for (const t of tb) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (!common) return 0;
  const p = common / ta.length;
  const r = common / tb.length;
  return (2 * p * r) / (p + r);
}

/** strict: every gold name token predicted and nothing extra but titles; lenient: the gold head is named. */
export function speakerMatch(pred: string | null | undefined, gold: string | null | undefined): { strict: boolean; lenient: boolean } {
  const gAll = scoreTokens(gold);
  const g = gAll.filter((t) => !TITLES.has(t) || gAll.length === 1);
  const p = scoreTokens(pred);
  if (!g.length || !p.length) return { strict: false, lenient: false };
  const pset = new Set(p);
  const gset = new Set(g);
  const strict = g.every((t) => pset.has(t)) && p.every((t) => gset.has(t) || TITLES.has(t));
  const head = g[g.length - 1]!;
  const lenient = strict || pset.has(head) || pset.has(head.replace(/s$/, ""));
  return { strict, lenient };
}

function attribution(p: PredictedClaim, g: GoldClaim): { strict: boolean; lenient: boolean } {
  if (g.speakerEntity && (g.speakerType === "anonymous" || g.speakerType === "group")) {
    const { lenient } = speakerMatch(p.speaker, g.speakerEntity);
    return { strict: lenient, lenient };
  }
  if (g.speakerEntity) return speakerMatch(p.speaker, g.speakerEntity);
  if (g.speakerStart == null && !g.speaker) return { strict: true, lenient: true };
  if (g.speakerStart != null && g.speakerEnd != null && p.speakerStart != null && p.speakerEnd != null) {
    if (p.speakerStart < g.speakerEnd && g.speakerStart < p.speakerEnd) return { strict: true, lenient: true };
  }
  return speakerMatch(p.speakerMention ?? p.speaker, g.speaker);
}

const articleIdOf = (source: string | undefined): string => {
  const base = String(source ?? "").split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
};

const prf = (n: number, pred: number, gold: number): PRF => {
  const p = pred ? n / pred : 0;
  const r = gold ? n / gold : 0;
  return { p: +p.toFixed(3), r: +r.toFixed(3), f1: p + r ? +((2 * p * r) / (p + r)).toFixed(3) : 0 };
};

export function score(gold: GoldArticle[], preds: PredictedClaim[]): ScoreReport {
  const byDoc = new Map<string, PredictedClaim[]>();
  for (const p of preds) {
    const id = articleIdOf(p.source ?? p.id);
    const list = byDoc.get(id);
    if (list) list.push(p);
    else byDoc.set(id, [p]);
  }
  const t = { gold: 0, pred: 0, match: 0, strict: 0, lenient: 0, topicN: 0, topicOk: 0 };
  const kinds: ScoreReport["byKind"] = {};
  const kind = (k: string) => (kinds[k] ??= { gold: 0, found: 0, attributed: 0 });
  const misses: Miss[] = [];
  for (const art of gold) {
    const ps = byDoc.get(art.id) ?? [];
    const gs = art.claims ?? [];
    const pairs: Array<[number, number, number]> = [];
    gs.forEach((g, gi) =>
      ps.forEach((p, pi) => {
        const f = tokenF1(p.content, g.content);
        if (f >= 0.5) pairs.push([f, gi, pi]);
      }),
    );
    // Stable sort, best pairs first, as the reference scorer does.
    pairs.sort((a, b) => b[0] - a[0]);
    const gUsed = new Set<number>();
    const pUsed = new Map<number, number>();
    for (const [, gi, pi] of pairs) {
      if (gUsed.has(gi) || pUsed.has(pi)) continue;
      gUsed.add(gi);
      pUsed.set(pi, gi);
      const g = gs[gi]!;
      const p = ps[pi]!;
      if (g.optional) continue;
      t.match++;
      const sm = attribution(p, g);
      if (sm.strict) t.strict++;
      if (sm.lenient) t.lenient++;
      else misses.push({ id: art.id, why: "speaker", gold: g.speakerEntity ?? g.speaker, pred: p.speakerMention ?? p.speaker, content: g.content.slice(0, 80) });
      if (g.topic) {
        t.topicN++;
        if (p.topic === g.topic) t.topicOk++;
      }
      const k = kind(g.kind ?? "unknown");
      k.found++;
      if (sm.strict) k.attributed++;
    }
    gs.forEach((g, gi) => {
      if (g.optional) return;
      t.gold++;
      kind(g.kind ?? "unknown").gold++;
      if (!gUsed.has(gi)) misses.push({ id: art.id, why: "missed", gold: g.speakerEntity ?? g.speaker, content: g.content.slice(0, 80) });
    });
    ps.forEach((p, pi) => {
      const gi = pUsed.get(pi);
      if (gi !== undefined && gs[gi]!.optional) return;
      t.pred++;
      if (gi === undefined) misses.push({ id: art.id, why: "spurious", pred: p.speaker, content: String(p.content).slice(0, 80) });
    });
  }
  return {
    articles: gold.length,
    goldClaims: t.gold,
    predictedClaims: t.pred,
    claim: prf(t.match, t.pred, t.gold),
    attributedStrict: prf(t.strict, t.pred, t.gold),
    attributedLenient: prf(t.lenient, t.pred, t.gold),
    topicAccuracy: t.topicN ? +(t.topicOk / t.topicN).toFixed(3) : null,
    byKind: kinds,
    misses,
  };
}
