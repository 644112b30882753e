/**
 * Word differences between two wordings of one statement, for the group view: which words of a report
 * another report lacks (`removed`) and which it adds (`added`). Words are compared the way the store
 * compares statements (case, accents and punctuation aside), but shown as written.
 */
export interface DiffPart {
  text: string;
  kind: "same" | "added" | "removed";
}

/** Words with the spaces and punctuation that follow them, so joining the parts gives the text back. */
export function tokens(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

const norm = (token: string) =>
  token
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** Longest common subsequence over words; wordings are short (a claim), so the table is small. */
export function diffWords(reference: string, other: string): DiffPart[] {
  const a = tokens(reference);
  const b = tokens(other);
  const na = a.map(norm);
  const nb = b.map(norm);
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = na[i] === nb[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const parts: DiffPart[] = [];
  const push = (text: string, kind: DiffPart["kind"]) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && na[i] === nb[j]) {
      push(b[j]!, "same");
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || table[i]![j + 1]! >= table[i + 1]![j]!)) push(b[j++]!, "added");
    else push(a[i++]!, "removed");
  }
  return parts;
}
