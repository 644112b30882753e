import { createHash } from "node:crypto";

/**
 * Lower-case ASCII slug: "Dmitry Peskov" -> "dmitry-peskov", "Café Société" -> "cafe-societe".
 * Accents are folded so that the same name typed two ways gets one id.
 */
export function slugify(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/**
 * Deterministic claim id: the same article key, offsets and content always give the same id, so a
 * duplicate delivery rewrites the same items instead of adding new ones.
 */
export function claimId(articleKey: string, contentStart: number, contentEnd: number, content: string): string {
  return createHash("sha256")
    .update(`${articleKey}\u0000${contentStart}\u0000${contentEnd}\u0000${content}`)
    .digest("base64url")
    .slice(0, 22);
}

/**
 * The id of a speaker known only within one article ("he" left unresolved, "a spokesman"):
 * `<slug>--<8 hex of the article key>`. A slug never holds "--", so the form cannot collide with a
 * global speaker's id, and two articles' "a spokesman" stay apart.
 */
export function articleScopedId(slug: string, articleKey: string): string {
  const hash = createHash("sha256").update(articleKey).digest("hex").slice(0, 8);
  return `${slug || "unknown"}--${hash}`;
}

export function isArticleScopedId(speakerId: string): boolean {
  return speakerId.includes("--");
}
