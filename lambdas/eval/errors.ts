/**
 * Sorts the scorer's errors into the failure classes of claim finding, so an evaluation says what to
 * fix next, each class as a number:
 *   (a) quotes        direct quotes (split quotes, quote runs) missed or mis-bounded
 *   (b) colon quotes  direct quotes introduced by a colon (`X said: "..."`) or standing alone as a
 *                     paragraph (quote-only paragraphs that continue the last speaker)
 *   (c) non-claims    spurious predictions whose content is no proposition: a bare noun phrase, an
 *                     action (a predicate without its subject), an intention ("to ..."), or speech
 *                     that is negated ("did not say how many")
 *   (d) documents     gold claims whose source is a document (report, survey, figures, statement)
 *   other             everything else (reported speech, mixed, according-to of people and bodies)
 * Gold claims fall into (a), (b), (d) or other by their kind, type and the text before their opening
 * mark. A spurious prediction that overlaps a gold claim (required or optional) is a mis-bounded
 * span of that claim's class; one that overlaps none is (a) when it is a direct quote or its span
 * starts at a closing mark or ends at an opening one (marks paired across a gap), (c) when its
 * content reads as a non-claim, (d) when it claims a document speaker, else other.
 *
 * The non-claim test is a heuristic over the words of the content, independent of the extractor's
 * own rules (an evaluation must not share the lexicon it judges); see `nonClaimReason`.
 */
import { goldSpeakerType, type ArticleAlignment, type GoldClaim, type PredictedClaim } from "./score.ts";

export const ERROR_CLASSES = ["quotes", "colon-quotes", "non-claims", "documents", "other"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];
export const ERROR_CLASS_LABELS: Record<ErrorClass, string> = {
  quotes: "(a) direct quotes, quote runs",
  "colon-quotes": "(b) colon quotes, quote-only paragraphs",
  "non-claims": "(c) non-claims",
  documents: "(d) documents as sources",
  other: "other",
};

export interface ClassRow {
  /** Required gold claims of the class. */
  gold: number;
  /** Of those, matched by a prediction (token F1 >= 0.5). */
  found: number;
  /** Matched, but the content's tokens differ from the gold's (token F1 < 1). */
  inexact: number;
  /** Matched with the right speaker (strict). */
  attributed: number;
  /** Missed with no prediction overlapping the gold span. */
  missed: number;
  /** Missed although a prediction overlaps the gold span: the prediction has the wrong extent. */
  wrongExtent: number;
  /** Matched with the wrong speaker. */
  wrongSpeaker: number;
  /** Spurious predictions charged to the class. */
  spurious: number;
}

export type NonClaimReason = "negated" | "noun-phrase" | "action" | "intention";

export interface ErrorReport {
  totals: { missed: number; wrongExtent: number; spurious: number; wrongSpeaker: number };
  byClass: Record<ErrorClass, ClassRow>;
  /** The (c) row split by the reason the content reads as a non-claim. */
  nonClaims: Record<NonClaimReason, number>;
  /** The gold cues (where the gold has them) most often missed. */
  missedByCue: Array<[string, number]>;
}

