/**
 * Attributed-claim scoring with the definitions of the reference scorer (../shared/eval/score.mjs),
 * which this module must reproduce figure for figure:
 * - a predicted claim matches a gold claim of the same article when the token F1 of their contents
 *   is >= 0.5 (one-to-one, best pairs first); matches of optional gold claims count neither way;
 * - a match is attributed when the speakers agree: by name where the gold names the entity
 *   (`speakerEntity`; anonymous and group sources by their head noun), else by overlap with the gold
 *   speaker span, else by the mention's name;
 * - speakers listed per article: the distinct predicted speakers of an article (spurious claims
 *   included) against the distinct gold speakers, for gold that names every required speaker.
 * Figures the reference scorer does not print (per speaker type, recall per kind) are derived from
 * the same alignment, so they add up to its totals.
 */
import { basename, extname } from "node:path";

export interface GoldClaim {
  speaker?: string | null;
  speakerEntity?: string | null;
  speakerType?: string;
  /** The BBC gold stores document sources as speakerType "anonymous" with this flag. */
  document?: boolean;
  speakerStart?: number | null;
  speakerEnd?: number | null;
  content: string;
  contentStart?: number;
  contentEnd?: number;
  cue?: string | null;
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
  speakerType?: string;
  speakerStart?: number;
  speakerEnd?: number;
  content: string;
  contentStart?: number;
  contentEnd?: number;
  cue?: string;
  cueStart?: number;
  kind?: string;
  rule?: string;
  topic?: string;
}

export interface Miss {
  id: string;
  why: "missed" | "spurious" | "speaker" | "speaker-listed";
  gold?: string | null;
  pred?: string;
  content?: string;
}
export interface PRF {
  p: number;
  r: number;
  f1: number;
}
export interface SpeakerListScore extends PRF {
  articles: number;
  gold: number;
  predicted: number;
}
export interface TypeScore extends PRF {
  /** Required gold claims whose speaker has this type. */
  gold: number;
  /** Predictions counted under this type: matched to gold of the type, or spurious with this predicted type. */
  predicted: number;
  /** Of those, matched with the right speaker (strict). */
  attributed: number;
}
export interface KindScore {
  gold: number;
  found: number;
  attributed: number;
  recall: number;
}
export interface ScoreReport {
  articles: number;
  goldClaims: number;
  predictedClaims: number;
  /** Predictions that matched an optional gold claim: counted neither way. */
  matchedOptional: number;
  claim: PRF;
  attributedStrict: PRF;
  attributedLenient: PRF;
  topicAccuracy: number | null;
  /** Null when some article's required claims lack `speakerEntity` (span-only gold such as PolNeAR). */
  speakers: SpeakerListScore | null;
  byKind: Record<string, KindScore>;
  /** Attributed (strict) P/R/F1 by gold speaker type; "document" for document sources. */
  bySpeakerType: Record<string, TypeScore>;
  misses: Miss[];
}

