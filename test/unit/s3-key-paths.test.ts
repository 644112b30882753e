import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { keyToPathParts, NAME_BYTES, pathPartsToKey, prefixFolderParts } from "../../local/s3-key-paths.ts";

const bytes = (s: string) => Buffer.byteLength(s);
/** Keys built from the characters that matter to a file system, plus anything else. */
const key = fc
  .array(fc.oneof(fc.constantFrom("/", ".", "..", "\u00a4", "\0", "a", "\u00e9", "\ud83d\ude42", "+", "&"), fc.string({ maxLength: 5 })), { maxLength: 40 })
  .map((parts) => parts.join(""))
  .chain((k) => fc.oneof(fc.constant(k), fc.nat({ max: 600 }).map((n) => k + "x".repeat(n) + k)));

describe("local S3 key layout on disk", () => {
  it("maps any key to safe names and back to the same key", () => {
    fc.assert(
      fc.property(key, (k) => {
        const parts = keyToPathParts(k);
        expect(pathPartsToKey(parts)).toBe(k);
        for (const [i, part] of parts.entries()) {
          expect(part).not.toMatch(/[/\0]/);
          expect(bytes(part)).toBeLessThanOrEqual(NAME_BYTES + 3);
          if (i < parts.length - 1) expect(part).not.toBe("");
          expect([".", ".."]).not.toContain(part);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ["news/2024/city hall.txt", ["news", "2024", "city hall.txt"]],
    ["folder/", ["folder", ""]],
    [".hidden/a.txt", [".hidden", "a.txt"]],
    ["a&b/q?x=1", ["a&b", "q?x=1"]],
  ])("keeps s3rver's own layout for the ordinary key %j", (k, parts) => {
    expect(keyToPathParts(k)).toEqual(parts);
  });

  it.each([
    ["odd/../../../x.txt", ["odd", "\u00a42e.", "\u00a42e.", "\u00a42e.", "x.txt"]],
    ["./x", ["\u00a42e", "x"]],
    ["a//b", ["a", "\u00a4", "b"]],
    ["/lead", ["\u00a4", "lead"]],
    ["n\0l", ["n\u00a400l"]],
    ["cur\u00a4", ["cur\u00a4a4"]],
  ])("escapes %j", (k, parts) => {
    expect(keyToPathParts(k)).toEqual(parts);
    expect(pathPartsToKey(parts)).toBe(k);
  });

  it("cuts a segment longer than a file name into continued folders", () => {
    const parts = keyToPathParts(`long/${"\u00e9".repeat(300)}.txt`);
    expect(parts).toHaveLength(5);
    expect(parts.slice(1, -1).every((p) => p.endsWith("\u00a4+"))).toBe(true);
    expect(parts.every((p) => bytes(p) <= NAME_BYTES + 3)).toBe(true);
  });

  it("names the folders that hold a prefix's keys by its complete segments", () => {
    expect(prefixFolderParts("")).toEqual([]);
    expect(prefixFolderParts("new")).toEqual([]);
    expect(prefixFolderParts("news/20")).toEqual(["news"]);
    expect(prefixFolderParts("odd/../")).toEqual(["odd", "\u00a42e."]);
    fc.assert(
      fc.property(key, fc.nat(), (k, n) => {
        const prefix = k.slice(0, n % (k.length + 1));
        const folders = prefixFolderParts(prefix);
        expect(keyToPathParts(k).slice(0, folders.length)).toEqual(folders);
      }),
      { numRuns: 1_000 },
    );
  });
});
