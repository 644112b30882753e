/**
 * A StoredClaim as a DynamoDB item and back. Attribute names are short and the context is stored as
 * the text before and after the content (the content itself is not repeated), so that a typical claim
 * stays under 1 KB = one write unit. Stored text is bounded so no item nears DynamoDB's 400 KB limit;
 * the article key and offsets always point back to the full text in S3. A claim item carries no index
 * keys but a grouped claim's INDEX.repeats keys: a speaker's and a topic's claims are found through
 * the article's group items (keys.ts).
 */
import type { SpeakerLink, StoredClaim } from "./types.ts";
import { claimKey, parseRepeatSortKey, repeatPartition, repeatSortKey } from "./keys.ts";
import { REPEAT_PARTITION_ATTRIBUTE, REPEAT_SORT_ATTRIBUTE } from "./schema.ts";
import { checkworthinessAttributes, checkworthinessFields } from "./checkworthiness-item.ts";

const TOPIC_ATTRIBUTE = "tp";

export const MAX_CONTENT_CHARS = 4_000;
export const MAX_CONTEXT_SIDE_CHARS = 400;
export const MAX_TITLE_CHARS = 200;
export const MAX_URL_CHARS = 400;
const MAX_SHORT_FIELD_CHARS = 200;

export type ClaimItem = Record<string, unknown> & { PK: string; SK: string };

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export function toClaimItem(c: StoredClaim, sequencer: string): ClaimItem {
  const content = clip(c.content, MAX_CONTENT_CHARS);
  const inContext = c.context.slice(c.contextContentStart, c.contextContentEnd) === c.content;
  return {
    ...claimKey(c.id),
    [TOPIC_ATTRIBUTE]: c.topic,
    sq: sequencer,
    id: c.id,
    ak: c.articleKey,
    sp: clip(c.speaker, MAX_SHORT_FIELD_CHARS),
    si: c.speakerId,
    st: c.speakerType,
    ...(c.speakerScope === "article" && { ss: "article" }),
    ...(c.speakerRole !== undefined && { sr: clip(c.speakerRole, MAX_SHORT_FIELD_CHARS) }),
    ...(c.speakerAffiliation !== undefined && { sf: clip(c.speakerAffiliation, MAX_SHORT_FIELD_CHARS) }),
    ...(c.speakerPartial && { spp: true }),
    ...(c.speakerLink && { lk: toLinkAttribute(c.speakerLink) }),
    // A grouped claim is its own entry in the repeats index: removing the claim removes the entry.
    ...(c.groupId !== undefined && repeatIndexKeys(c.speakerId, c.groupId, c.publishedAt)),
    rl: c.rule,
    sm: clip(c.speakerMention, MAX_SHORT_FIELD_CHARS),
    so: [c.speakerStart, c.speakerEnd, c.cueStart, c.cueEnd, c.contentStart, c.contentEnd],
    cu: clip(c.cue, MAX_SHORT_FIELD_CHARS),
    ct: content,
    ...(content.length < c.content.length && { tr: c.content.length }),
    kd: c.kind,
    sb: c.subjects.slice(0, 5),
    cf: Math.round(c.confidence * 1000) / 1000,
    ...checkworthinessAttributes(c),
    pa: c.publishedAt,
    ea: c.extractedAt,
    ev: c.extractorVersion,
    ...(c.title !== undefined && { ti: clip(c.title, MAX_TITLE_CHARS) }),
    ...(c.url !== undefined && { ur: clip(c.url, MAX_URL_CHARS) }),
    ...(inContext
      ? { cb: tail(c.context.slice(0, c.contextContentStart)), ca: clip(c.context.slice(c.contextContentEnd), MAX_CONTEXT_SIDE_CHARS) }
      : { cx: clip(c.context, MAX_CONTENT_CHARS), cxo: [c.contextContentStart, c.contextContentEnd] }),
  };
}

/** The attributes that put a claim item into INDEX.repeats. */
export const repeatIndexKeys = (speakerId: string, groupId: string, publishedAt: string) => ({
  [REPEAT_PARTITION_ATTRIBUTE]: repeatPartition(speakerId),
  [REPEAT_SORT_ATTRIBUTE]: repeatSortKey(groupId, publishedAt),
});

/** The extractor's speaker of a relinked claim, short-named like the rest (only relinked claims carry it). */
function toLinkAttribute(l: SpeakerLink) {
  return { b: l.by, i: l.speakerId, n: clip(l.speaker, MAX_SHORT_FIELD_CHARS), t: l.speakerType, s: l.speakerScope };
}

function fromLinkAttribute(a: Record<string, unknown>): SpeakerLink {
  return {
    by: Array.isArray(a.b) ? (a.b as SpeakerLink["by"]) : [],
    speakerId: String(a.i ?? ""),
    speaker: String(a.n ?? ""),
    speakerType: String(a.t ?? "unknown") as SpeakerLink["speakerType"],
    speakerScope: a.s === "article" ? "article" : "global",
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keeps the end of the text before the content: the words nearest the claim matter most. */
const tail = (s: string) => (s.length > MAX_CONTEXT_SIDE_CHARS ? s.slice(s.length - MAX_CONTEXT_SIDE_CHARS) : s);

export function fromClaimItem(item: Record<string, unknown>): StoredClaim {
  const str = (k: string) => (typeof item[k] === "string" ? (item[k] as string) : "");
  const nums = (k: string) => (Array.isArray(item[k]) ? (item[k] as unknown[]).map(Number) : []);
  const [speakerStart = 0, speakerEnd = 0, cueStart = 0, cueEnd = 0, contentStart = 0, contentEnd = 0] = nums("so");
  const content = str("ct");
  const context =
    "cx" in item
      ? { context: str("cx"), contextContentStart: nums("cxo")[0] ?? 0, contextContentEnd: nums("cxo")[1] ?? 0 }
      : { context: str("cb") + content + str("ca"), contextContentStart: str("cb").length, contextContentEnd: str("cb").length + content.length };
  return {
    id: str("id"),
    speaker: str("sp"),
    speakerId: str("si"),
    speakerType: str("st") as StoredClaim["speakerType"],
    speakerScope: item.ss === "article" ? "article" : "global",
    ...(typeof item.sr === "string" && { speakerRole: item.sr }),
    ...(typeof item.sf === "string" && { speakerAffiliation: item.sf }),
    ...(item.spp === true && { speakerPartial: true }),
    ...(isRecord(item.lk) && { speakerLink: fromLinkAttribute(item.lk) }),
    ...(typeof item[REPEAT_SORT_ATTRIBUTE] === "string" && { groupId: parseRepeatSortKey(item[REPEAT_SORT_ATTRIBUTE]).groupId }),
    rule: str("rl"),
    speakerMention: str("sm"),
    speakerStart,
    speakerEnd,
    cue: str("cu"),
    cueStart,
    cueEnd,
    content,
    contentStart,
    contentEnd,
    ...(typeof item.tr === "number" && { contentLength: item.tr }),
    kind: str("kd") as StoredClaim["kind"],
    topic: str(TOPIC_ATTRIBUTE),
    subjects: Array.isArray(item.sb) ? (item.sb as string[]) : [],
    confidence: typeof item.cf === "number" ? item.cf : 0,
    ...checkworthinessFields(item),
    articleKey: str("ak"),
    ...(typeof item.ti === "string" && { title: item.ti }),
    ...(typeof item.ur === "string" && { url: item.ur }),
    publishedAt: str("pa"),
    extractedAt: str("ea"),
    extractorVersion: str("ev"),
    ...context,
  };
}
