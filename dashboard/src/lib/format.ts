/** Display formatting. Dates are shown in UTC so every reader of a shared link sees the same day. */
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const numberFormat = new Intl.NumberFormat("en-GB");

export function formatDate(iso: string | undefined): string {
  if (!iso) return "undated";
  const t = Date.parse(iso);
  return Number.isFinite(t) ? dateFormat.format(t) : "undated";
}

/** "4 Mar 2025, 09:30 UTC": when something happened, to the minute. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return "undated";
  const t = Date.parse(iso);
  return Number.isFinite(t) ? `${dateTimeFormat.format(t)} UTC` : "undated";
}

export function formatClock(date: Date): string {
  return timeFormat.format(date);
}

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${numberFormat.format(n)} ${n === 1 ? singular : plural}`;
}

export const KIND_LABELS: Readonly<Record<string, string>> = {
  direct: "Direct quote",
  indirect: "Reported speech",
  mixed: "Partial quote",
  "according-to": "According to",
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export const SPEAKER_TYPE_LABELS: Readonly<Record<string, string>> = {
  person: "Person",
  organization: "Organization",
  group: "Group",
  anonymous: "Anonymous source",
  document: "Document",
  unknown: "Unresolved",
};

export function speakerTypeLabel(type: string): string {
  return SPEAKER_TYPE_LABELS[type] ?? type;
}

/** `YYYY-MM-DD` only: what date inputs produce and the API's from/to accept. */
export function isIsoDay(value: string | undefined): value is string {
  return value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value));
}
