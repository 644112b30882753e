/**
 * Line endings become \n; no-break spaces become plain spaces (extractors split words on " ");
 * stray control characters become spaces. Everything but CRLF maps one character to one character,
 * so the text stays faithful to the source.
 */
export function normalizeText(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029\u000b\u000c]/g, "\n")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, " ");
}

/** A short label (title, URL): single-line, collapsed whitespace; undefined when empty. */
export function cleanLabel(s: string | undefined, maxLength = 1000): string | undefined {
  if (s === undefined) return undefined;
  const v = normalizeText(s).replace(/\s+/g, " ").trim().slice(0, maxLength);
  return v === "" ? undefined : v;
}

export const isBlank = (s: string): boolean => !/\S/.test(s);
