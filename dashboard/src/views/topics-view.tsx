/** Every topic with its number of claims and its most-cited speakers. */
import { useMemo } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import { SpeakerLink } from "../components/badges.tsx";
import { ScopeToggle } from "../components/scope-toggle.tsx";
import { ErrorState, Loading, NoClaimsYet, StaleNotice } from "../components/states.tsx";
import { useResource } from "../hooks/use-resource.ts";
import { formatCount } from "../lib/format.ts";
import { topicLeaders } from "../lib/leaders.ts";
import { href, type Route } from "../lib/routes.ts";
import { listScope } from "../lib/scope.ts";
import { topicLabel } from "../lib/topics.ts";
import { readSpeakerSample, SPEAKER_SAMPLE_MAX } from "./speaker-sample.ts";

export function TopicsView({ route }: { route: Route }) {
  const api = useApi();
  const scope = listScope(route.query);
  const topics = useResource("topics", (signal) => api.listTopics(signal));
  const sample = useResource(`speaker-sample|${scope ?? ""}`, (signal) => readSpeakerSample(api, signal, scope));
  const leaders = useMemo(() => (sample.status === "ready" ? topicLeaders(sample.data.speakers, 3) : undefined), [sample]);

  const head = (
    <div class="page-head">
      <h1 id="page-title" tabIndex={-1}>
        Topics
      </h1>
      <p class="lede">Claims filed under the IPTC Media Topics, with the speakers cited most on each.</p>
      <ScopeToggle route={route} />
    </div>
  );
  if (topics.status === "loading") return <section aria-labelledby="page-title">{head}<Loading label="Loading topics…" /></section>;
  if (topics.status === "error") return <section aria-labelledby="page-title">{head}<ErrorState error={topics.error} title="Could not load topics" /></section>;

  const ranked = [...topics.data].sort((a, b) => b.claimCount - a.claimCount || a.topic.localeCompare(b.topic));
  const withClaims = ranked.filter((t) => t.claimCount > 0);
  const max = Math.max(1, ...ranked.map((t) => t.claimCount));
  return (
    <section aria-labelledby="page-title">
      {head}
      <StaleNotice error={topics.refreshError} />
      {withClaims.length === 0 ? (
        <NoClaimsYet />
      ) : (
        <ol class="plain-list topic-grid" aria-label="Topics by number of claims">
          {withClaims.map((t) => (
            <li key={t.topic} class="topic-card" data-topic={t.topic}>
              <a class="topic-title" href={href.topic(t.topic)}>
                {topicLabel(t.topic)}
              </a>
              <p class="topic-count">{formatCount(t.claimCount, "claim")}</p>
              <span class="count-bar" aria-hidden="true">
                <span style={{ width: `${(100 * t.claimCount) / max}%` }} />
              </span>
              <p class="label">Most cited</p>
              {sample.status === "loading" && <p class="muted">Loading…</p>}
              {sample.status === "error" && <p class="muted">Unavailable</p>}
              {leaders && (
                <ol class="plain-list leader-list">
                  {(leaders.get(t.topic) ?? []).map((l) => (
                    <li key={l.speakerId}>
                      <SpeakerLink speakerId={l.speakerId} speaker={l.speaker} />
                      <span class="muted"> {l.count}</span>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
      {ranked.length > withClaims.length && withClaims.length > 0 && (
        <p class="muted">No claims yet on: {ranked.filter((t) => t.claimCount === 0).map((t) => topicLabel(t.topic)).join(", ")}.</p>
      )}
      {sample.status === "ready" && !sample.data.complete && (
        <p class="muted">Most-cited speakers are ranked among the {SPEAKER_SAMPLE_MAX} speakers with the most claims.</p>
      )}
    </section>
  );
}
