/**
 * CSV that opens correctly in a spreadsheet: RFC 4180 (CRLF between records; a field holding a comma,
 * a quote, CR or LF is quoted and its quotes doubled), UTF-8 with a byte-order mark so Excel does not
 * read it as a legacy code page, and text cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR; OWASP's CSV-injection advice) prefixed with an apostrophe.
 */

export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

/** A cell: numbers and booleans are written as they are, text is guarded and quoted as needed. */
export type CsvValue = string | number | boolean | undefined | null;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRecord = (values: readonly CsvValue[]): string => values.map(csvCell).join(",") + CSV_EOL;

/** A whole CSV document: BOM, header record, one record per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, { bom = true }: { bom?: boolean } = {}): string {
  const parts = [bom ? CSV_BOM : "", csvRecord(header)];
  for (const row of rows) parts.push(csvRecord(row));
  return parts.join("");
}
