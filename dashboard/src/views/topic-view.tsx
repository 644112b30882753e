/** One topic: its most-cited speakers and its claims, newest first. */
import { useMemo } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import { SpeakerLink } from "../components/badges.tsx";
import { ClaimFilters, claimFiltersFrom, filterKey } from "../components/claim-filters.tsx";
import { DownloadLinks } from "../components/download-links.tsx";
import { ClaimList } from "../components/claim-list.tsx";
import { ScopeToggle } from "../components/scope-toggle.tsx";
import { EmptyState } from "../components/states.tsx";
import { usePagedList } from "../hooks/use-paged-list.ts";
import { useResource } from "../hooks/use-resource.ts";
import { assignSwatches } from "../lib/colors.ts";
import { formatCount } from "../lib/format.ts";
import { topicLeaders } from "../lib/leaders.ts";
import { href, type Route } from "../lib/routes.ts";
import { topicClaimsPath } from "../lib/api.ts";
import { listScope } from "../lib/scope.ts";
import { topicLabel } from "../lib/topics.ts";
import { readSpeakerSample } from "./speaker-sample.ts";

const PAGE_SIZE = 20;

export function TopicView({ route, topic }: { route: Route; topic: string }) {
  const api = useApi();
  const { topic: _ignored, ...filters } = claimFiltersFrom(route);
  const { from, to } = filters;
  const claims = usePagedList(`topic-claims|${topic}|${filterKey(filters)}`, (nextToken, signal) =>
    api.listTopicClaims(topic, { ...filters, limit: PAGE_SIZE, nextToken }, signal),
  );
  const topics = useResource("topics", (signal) => api.listTopics(signal));
  const scope = listScope(route.query);
  const sample = useResource(`speaker-sample|${scope ?? ""}`, (signal) => readSpeakerSample(api, signal, scope));
  const leaders = useMemo(
    () => (sample.status === "ready" ? (topicLeaders(sample.data.speakers, 8).get(topic) ?? []) : []),
    [sample, topic],
  );
  // Speakers side by side here get distinct colours, the most cited keeping their usual ones.
  const swatches = useMemo(
    () => assignSwatches([...leaders.map((l) => l.speakerId), ...claims.items.map((c) => c.speakerId)]),
    [leaders, claims.items],
  );
  const count = topics.status === "ready" ? topics.data.find((t) => t.topic === topic)?.claimCount : undefined;

  return (
    <section aria-labelledby="page-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href={href.topics()}>Topics</a> <span aria-hidden="true">/</span> <span>{topicLabel(topic)}</span>
      </nav>
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {topicLabel(topic)}
        </h1>
        {count !== undefined && <p class="lede">{formatCount(count, "claim")}</p>}
      </div>
      {sample.status === "ready" && (
        <div class="panel">
          <h2 class="panel-title">Most-cited speakers</h2>
          <ScopeToggle route={route} />
          {leaders.length === 0 && <p class="muted">{scope ? "No speaker" : "No speaker known across articles"} has claims on this topic yet.</p>}
          <ol class="plain-list leader-row">
            {leaders.map((l) => (
              <li key={l.speakerId}>
                <SpeakerLink speakerId={l.speakerId} speaker={l.speaker} swatch={swatches.get(l.speakerId)} />
                <span class="muted"> {l.count}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      <h2 class="section-title">Claims</h2>
      <ClaimFilters route={route} topics={[]} showTopic={false} />
      <DownloadLinks list={topicClaimsPath(topic)} filters={filters} filename={`claims-topic-${topic}`} />
      <ClaimList
        list={claims}
        showSpeaker={true}
        swatches={swatches}
        empty={
          <EmptyState title={`No claims on ${topicLabel(topic)}${from || to || filters.minCheckworthiness ? " match these filters" : " yet"}`}>
            <p>
              <a href={href.topics()}>Back to all topics</a>
            </p>
          </EmptyState>
        }
      />
    </section>
  );
}