/** One match between a gold claim and a prediction of the same article, with the speaker verdict. */
export interface Match {
  gi: number;
  pi: number;
  f1: number;
  strict: boolean;
  lenient: boolean;
}
export interface ArticleAlignment {
  article: GoldArticle;
  preds: PredictedClaim[];
  /** In the order they were made (best token F1 first), optional gold included. */
  matches: Match[];
  goldMatch: Map<number, Match>;
  predMatch: Map<number, Match>;
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

/** Whether a prediction's speaker is the gold claim's, as the reference scorer judges it. */
export function attribution(p: Pick<PredictedClaim, "speaker" | "speakerMention" | "speakerStart" | "speakerEnd">, g: GoldClaim): { strict: boolean; lenient: boolean } {
  if (g.speakerEntity && (g.speakerType === "anonymous" || g.speakerType === "group")) {
    // A descriptive source ("a senior official", a report) is right when its head noun is named.
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

/** The type a gold claim's speaker is scored under: document sources as "document". */
export const goldSpeakerType = (g: GoldClaim): string => (g.document ? "document" : (g.speakerType ?? "untyped"));

/** The article id a prediction belongs to: the basename of its source without the extension. */
export const articleIdOf = (source: string | undefined): string => {
  const s = String(source ?? "");
  return basename(s, extname(s));
};

/** Precision okP/nP and recall okG/nG, rounded to three places as the reference scorer prints them. */
const prf = (okP: number, nP: number, okG: number, nG: number): PRF => {
  const p = nP ? okP / nP : 0;
  const r = nG ? okG / nG : 0;
  return { p: +p.toFixed(3), r: +r.toFixed(3), f1: p + r ? +((2 * p * r) / (p + r)).toFixed(3) : 0 };
};

/** Pairs gold and predicted claims per article: token F1 >= 0.5, one-to-one, best pairs first. */
export function align(gold: GoldArticle[], preds: PredictedClaim[]): ArticleAlignment[] {
  const byDoc = new Map<string, PredictedClaim[]>();
  for (const p of preds) {
    const id = articleIdOf(p.source ?? p.id);
    const list = byDoc.get(id);
    if (list) list.push(p);
    else byDoc.set(id, [p]);
  }
  return gold.map((article) => {
    const ps = byDoc.get(article.id) ?? [];
    const gs = article.claims ?? [];
    const pairs: Array<[number, number, number]> = [];
    gs.forEach((g, gi) =>
      ps.forEach((p, pi) => {
        const f = tokenF1(p.content, g.content);
        if (f >= 0.5) pairs.push([f, gi, pi]);
      }),
    );
    // Stable sort, best pairs first, as the reference scorer does: ties keep gold-then-prediction order.
    pairs.sort((a, b) => b[0] - a[0]);
    const matches: Match[] = [];
    const goldMatch = new Map<number, Match>();
    const predMatch = new Map<number, Match>();
    for (const [f1, gi, pi] of pairs) {
      if (goldMatch.has(gi) || predMatch.has(pi)) continue;
      const m: Match = { gi, pi, f1, ...attribution(ps[pi]!, gs[gi]!) };
      matches.push(m);
      goldMatch.set(gi, m);
      predMatch.set(pi, m);
    }
    return { article, preds: ps, matches, goldMatch, predMatch };
  });
}

interface SpeakerCounts {
  gold: number;
  pred: number;
  predOk: number;
  goldFound: number;
  articles: number;
}

/**
 * For gold that names every required speaker: the distinct predicted speakers of the article (those
 * of spurious claims included) against the distinct gold speakers. A predicted speaker is right when
 * it names some gold speaker, judged as attribution is; a gold speaker is found when some predicted
 * speaker names it. Speakers of optional claims are neither required nor wrong.
 */
function speakerSets(a: ArticleAlignment, sp: SpeakerCounts, misses: Miss[]): void {
  const gs = a.article.claims ?? [];
  const required = gs.filter((g) => !g.optional);
  if (!required.length || required.some((g) => !g.speakerEntity)) return;
  const distinct = <T>(list: T[], key: (x: T) => unknown): T[] => [...new Map(list.map((x) => [key(x), x])).values()];
  const goldSp = distinct(required, (g) => g.speakerEntity);
  const optSp = distinct(
    gs.filter((g) => g.optional && g.speakerEntity),
    (g) => g.speakerEntity,
  );
  const predSp = distinct(
    a.preds.filter((p) => p.speaker),
    (p) => p.speaker,
  );
  const names = (p: PredictedClaim, g: GoldClaim) => attribution({ speaker: p.speaker }, g).strict;
  sp.articles++;
  sp.gold += goldSp.length;
  for (const g of goldSp) if (predSp.some((p) => names(p, g))) sp.goldFound++;
  for (const p of predSp) {
    if (goldSp.some((g) => names(p, g))) {
      sp.pred++;
      sp.predOk++;
    } else if (!optSp.some((g) => names(p, g))) {
      sp.pred++;
      misses.push({ id: a.article.id, why: "speaker-listed", pred: p.speaker });
    }
  }
}

export function score(gold: GoldArticle[], preds: PredictedClaim[], alignment: ArticleAlignment[] = align(gold, preds)): ScoreReport {
  const t = { gold: 0, pred: 0, match: 0, strict: 0, lenient: 0, topicN: 0, topicOk: 0, optional: 0 };
  const sp: SpeakerCounts = { gold: 0, pred: 0, predOk: 0, goldFound: 0, articles: 0 };
  const kinds: Record<string, Omit<KindScore, "recall">> = {};
  const kind = (k: string) => (kinds[k] ??= { gold: 0, found: 0, attributed: 0 });
  const types: Record<string, { gold: number; predicted: number; attributed: number }> = {};
  const type = (k: string) => (types[k] ??= { gold: 0, predicted: 0, attributed: 0 });
  const misses: Miss[] = [];
  for (const a of alignment) {
    const { article: art, preds: ps } = a;
    const gs = art.claims ?? [];
    for (const m of a.matches) {
      const g = gs[m.gi]!;
      const p = ps[m.pi]!;
      if (g.optional) {
        t.optional++;
        continue;
      }
      t.match++;
      if (m.strict) t.strict++;
      if (m.lenient) t.lenient++;
      else misses.push({ id: art.id, why: "speaker", gold: g.speakerEntity ?? g.speaker, pred: p.speakerMention ?? p.speaker, content: g.content.slice(0, 80) });
      if (g.topic) {
        t.topicN++;
        if (p.topic === g.topic) t.topicOk++;
      }
      const k = kind(g.kind ?? "unknown");
      k.found++;
      if (m.strict) k.attributed++;
      const ty = type(goldSpeakerType(g));
      ty.predicted++;
      if (m.strict) ty.attributed++;
    }
    gs.forEach((g, gi) => {
      if (g.optional) return;
      t.gold++;
      kind(g.kind ?? "unknown").gold++;
      type(goldSpeakerType(g)).gold++;
      if (!a.goldMatch.has(gi)) misses.push({ id: art.id, why: "missed", gold: g.speakerEntity ?? g.speaker, content: g.content.slice(0, 80) });
    });
    speakerSets(a, sp, misses);
    ps.forEach((p, pi) => {
      const m = a.predMatch.get(pi);
      if (m && gs[m.gi]!.optional) return;
      t.pred++;
      if (m) return;
      // A spurious prediction has no gold type: it counts against the type it claims to have.
      type(p.speakerType ?? "untyped").predicted++;
      misses.push({ id: art.id, why: "spurious", pred: p.speaker, content: String(p.content).slice(0, 80) });
    });
  }
  return {
    articles: gold.length,
    goldClaims: t.gold,
    predictedClaims: t.pred,
    matchedOptional: t.optional,
    claim: prf(t.match, t.pred, t.match, t.gold),
    attributedStrict: prf(t.strict, t.pred, t.strict, t.gold),
    attributedLenient: prf(t.lenient, t.pred, t.lenient, t.gold),
    topicAccuracy: t.topicN ? +(t.topicOk / t.topicN).toFixed(3) : null,
    speakers: sp.articles ? { articles: sp.articles, gold: sp.gold, predicted: sp.pred, ...prf(sp.predOk, sp.pred, sp.goldFound, sp.gold) } : null,
    byKind: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, { ...v, recall: v.gold ? +(v.found / v.gold).toFixed(3) : 0 }])),
    bySpeakerType: Object.fromEntries(Object.entries(types).map(([k, v]) => [k, { ...v, ...prf(v.attributed, v.predicted, v.attributed, v.gold) }])),
    misses,
  };
}
