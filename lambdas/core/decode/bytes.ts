import { Buffer, isUtf8 } from "node:buffer";
import { ArticleInputError } from "../errors.ts";

/** Signatures of common non-text formats that land in article buckets by mistake. */
const MAGIC_NUMBERS: ReadonlyArray<{ name: string; bytes: readonly number[] }> = [
  { name: "PDF", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { name: "ZIP (or a Word/Excel document)", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "ZIP", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: "PNG", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: "GZIP", bytes: [0x1f, 0x8b] },
  { name: "JPEG", bytes: [0xff, 0xd8, 0xff] },
  { name: "GIF", bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: "RIFF (WebP/WAV/AVI)", bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: "ELF executable", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "BZIP2", bytes: [0x42, 0x5a, 0x68] },
  { name: "7-Zip", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: "RAR", bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { name: "XZ", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: "Zstandard", bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: "legacy Office document", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

/** Only the start of the object is inspected: enough to recognise binaries, constant-time on huge inputs. */
const SNIFF_BYTES = 8192;
/** Text has almost no C0 control characters besides tab and line breaks; binaries are full of them. */
const MAX_CONTROL_RATIO = 0.1;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

function knownBinaryFormat(bytes: Uint8Array): string | undefined {
  return MAGIC_NUMBERS.find((m) => startsWith(bytes, m.bytes))?.name;
}

const isTextControl = (b: number): boolean => b === 0x09 || b === 0x0a || b === 0x0b || b === 0x0c || b === 0x0d;

/** UTF-16 without a BOM: ASCII-range text leaves a zero in every other byte. Returns the encoding or undefined. */
function bomlessUtf16(sample: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) zeroEven++;
    if (sample[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.6 && zeroEven <= pairs * 0.05) return "utf-16le";
  if (zeroEven >= pairs * 0.6 && zeroOdd <= pairs * 0.05) return "utf-16be";
  return undefined;
}

function binaryError(what: string): ArticleInputError {
  return new ArticleInputError("binary", `the object is binary data (${what}), not a text, HTML, Markdown or JSON article`);
}

/** Byte offset of the first invalid UTF-8 sequence; only called after decoding failed, to name the spot. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The charset parameter of a Content-Type, lower-cased, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

/** A legacy charset declared inside HTML (`<meta charset=...>`), looked for only in the first kilobytes. */
function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const m = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

const isUtf8Label = (label: string): boolean => label === "utf-8" || label === "utf8" || label === "unicode-1-1-utf-8";

function decodeWith(label: string, bytes: Uint8Array): string | undefined {
  // Validated and decoded by Node's own UTF-8 routines: a fatal TextDecoder goes through ICU, whose
  // converter costs milliseconds to open on the first article of a cold start. No BOM reaches here.
  if (label === "utf-8") return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8") : undefined;
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function supportedLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Bytes to a string: BOM-detected UTF-8/UTF-16, BOM-less UTF-16 by its zero-byte pattern, an explicit
 * charset from the Content-Type, else strict UTF-8 (with a declared HTML legacy charset as the fallback).
 * Throws ArticleInputError for empty, binary and undecodable input.
 */
export function bytesToString(bytes: Uint8Array, contentType?: string): string {
  if (bytes.length === 0) throw new ArticleInputError("empty", "the object is empty (0 bytes)");

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return utf8OrThrow(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new ArticleInputError("undecodable", "the object is UTF-32 encoded; save it as UTF-8 (or UTF-16) and upload it again");
  }
  if (startsWith(bytes, [0xff, 0xfe])) return utf16OrThrow("utf-16le", bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return utf16OrThrow("utf-16be", bytes.subarray(2));

  const binary = knownBinaryFormat(bytes);
  if (binary) throw binaryError(`it starts like a ${binary} file`);

  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) {
    const utf16 = bomlessUtf16(sample);
    if (utf16) return utf16OrThrow(utf16, bytes);
    throw binaryError("it contains NUL bytes");
  }
  let controls = 0;
  for (const b of sample) if (b < 0x20 && !isTextControl(b)) controls++;
  if (controls > sample.length * MAX_CONTROL_RATIO) throw binaryError("too many control characters");

  const declared = supportedLabel(charsetOf(contentType));
  if (declared && declared !== "utf-8") {
    if (declared.startsWith("utf-16")) return utf16OrThrow(declared, bytes);
    const text = decodeWith(declared, bytes);
    if (text !== undefined) return text;
  }
  const utf8 = decodeWith("utf-8", bytes);
  if (utf8 !== undefined) return utf8;
  const htmlCharset = supportedLabel(declaredHtmlCharset(bytes));
  if (htmlCharset && !isUtf8Label(htmlCharset) && !htmlCharset.startsWith("utf-16")) {
    const text = decodeWith(htmlCharset, bytes);
    if (text !== undefined) return text;
  }
  throw undecodable(bytes);
}

function undecodable(bytes: Uint8Array): ArticleInputError {
  const at = firstInvalidUtf8(bytes);
  return new ArticleInputError(
    "undecodable",
    `the object is not valid UTF-8 text${at >= 0 ? ` (invalid byte sequence at byte ${at})` : ""}; save it as UTF-8 and upload it again`,
  );
}

function utf8OrThrow(bytes: Uint8Array): string {
  const text = decodeWith("utf-8", bytes);
  if (text === undefined) throw undecodable(bytes);
  return text;
}

function utf16OrThrow(label: string, bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new ArticleInputError("undecodable", `the object is marked as ${label.toUpperCase()} but has an odd number of bytes`);
  }
  const text = decodeWith(label, bytes);
  if (text === undefined) throw new ArticleInputError("undecodable", `the object is marked as ${label.toUpperCase()} but contains invalid sequences`);
  if (text.includes("\u0000")) throw binaryError("it contains NUL characters");
  return text;
}
