/** A speaker's page: who they are, charts of their claims, and their claims newest first. */
import { useMemo } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import { ScopeBadge, SpeakerDot, TypeBadge } from "../components/badges.tsx";
import { TimelineChart, TopicBarChart } from "../components/charts.tsx";
import { ClaimFilters, claimFiltersFrom, filterKey as keyOf } from "../components/claim-filters.tsx";
import { DownloadLinks } from "../components/download-links.tsx";
import { ClaimList } from "../components/claim-list.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { usePagedList } from "../hooks/use-paged-list.ts";
import { useResource } from "../hooks/use-resource.ts";
import { speakerClaimsPath, type ApiClient, type StoredClaim } from "../lib/api.ts";
import { speakerSwatch } from "../lib/colors.ts";
import { formatCount, formatDate } from "../lib/format.ts";
import { distinctAliases, topTopics } from "../lib/leaders.ts";
import { href, withFilters, type Route } from "../lib/routes.ts";
import { buildTimeline } from "../lib/timeline.ts";
import { topicLabel } from "../lib/topics.ts";

const PAGE_SIZE = 20;
const MAX_ALIASES = 8;
/** The timeline is drawn from at most this many of the matching claims (newest first). */
export const TIMELINE_MAX_CLAIMS = 500;
const TIMELINE_PAGE = 100;

