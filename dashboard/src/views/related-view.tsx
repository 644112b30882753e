/**
 * A claim's group: every stored report of one statement, oldest first, side by side, each wording
 * marked where it differs from the first report (words it adds, words of the first it lacks).
 */
import { useApi } from "../components/api-context.ts";
import { SpeakerLink } from "../components/badges.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { useResource } from "../hooks/use-resource.ts";
import type { StoredClaim } from "../lib/api.ts";
import { speakerSwatch } from "../lib/colors.ts";
import { formatDate } from "../lib/format.ts";
import { href } from "../lib/routes.ts";
import { diffWords } from "../lib/word-diff.ts";

/** Reports shown; the API's page limit. A statement repeated more often shows its first hundred. */
const MAX_REPORTS = 100;

function Wording({ claim, reference }: { claim: StoredClaim; reference: StoredClaim | undefined }) {
  if (!reference) return <p class="wording">{claim.content}</p>;
  return (
    <p class="wording">
      {diffWords(reference.content, claim.content).map((part, i) =>
        part.kind === "same" ? (
          <span key={i}>{part.text}</span>
        ) : part.kind === "added" ? (
          <ins key={i} title="not in the first report">
            {part.text}
          </ins>
        ) : (
          <del key={i} title="in the first report, left out here">
            {part.text}
          </del>
        ),
      )}
    </p>
  );
}

export function RelatedView({ claimId }: { claimId: string }) {
  const api = useApi();
  const group = useResource(`related|${claimId}`, (signal) => api.listRelatedClaims(claimId, { limit: MAX_REPORTS }, signal));
  if (group.status === "loading") return <Loading label="Loading the reports…" />;
  if (group.status === "error") return <ErrorState error={group.error} title="Could not load this claim's reports" />;
  const g = group.data;
  const first = g.items[0];
  const speaker = first ?? undefined;
  return (
    <section aria-labelledby="page-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        {speaker && <a href={href.speaker(speaker.speakerId)}>{speaker.speaker}</a>} <span aria-hidden="true">/</span>{" "}
        <a href={href.claim(claimId)}>Claim</a> <span aria-hidden="true">/</span> <span>Said before</span>
      </nav>
      <h1 id="page-title" tabIndex={-1}>
        {g.seenCount > 1 ? `Said ${g.seenCount} times since ${formatDate(g.firstSeen)}` : "Said once so far"}
      </h1>
      {g.seenCount > 1 && (
        <p class="lede">
          The same statement in {g.seenCount} reports, oldest first. Each wording is marked against the first: <ins>added</ins>, <del>left out</del>.
        </p>
      )}
      <ol class="wordings">
        {g.items.map((c, i) => (
          <li key={c.id} class={c.id === claimId ? "wording-card current" : "wording-card"} data-claim-id={c.id} aria-current={c.id === claimId ? "true" : undefined}>
            <header class="claim-meta">
              <SpeakerLink speakerId={c.speakerId} speaker={c.speaker} swatch={speakerSwatch(c.speakerId)} />
              <time dateTime={c.publishedAt}>{formatDate(c.publishedAt)}</time>
            </header>
            <Wording claim={c} reference={i === 0 ? undefined : first} />
            <footer class="claim-source">
              <a class="article-link" href={href.article(c.articleKey)}>
                {c.title || c.articleKey}
              </a>
              <span class="sep" aria-hidden="true">·</span>
              <a class="permalink" href={href.claim(c.id)}>
                Permalink
              </a>
            </footer>
          </li>
        ))}
      </ol>
      {g.nextToken && <p class="muted">Showing the first {g.items.length} reports.</p>}
    </section>
  );
}
