/**
 * Claims as schema.org `Claim` objects in JSON-LD (https://schema.org/Claim), the `itemReviewed` of
 * a `ClaimReview`: a fact-checker wraps one in their review. Only what the tracker knows is stated:
 * the words (`text`), who said them (`author`: a Person or an Organization with its name), when
 * (`datePublished`, the article's date) and where (`appearance`: the article, with its URL when the
 * article gave one). A speaker the article does not name, or names only as a vague group, gets no
 * `author` rather than an invented one.
 */
import type { StoredClaim } from "../store/types.ts";

export const SCHEMA_ORG_CONTEXT = "https://schema.org";

export interface SchemaThing {
  "@type": string;
  name?: string;
  [property: string]: unknown;
}

export interface ClaimJsonLd {
  "@context": typeof SCHEMA_ORG_CONTEXT;
  "@type": "Claim";
  identifier: string;
  text: string;
  datePublished: string;
  author?: SchemaThing;
  appearance?: SchemaThing;
  keywords?: string;
}

/** Who said it, as schema.org can say it; undefined when the tracker does not know. */
export function claimAuthor(c: Pick<StoredClaim, "speaker" | "speakerType" | "speakerRole" | "speakerAffiliation">): SchemaThing | undefined {
  const affiliation = c.speakerAffiliation ? { "@type": "Organization", name: c.speakerAffiliation } : undefined;
  switch (c.speakerType) {
    case "person":
    case "anonymous":
      // "a senior official" is still a person; the name is the description the article gives.
      return { "@type": "Person", name: c.speaker, ...(c.speakerRole && { jobTitle: c.speakerRole }), ...(affiliation && { affiliation }) };
    case "organization":
      return { "@type": "Organization", name: c.speaker };
    case "document":
      // A report speaks for whoever published it, when the article says who.
      return affiliation;
    default:
      return undefined;
  }
}

export function toClaimJsonLd(c: StoredClaim): ClaimJsonLd {
  const author = claimAuthor(c);
  const url = c.url && /^https?:\/\//i.test(c.url) ? c.url : undefined;
  const appearance =
    url || c.title
      ? { "@type": "CreativeWork", ...(url && { url }), ...(c.title && { headline: c.title }), datePublished: c.publishedAt }
      : undefined;
  return {
    "@context": SCHEMA_ORG_CONTEXT,
    "@type": "Claim",
    identifier: c.id,
    text: c.content,
    datePublished: c.publishedAt,
    ...(author && { author }),
    ...(appearance && { appearance }),
    ...(c.subjects.length > 0 && { keywords: c.subjects.join(", ") }),
  };
}
