/**
 * The entries of a surname item (`SURNAME#<word>` / `SURNAME`, kept by speaker-directory.ts and read
 * by the speaker search too): `<id>\t<name>` in one string set, so ADD keeps concurrent registrations
 * and a candidate the aggregator has not summarized yet still has its name.
 */
const ENTRY_SEPARATOR = "\t";

export const surnameEntry = (speakerId: string, name: string) => `${speakerId}${ENTRY_SEPARATOR}${name}`;

/** Speaker id → name, from the item's `ids` attribute as read. */
export function surnameEntries(value: unknown): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of stringsOf(value)) {
    const at = entry.indexOf(ENTRY_SEPARATOR);
    const id = at < 0 ? entry : entry.slice(0, at);
    if (!entries.has(id)) entries.set(id, at < 0 ? id : entry.slice(at + 1));
  }
  return entries;
}

/** A string set as the document client reads it (a Set), or a list. */
export function stringsOf(value: unknown): string[] {
  return value instanceof Set ? [...value].map(String) : Array.isArray(value) ? value.map(String) : [];
}
