// PLACEHOLDER: replaced by the real decoder (txt/md/html/json, BOM/UTF-16 detection).
import type { DecodedArticle } from "../model.ts";
import { ArticleInputError } from "../errors.ts";

export interface DecodeOptions {
  key: string;
  contentType?: string;
}

export function decodeArticle(bytes: Uint8Array, _opts: DecodeOptions): DecodedArticle {
  if (bytes.length === 0) throw new ArticleInputError("empty", "the object is empty");
  return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
}
