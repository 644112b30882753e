/** An article with every claim highlighted in its speaker's colour; a highlight links to the speaker. */
import { Fragment } from "preact";
import { useMemo } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import { SpeakerDot } from "../components/badges.tsx";
import { ClaimCard } from "../components/claim-card.tsx";
import { EmptyState, ErrorState, Loading, StaleNotice } from "../components/states.tsx";
import { useResource } from "../hooks/use-resource.ts";
import type { ArticleWithClaims, StoredClaim } from "../lib/api.ts";
import { assignSwatches, type Swatch } from "../lib/colors.ts";
import { formatCount, formatDate, kindLabel } from "../lib/format.ts";
import { href } from "../lib/routes.ts";
import { safeExternalUrl } from "../lib/safe-url.ts";
import { buildPassages, type Passage } from "../lib/excerpts.ts";
import { splitParagraphs } from "../lib/paragraphs.ts";
import { segmentText, type Span } from "../lib/segments.ts";

export function ArticleView({ articleKey }: { articleKey: string }) {
  const api = useApi();
  const article = useResource(`article|${articleKey}`, (signal) => api.getArticle(articleKey, signal));
  if (article.status === "loading") return <Loading label="Loading article…" />;
  if (article.status === "error") return <ErrorState error={article.error} title="Could not load this article" />;
  return <ArticleBody data={article.data} refreshError={article.refreshError} />;
}

