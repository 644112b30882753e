import type { StoredClaim } from "../lib/api.ts";
import { speakerSwatch, type Swatch } from "../lib/colors.ts";
import { formatDate } from "../lib/format.ts";
import { href } from "../lib/routes.ts";
import { quoteBody } from "../lib/quotes.ts";
import { safeExternalUrl } from "../lib/safe-url.ts";
import { CheckworthinessBadge, KindBadge, ScopeBadge, SpeakerAttributes, SpeakerLink, TopicLink } from "./badges.tsx";
import { HighlightedContext } from "./highlighted.tsx";

/** Why the claim's speaker is not the one the article names, when the store linked or an editor moved it. */
function linkNote(claim: StoredClaim): string | undefined {
  const by = claim.speakerLink?.by ?? [];
  if (by.includes("merge") || by.includes("split")) return "speaker corrected by an editor";
  if (by.includes("surname")) return `linked by surname from “${claim.speakerLink!.speaker}”`;
  return undefined;
}

/** "Said 3 times since 1 May 2024", linking to the group, for a claim seen more than once. */
export function RepeatNote({ claim }: { claim: Pick<StoredClaim, "id" | "seenCount" | "firstSeen"> }) {
  if (!claim.seenCount || claim.seenCount < 2) return null;
  return (
    <a class="repeat-note" href={href.related(claim.id)}>
      Said {claim.seenCount} times since {formatDate(claim.firstSeen)}
    </a>
  );
}

/** One claim: what was said, by whom, how, where it was published, and the sentence around it. */
export function ClaimCard({
  claim,
  showSpeaker = true,
  showArticle = true,
  swatch: chosen,
}: {
  claim: StoredClaim;
  showSpeaker?: boolean;
  /** Off inside the article's own view, where a link back to it would go nowhere. */
  showArticle?: boolean;
  swatch?: Swatch;
}) {
  const swatch = chosen ?? speakerSwatch(claim.speakerId);
  const source = safeExternalUrl(claim.url);
  // A direct quote gets typographic quotation marks in place of the ones it arrived with.
  const quote = claim.kind === "direct" ? quoteBody(claim.content) : undefined;
  return (
    <article class="claim-card" style={{ borderLeftColor: swatch.strong }} data-claim-id={claim.id}>
      <header class="claim-meta">
        {showSpeaker && <SpeakerLink speakerId={claim.speakerId} speaker={claim.speaker} swatch={swatch} />}
        <SpeakerAttributes role={claim.speakerRole} affiliation={claim.speakerAffiliation} />
        {showSpeaker && <ScopeBadge speakerId={claim.speakerId} />}
        <KindBadge kind={claim.kind} />
        <TopicLink topic={claim.topic} />
        <CheckworthinessBadge score={claim.checkworthiness} reasons={claim.checkworthinessReasons} />
      </header>
      <RepeatNote claim={claim} />
      <blockquote class={`claim-content ${quote ? "quoted" : claim.kind === "mixed" ? "" : "paraphrase"}`}>{quote ? quote.text : claim.content}</blockquote>
      <p class="claim-attribution">
        <span class="label">Cue</span> <span class="cue">{claim.cue || "—"}</span>
        {claim.speakerMention && claim.speakerMention !== claim.speaker && (
          <>
            {" "}
            <span class="sep" aria-hidden="true">·</span> <span class="label">Named as</span> <span class="mention">{claim.speakerMention}</span>
          </>
        )}
        {linkNote(claim) && (
          <>
            {" "}
            <span class="sep" aria-hidden="true">·</span> <span class="muted link-note">{linkNote(claim)}</span>
          </>
        )}
      </p>
      {claim.context && (
        <p class="claim-context">
          <span class="label">In context</span>{" "}
          <HighlightedContext
            context={claim.context}
            content={claim.content}
            start={claim.contextContentStart}
            end={claim.contextContentEnd}
            swatch={swatch}
          />
        </p>
      )}
      <footer class="claim-source">
        {showArticle && (
          <>
            <a class="article-link" href={href.article(claim.articleKey)}>
              {claim.title || claim.articleKey}
            </a>
            <span class="sep" aria-hidden="true">·</span>
          </>
        )}
        <time dateTime={claim.publishedAt}>{formatDate(claim.publishedAt)}</time>
        {source && (
          <>
            <span class="sep" aria-hidden="true">·</span>
            <a class="external" href={source} target="_blank" rel="noopener noreferrer">
              Original<span class="visually-hidden"> (opens in a new tab)</span> ↗
            </a>
          </>
        )}
        <span class="sep" aria-hidden="true">·</span>
        <a class="permalink" href={href.claim(claim.id)}>
          Permalink
        </a>
      </footer>
    </article>
  );
}
