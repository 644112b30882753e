/**
 * Where the local S3 server keeps an object on disk. s3rver 3.7 splits a key on `/` and uses each
 * segment as a folder or file name, which breaks on keys real S3 accepts: a segment longer than a file
 * name may be (ENAMETOOLONG), `.` and `..` segments (path.join resolves them, so `odd/../../x.txt`
 * lands outside the bucket's folder), empty segments (`a//b` and `a/b` share a file), a NUL byte.
 *
 * A segment that is none of these keeps s3rver's own name, so data written before stays readable.
 * Any other segment is written with escapes that start with ESCAPE (`¤`, which an ordinary segment
 * therefore may not contain either):
 *  - `¤` + two hex digits for `¤` itself, NUL, and a `.` that starts a name (no name is `.`, `..`);
 *  - an empty segment before the last is the folder `¤`;
 *  - a segment over NAME_BYTES is cut into folders whose names end in `¤+`, each continued by the next.
 * Every name stays below 255 bytes with s3rver's longest suffix (`._S3rver_metadata.json`).
 */

/** S3's own limit on a key's UTF-8 length. */
export const MAX_KEY_BYTES = 1024;
/** Longest name made from one segment; s3rver appends up to 22 bytes of suffix. */
export const NAME_BYTES = 200;
const ESCAPE = "\u00a4";
const CONTINUED = `${ESCAPE}+`;
const EMPTY = ESCAPE;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const hex = (ch: string) => `${ESCAPE}${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** A segment s3rver's own layout stores safely (and that cannot be mistaken for an escaped one). */
function isPlain(segment: string, last: boolean): boolean {
  return (segment !== "" || last) && segment !== "." && segment !== ".." && !/[\0\u00a4]/.test(segment) && bytes(segment) <= NAME_BYTES;
}

function escapeSegment(segment: string, last: boolean): string[] {
  if (segment === "") return last ? [""] : [EMPTY];
  const names: string[] = [];
  let name = "";
  for (const ch of segment) {
    const plain = ch === "\0" || ch === ESCAPE ? hex(ch) : ch;
    if (name !== "" && bytes(name) + bytes(plain) > NAME_BYTES) {
      names.push(name + CONTINUED);
      name = "";
    }
    name += name === "" && ch === "." ? hex(ch) : plain;
  }
  names.push(name);
  return names;
}

/** The key as relative path components: folders, then the file name's stem (s3rver adds `._S3rver_<kind>`). */
export function keyToPathParts(key: string): string[] {
  const segments = key.split("/");
  return segments.flatMap((segment, i) => {
    const last = i === segments.length - 1;
    return isPlain(segment, last) ? [segment] : escapeSegment(segment, last);
  });
}

/** The inverse of keyToPathParts. */
export function pathPartsToKey(parts: readonly string[]): string {
  const segments: string[] = [];
  let pending = "";
  for (const part of parts) {
    if (part.endsWith(CONTINUED)) {
      pending += part.slice(0, -CONTINUED.length);
      continue;
    }
    segments.push(part === EMPTY && pending === "" ? "" : pending + part);
    pending = "";
  }
  return segments.map((s) => s.replace(/\u00a4([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).join("/");
}

/** Path components of the folders that hold every key starting with `prefix` (its complete segments). */
export function prefixFolderParts(prefix: string): string[] {
  const cut = prefix.lastIndexOf("/");
  return cut < 0 ? [] : keyToPathParts(`${prefix.slice(0, cut)}/x`).slice(0, -1);
}