export function SpeakerView({ route, speakerId }: { route: Route; speakerId: string }) {
  const api = useApi();
  const filters = claimFiltersFrom(route);
  const filterKey = keyOf(filters);
  // The timeline charts dates: it reads the newest claims whatever order the list is in.
  const timelineFilters = { ...filters, sort: undefined };
  const speaker = useResource(`speaker|${speakerId}`, (signal) => api.getSpeaker(speakerId, signal));
  const claims = usePagedList(`speaker-claims|${speakerId}|${filterKey}`, (nextToken, signal) =>
    api.listSpeakerClaims(speakerId, { ...filters, limit: PAGE_SIZE, nextToken }, signal),
  );
  const timelineClaims = useResource(`speaker-timeline|${speakerId}|${filterKey}`, (signal) =>
    readUpTo(TIMELINE_MAX_CLAIMS, (nextToken) => api.listSpeakerClaims(speakerId, { ...timelineFilters, limit: TIMELINE_PAGE, nextToken }, signal)),
  );

  if (speaker.status === "loading") return <Loading label="Loading speaker…" />;
  if (speaker.status === "error") return <ErrorState error={speaker.error} title="Could not load this speaker" />;
  const s = speaker.data;
  const swatch = speakerSwatch(s.speakerId);
  const topics = topTopics(s.topics, 17);
  const aliases = distinctAliases(s.speaker, s.aliases);

  return (
    <section aria-labelledby="page-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href={href.speakers()}>Speakers</a> <span aria-hidden="true">/</span> <span>{s.speaker}</span>
      </nav>
      <header class="profile" style={{ borderTopColor: swatch.strong }}>
        <h1 id="page-title" tabIndex={-1}>
          <SpeakerDot swatch={swatch} />
          {s.speaker}
        </h1>
        <div class="profile-facts">
          <TypeBadge type={s.speakerType} />
          <ScopeBadge speakerId={s.speakerId} />
          <span>{formatCount(s.claimCount, "claim")}</span>
          {s.lastClaimAt && <span>latest {formatDate(s.lastClaimAt)}</span>}
        </div>
        <FactLine label="Roles" values={s.roles ?? []} />
        <FactLine label="Speaks for" values={s.affiliations ?? []} />
        {aliases.length > 0 && (
          <p class="aliases-line">
            <span class="label">Also referred to as</span> {aliases.slice(0, MAX_ALIASES).join(" · ")}
            {aliases.length > MAX_ALIASES && <span class="muted"> and {aliases.length - MAX_ALIASES} more</span>}
          </p>
        )}
      </header>

      <div class="chart-grid">
        <figure class="panel">
          <figcaption>Claims per topic</figcaption>
          {topics.length > 0 ? <TopicBarChart topics={topics} swatch={swatch} /> : <p class="muted">No claims filed under a topic yet.</p>}
          <div class="chip-row" aria-label="Filter by topic">
            {topics.map(([t, c]) => (
              <a
                key={t}
                class={filters.topic === t ? "topic-chip active" : "topic-chip"}
                aria-current={filters.topic === t ? "true" : undefined}
                href={withFilters(route, { topic: filters.topic === t ? undefined : t })}
              >
                {topicLabel(t)} <span class="topic-chip-count">{c}</span>
              </a>
            ))}
          </div>
        </figure>
        <figure class="panel">
          <figcaption>
            Claims over time
            {filters.topic || filters.from || filters.to ? <span class="muted"> · filtered</span> : null}
          </figcaption>
          <TimelinePanel resource={timelineClaims} swatch={swatch} />
        </figure>
      </div>

      {s.mostRepeated && s.mostRepeated.length > 0 && (
        <>
          <h2 class="section-title">Most repeated</h2>
          <ol class="repeated-list">
            {s.mostRepeated.map((r) => (
              <li key={r.groupId}>
                <a href={href.related(r.claim.id)}>
                  <span class="repeated-count">{r.seenCount}×</span> {r.claim.content}
                </a>{" "}
                <span class="muted">
                  {formatDate(r.firstSeen)} – {formatDate(r.lastSeen)}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}

      <h2 class="section-title">Claims</h2>
      <ClaimFilters route={route} topics={topics} />
      <DownloadLinks list={speakerClaimsPath(s.speakerId)} filters={filters} filename={`claims-speaker-${s.speakerId}`} />
      <ClaimList
        list={claims}
        showSpeaker={false}
        empty={
          <EmptyState title="No claims match these filters">
            <p>
              {filters.topic && <>Nothing on {topicLabel(filters.topic)}. </>}
              <a href={href.speaker(s.speakerId)}>Show all of {s.speaker}'s claims</a>
            </p>
          </EmptyState>
        }
      />
    </section>
  );
}

/** One line of the profile listing what articles said about the speaker (roles, affiliations). */
function FactLine({ label, values }: { label: string; values: readonly string[] }) {
  const shown = distinctAliases("", values);
  if (shown.length === 0) return null;
  return (
    <p class="aliases-line">
      <span class="label">{label}</span> {shown.join(" · ")}
    </p>
  );
}

function TimelinePanel({ resource, swatch }: { resource: ReturnType<typeof useResource<ReadClaims>>; swatch: ReturnType<typeof speakerSwatch> }) {
  const timeline = useMemo(
    () => (resource.status === "ready" ? buildTimeline(resource.data.items.map((c) => c.publishedAt)) : undefined),
    [resource],
  );
  if (resource.status === "loading") return <Loading label="Loading timeline…" />;
  if (resource.status === "error") return <p class="muted">Timeline unavailable: {resource.error.message}</p>;
  if (!timeline) return <p class="muted">No dated claims to chart.</p>;
  return (
    <>
      <TimelineChart timeline={timeline} swatch={swatch} />
      <p class="chart-note muted">
        {formatCount(resource.data.items.length, "claim")} by {timeline.granularity} of publication
        {resource.data.truncated ? ` (the ${TIMELINE_MAX_CLAIMS} most recent)` : ""}
      </p>
    </>
  );
}

interface ReadClaims {
  items: StoredClaim[];
  truncated: boolean;
}

/** Reads pages until `max` items or the end of the list. */
export async function readUpTo(
  max: number,
  loadPage: (nextToken: string | undefined) => ReturnType<ApiClient["listSpeakerClaims"]>,
): Promise<ReadClaims> {
  const items: StoredClaim[] = [];
  let token: string | undefined;
  do {
    const page = await loadPage(token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token && items.length < max);
  return { items: items.slice(0, max), truncated: Boolean(token) || items.length > max };
}
