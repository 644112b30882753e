import { createHmac, timingSafeEqual } from "node:crypto";
import { badRequest } from "./http.ts";

const VERSION = "v1";
/** A store cursor holds one sort key per shard; anything longer than this was not issued by us. */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * Pagination tokens: the store's cursor, signed with HMAC-SHA256 over the cursor AND the query it
 * belongs to (route, path parameters and filters, not the page size). A token that was altered,
 * truncated, or issued for another route, speaker or filter fails verification and becomes a 400;
 * the store only ever sees cursors it issued itself.
 */
export interface PageTokens {
  sign(cursor: string, scope: string): string;
  /** Returns the store cursor, or throws a 400 naming the parameter (`nextToken` unless told). */
  verify(token: string, scope: string, parameter?: string): string;
}

export function createPageTokens(secret: string | Uint8Array): PageTokens {
  if (secret.length < 16) throw new Error("the page-token secret must be at least 16 bytes");
  const mac = (cursorB64: string, scope: string) =>
    createHmac("sha256", secret).update(`${VERSION}\n${scope}\n${cursorB64}`).digest();
  return {
    sign(cursor, scope) {
      const body = Buffer.from(cursor, "utf8").toString("base64url");
      return `${VERSION}.${body}.${mac(body, scope).toString("base64url")}`;
    },
    verify(token, scope, parameter = "nextToken") {
      const invalid = (why: string) => badRequest(`${parameter}: ${why}; pass the ${parameter === "nextToken" ? "nextToken of the previous page of this same query" : "nextSince of a previous page"} unchanged`);
      if (token.length > MAX_TOKEN_LENGTH) throw invalid("too long");
      const parts = token.split(".");
      if (parts.length !== 3 || parts[0] !== VERSION) throw invalid("not a token issued by this API");
      const [, body = "", sig = ""] = parts;
      if (!/^[A-Za-z0-9_-]*$/.test(body) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) throw invalid("malformed or truncated");
      // Compared as text: base64url has several spellings of the same bytes, and any edit must fail.
      const given = Buffer.from(sig, "utf8");
      const expected = Buffer.from(mac(body, scope).toString("base64url"), "utf8");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalid("signature does not match (altered, or issued for a different route or filter)");
      }
      return Buffer.from(body, "base64url").toString("utf8");
    },
  };
}

/** A canonical description of one query, minus page size and position. */
export function tokenScope(route: string, params: Record<string, string | undefined>): string {
  return JSON.stringify([route, ...Object.keys(params).sort().map((k) => [k, params[k] ?? null])]);
}