function ArticleBody({ data, refreshError }: { data: ArticleWithClaims; refreshError?: Error }) {
  const claims = useMemo(() => [...data.claims].sort((a, b) => a.contentStart - b.contentStart), [data.claims]);
  const swatches = useMemo(() => assignSwatches(claims.map((c) => c.speakerId)), [claims]);
  const speakers = useMemo(() => speakerTally(claims), [claims]);
  // Offsets index into the text only when it is the version the claims came from.
  const fullText = useMemo(() => (data.textMatchesClaims && data.text !== undefined ? splitParagraphs(data.text) : undefined), [data.text, data.textMatchesClaims]);
  const record = data.article;
  const first = claims[0];
  const title = record?.title ?? first?.title ?? data.articleKey;
  const published = record?.publishedAt ?? first?.publishedAt;
  const source = safeExternalUrl(record?.url ?? first?.url);

  return (
    <section aria-labelledby="page-title" class="article-view">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <span>Article</span> <span aria-hidden="true">/</span> <code>{data.articleKey}</code>
      </nav>
      <header class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        <p class="lede">
          {formatDate(published)} · {formatCount(claims.length, "claim")} · {formatCount(speakers.length, "speaker")}
          {source && (
            <>
              {" · "}
              <a class="external" href={source} target="_blank" rel="noopener noreferrer">
                Original<span class="visually-hidden"> (opens in a new tab)</span> ↗
              </a>
            </>
          )}
        </p>
      </header>
      <StaleNotice error={refreshError} />
      {record?.status === "failed" && (
        <div class="state state-error" role="alert">
          <h2>This article could not be processed</h2>
          <p>
            {record.errorReason}: {record.errorMessage}
          </p>
        </div>
      )}
      {record?.status === "deleted" && (
        <EmptyState title="This article was deleted from the bucket">
          <p>Its claims were removed from the archive.</p>
        </EmptyState>
      )}
      {speakers.length > 0 && (
        <ul class="plain-list legend" aria-label="Speakers in this article">
          {speakers.map(({ speakerId, speaker, count }) => (
            <li key={speakerId}>
              <a class="legend-item" href={href.speaker(speakerId)} style={{ background: swatches.get(speakerId)?.tint }}>
                <SpeakerDot swatch={swatches.get(speakerId)!} />
                {speaker} <span class="muted">{count}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {fullText !== undefined ? (
        <ArticleText passages={fullText} claims={claims} swatches={swatches} continuous />
      ) : (
        claims.length > 0 && (
          <>
            <p class="muted excerpt-note" role="note">
              {withoutTextReason(data)} Showing the passages of the article that contain claims, in article order. Select a highlight to open its speaker.
            </p>
            <ArticleText passages={buildPassages(claims)} claims={claims} swatches={swatches} />
          </>
        )
      )}
      {claims.length === 0 && record?.status !== "failed" && record?.status !== "deleted" && (
        <EmptyState title="No attributed claims found in this article" />
      )}
      {claims.length > 0 && (
        <>
          <h2 class="section-title">Claims in order</h2>
          <ol class="plain-list claim-list">
            {claims.map((c) => (
              <li key={c.id}>
                <ClaimCard claim={c} showArticle={false} swatch={swatches.get(c.speakerId)} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

interface Mark {
  claim: StoredClaim;
  part: "content" | "speaker";
}

/**
 * The whole article (its paragraphs, `continuous`) or passages of it separated by an ellipsis, with
 * claims and speaker mentions marked; offsets are article offsets.
 */
function ArticleText({ passages, claims, swatches, continuous = false }: { passages: Passage[]; claims: StoredClaim[]; swatches: Map<string, Swatch>; continuous?: boolean }) {
  return (
    <div class={continuous ? "article-text full-text" : "article-text"} lang="en">
      {passages.map((p, i) => (
        <Fragment key={p.start}>
          {i > 0 && !continuous && (
            <p class="passage-gap" aria-hidden="true">
              …
            </p>
          )}
          <PassageText passage={p} claims={claims} swatches={swatches} />
        </Fragment>
      ))}
    </div>
  );
}

/** Why the view stitches passages from the claims' contexts instead of showing the article. */
function withoutTextReason(data: ArticleWithClaims): string {
  if (data.text !== undefined) return "The article's file has changed since its claims were extracted (a new upload may still be processing).";
  switch (data.textUnavailable) {
    case "gone":
      return "The article's file is no longer in the bucket.";
    case "too-large":
      return "The article's file is too large to show.";
    case "undecodable":
      return "The article's file can no longer be read.";
    default:
      return "The API does not serve article texts here.";
  }
}

function PassageText({ passage, claims, swatches }: { passage: Passage; claims: StoredClaim[]; swatches: Map<string, Swatch> }) {
  const segments = useMemo(() => {
    const at = (offset: number) => offset - passage.start;
    const spans: Span<Mark>[] = [];
    for (const claim of claims) {
      spans.push({ start: at(claim.contentStart), end: at(claim.contentEnd), value: { claim, part: "content" } });
      if (claim.speakerEnd > claim.speakerStart) {
        spans.push({ start: at(claim.speakerStart), end: at(claim.speakerEnd), value: { claim, part: "speaker" } });
      }
    }
    return segmentText(passage.text, spans);
  }, [passage, claims]);
  return (
    <p class="passage">
      {segments.map((seg, i) => {
        if (!seg.value) return seg.text;
        const { claim, part } = seg.value;
        const swatch = swatches.get(claim.speakerId)!;
        const label = part === "content" ? `${claim.speaker} — ${kindLabel(claim.kind)}` : `${claim.speaker} (speaker)`;
        return (
          <a
            key={i}
            href={href.speaker(claim.speakerId)}
            class={part === "content" ? "mark-claim" : "mark-speaker"}
            title={label}
            data-speaker-id={claim.speakerId}
            style={
              part === "content"
                ? { background: swatch.tint, boxShadow: `inset 0 -2px 0 ${swatch.strong}` }
                : { color: swatch.strong, textDecorationColor: swatch.strong }
            }
          >
            {seg.text}
          </a>
        );
      })}
    </p>
  );
}

function speakerTally(claims: readonly StoredClaim[]): { speakerId: string; speaker: string; count: number }[] {
  const tally = new Map<string, { speakerId: string; speaker: string; count: number }>();
  for (const c of claims) {
    const entry = tally.get(c.speakerId) ?? { speakerId: c.speakerId, speaker: c.speaker, count: 0 };
    entry.count++;
    tally.set(c.speakerId, entry);
  }
  return [...tally.values()].sort((a, b) => b.count - a.count || a.speaker.localeCompare(b.speaker));
}