const QUOTE_MARKS = /["“”„«»‘’'`]/;
/** A span that starts at a closing mark or ends at an opening one: quotes paired across a gap. */
const MISPAIRED = /^["“”]\s|\s["“”]$/;

/**
 * Where a gold claim sits in its text: its recorded offsets when they slice back to its content,
 * else the first place the content occurs.
 */
export function goldSpan(text: string, g: Pick<GoldClaim, "content" | "contentStart" | "contentEnd">): [number, number] | undefined {
  if (g.contentStart != null && g.contentEnd != null && text.slice(g.contentStart, g.contentEnd) === g.content) return [g.contentStart, g.contentEnd];
  const at = g.content ? text.indexOf(g.content) : -1;
  return at >= 0 ? [at, at + g.content.length] : undefined;
}

const predSpan = (text: string, p: PredictedClaim): [number, number] | undefined => (p.contentStart != null && p.contentEnd != null ? [p.contentStart, p.contentEnd] : goldSpan(text, p));

/**
 * How a direct quote is introduced: "colon" after `X said:`, "paragraph" when it opens a paragraph
 * that holds nothing but gold quotes (the speaker is carried over), "inline" otherwise.
 */
export function quoteIntro(text: string, span: [number, number], quotedSpans: Array<[number, number]>): "colon" | "paragraph" | "inline" {
  let mark = span[0];
  if (!QUOTE_MARKS.test(text[mark] ?? "")) {
    mark--;
    while (mark >= 0 && /\s/.test(text[mark]!)) mark--;
  }
  const paraStart = text.lastIndexOf("\n", mark - 1) + 1;
  const before = text.slice(paraStart, Math.max(paraStart, mark));
  if (/:\s*$/.test(before)) return "colon";
  if (before.trim() !== "") return "inline";
  const nl = text.indexOf("\n", span[1]);
  const paraEnd = nl < 0 ? text.length : nl;
  // The paragraph is quote-only when no letter outside the gold quotes remains in it.
  const rest = [...text.slice(paraStart, paraEnd)];
  for (const [s, e] of quotedSpans) for (let i = Math.max(s, paraStart); i < Math.min(e, paraEnd); i++) rest[i - paraStart] = " ";
  return /\p{L}/u.test(rest.join("")) ? "inline" : "paragraph";
}

/** The class a required or optional gold claim belongs to. */
export function goldClass(text: string, g: GoldClaim, quotedSpans: Array<[number, number]>): ErrorClass {
  if (goldSpeakerType(g) === "document") return "documents";
  if (g.kind !== "direct") return "other";
  const span = goldSpan(text, g);
  if (!span) return "quotes";
  return quoteIntro(text, span, quotedSpans) === "inline" ? "quotes" : "colon-quotes";
}

const words = (s: string) => new Set(s.split(" "));
const AUX = words(
  "is are was were be been being am has have had having do does did will would shall should can could may might must " +
    "says said seems seemed remains remained needs means shows showed makes made takes took gives gave goes went comes came " +
    "gets got puts holds held keeps kept knows knew thinks thought finds found rose fell grew won lost paid sold bought " +
    "left began saw felt brought led ran set cut hit became become",
);
const SUBORDINATORS = words("that which who whom whose so because as if when while after before although though since until unless where whether");
const LEADING = words("but and then also yet or");
const INTENTION = words("plan plans planned intend intends intended want wants wanted aim aims aimed hope hopes hoped seek seeks sought vow vows vowed pledge pledges pledged promise promises promised");
/** Words ending in -ed that are usually adjectives or nouns, not finite verbs. */
const ED_NOT_VERB = words("red bed need speed seed feed shed hundred indeed united based related limited proposed estimated expected so-called");

const isFinite = (w: string) => AUX.has(w) || w.endsWith("n't") || (w.length >= 5 && w.endsWith("ed") && !ED_NOT_VERB.has(w));

const NEGATED = /(?:\b(?:not|never)|n't|\b(?:declined|refused) to)\s+$/i;

/**
 * Why a predicted content reads as no proposition, or undefined when it may be one:
 * - negated: the cue is negated (`before`, the text just before the cue, ends in "not", "never",
 *   "n't", "declined to", "refused to");
 * - intention: it starts with "to VERB" or "plans to ..." (the object of plans, wants, hopes);
 * - action: it starts with a verb and has no subject ("was discovered ...", "showing a rise ...");
 * - noun-phrase: no finite verb (an auxiliary, modal, common irregular or -ed past) before the
 *   first subordinator or subjectless coordinated verb ("the allegations", "an adapter for its
 *   console so it can play music", "the allegations and unveiled a plan").
 * Present-tense verbs in -s are not recognised ("inflation rises" reads as a noun phrase): the
 * test is meant for counting spurious predictions, not for deciding what a claim is.
 * Direct quotes are never judged: quoted speech is a claim whatever its grammar.
 */
export function nonClaimReason(content: string, before = ""): NonClaimReason | undefined {
  if (NEGATED.test(before)) return "negated";
  const ws = content
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter(Boolean);
  while (ws.length > 1 && LEADING.has(ws[0]!)) ws.shift();
  const first = ws[0];
  if (!first) return undefined;
  if (first === "to" || (INTENTION.has(first) && ws[1] === "to")) return "intention";
  // The head ends at a subordinator, or at a coordinated predicate with no subject of its own
  // ("the allegations and unveiled a plan").
  const cut = ws.findIndex((w, i) => i > 0 && (SUBORDINATORS.has(w) || (LEADING.has(w) && isFinite(ws[i + 1] ?? ""))));
  const head = cut < 0 ? ws : ws.slice(0, cut);
  if (AUX.has(first) || first.endsWith("n't")) return "action";
  const finiteLater = head.slice(1).some(isFinite);
  if ((first.endsWith("ing") || (first.endsWith("ed") && !ED_NOT_VERB.has(first))) && first.length >= 5 && !finiteLater) return "action";
  if (!isFinite(first) && !finiteLater) return "noun-phrase";
  return undefined;
}

const emptyRow = (): ClassRow => ({ gold: 0, found: 0, inexact: 0, attributed: 0, missed: 0, wrongExtent: 0, wrongSpeaker: 0, spurious: 0 });
const overlap = (a: [number, number], b: [number, number]) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

export function classifyErrors(alignment: ArticleAlignment[]): ErrorReport {
  const byClass = Object.fromEntries(ERROR_CLASSES.map((c) => [c, emptyRow()])) as Record<ErrorClass, ClassRow>;
  const nonClaims: Record<NonClaimReason, number> = { negated: 0, "noun-phrase": 0, action: 0, intention: 0 };
  const missedCue = new Map<string, number>();
  for (const a of alignment) {
    const { text } = a.article;
    const gs = a.article.claims ?? [];
    const gSpans = gs.map((g) => goldSpan(text, g));
    const quoted = gs.flatMap((g, i) => (g.kind === "direct" && gSpans[i] ? [gSpans[i]!] : []));
    const classes = gs.map((g) => goldClass(text, g, quoted));
    const pSpans = a.preds.map((p) => predSpan(text, p));
    gs.forEach((g, gi) => {
      if (g.optional) return;
      const row = byClass[classes[gi]!];
      row.gold++;
      const m = a.goldMatch.get(gi);
      if (m) {
        row.found++;
        if (m.f1 < 1) row.inexact++;
        if (m.strict) row.attributed++;
        else row.wrongSpeaker++;
        return;
      }
      const gsp = gSpans[gi];
      if (gsp && pSpans.some((ps) => ps && overlap(ps, gsp) > 0)) row.wrongExtent++;
      else row.missed++;
      const cue = (g.cue ?? "").toLowerCase();
      if (cue) missedCue.set(cue, (missedCue.get(cue) ?? 0) + 1);
    });
    a.preds.forEach((p, pi) => {
      if (a.predMatch.has(pi)) return;
      const ps = pSpans[pi];
      let best = -1;
      let bestOverlap = 0;
      if (ps)
        gSpans.forEach((gsp, gi) => {
          const o = gsp ? overlap(ps, gsp) : 0;
          if (o > bestOverlap) [best, bestOverlap] = [gi, o];
        });
      if (best >= 0) {
        byClass[classes[best]!].spurious++;
        return;
      }
      if (p.kind === "direct" || MISPAIRED.test(p.content)) {
        byClass.quotes.spurious++;
        return;
      }
      const reason = nonClaimReason(p.content, p.cueStart != null ? text.slice(Math.max(0, p.cueStart - 40), p.cueStart) : "");
      if (reason) {
        nonClaims[reason]++;
        byClass["non-claims"].spurious++;
      } else if (p.speakerType === "document") byClass.documents.spurious++;
      else byClass.other.spurious++;
    });
  }
  const rows = Object.values(byClass);
  const sum = (k: keyof ClassRow) => rows.reduce((n, r) => n + r[k], 0);
  return {
    totals: { missed: sum("missed"), wrongExtent: sum("wrongExtent"), spurious: sum("spurious"), wrongSpeaker: sum("wrongSpeaker") },
    byClass,
    nonClaims,
    missedByCue: [...missedCue].sort((x, y) => y[1] - x[1]).slice(0, 15),
  };
}
