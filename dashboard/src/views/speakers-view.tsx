/** The home view: every speaker, most claims first, with search and type / topic filters. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import { ScopeBadge, SpeakerDot, TopicLink, TypeBadge } from "../components/badges.tsx";
import { ScopeToggle } from "../components/scope-toggle.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { EmptyState, ErrorState, Loading, NoClaimsYet, StaleNotice } from "../components/states.tsx";
import { usePagedList, type PagedList } from "../hooks/use-paged-list.ts";
import { useResource } from "../hooks/use-resource.ts";
import { navigate } from "../hooks/use-route.ts";
import type { SpeakerSummary } from "../lib/api.ts";
import { speakerSwatch } from "../lib/colors.ts";
import { formatCount, formatDate, SPEAKER_TYPE_LABELS } from "../lib/format.ts";
import { countFor, distinctAliases, rankSpeakers, topTopics } from "../lib/leaders.ts";
import { href, withFilters, type Route } from "../lib/routes.ts";
import { listScope } from "../lib/scope.ts";
import { topicLabel } from "../lib/topics.ts";

const PAGE_SIZE = 30;
const SEARCH_DEBOUNCE_MS = 250;
const MIN_SHOWN_WITH_TOPIC = 10;
const MAX_AUTO_PAGES = 5;
const SEARCHABLE = /[\p{L}\p{N}]{2}/u;

export function SpeakersView({ route }: { route: Route }) {
  const api = useApi();
  const { q: typed = "", type = "", topic = "" } = route.query;
  // The API searches by words of two letters or more; a single letter lists everyone, with a hint.
  const q = SEARCHABLE.test(typed) ? typed : "";
  const scope = listScope(route.query);
  const list = usePagedList(`speakers|${q}|${type}|${scope ?? ""}`, (nextToken, signal) =>
    api.listSpeakers({ q: q || undefined, type: type || undefined, scope, limit: PAGE_SIZE, nextToken }, signal),
  );
  const topics = useResource("topics", (signal) => api.listTopics(signal));

  // The API filters by name and type; the topic filter and the ranking by topic are applied to the loaded pages.
  const shown = useMemo(() => rankSpeakers(list.items, topic), [list.items, topic]);
  const maxCount = Math.max(1, ...shown.map((s) => countFor(s, topic)));
  useFillTopicFilter(list, shown.length, `${q}|${type}|${topic}|${scope ?? ""}`, Boolean(topic));
  const filtered = Boolean(q || type || topic);

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Speakers
        </h1>
        <p class="lede">Everyone quoted or cited in the archive, ranked by number of claims.</p>
      </div>
      <form class="filters" role="search" aria-label="Find speakers" onSubmit={(e) => e.preventDefault()}>
        <SearchBox route={route} value={typed} />
        <label class="field">
          <span class="field-label">Type</span>
          <select value={type} onChange={(e) => navigate(withFilters(route, { type: e.currentTarget.value }))}>
            <option value="">All types</option>
            {Object.entries(SPEAKER_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">Topic</span>
          <select value={topic} onChange={(e) => navigate(withFilters(route, { topic: e.currentTarget.value }))}>
            <option value="">All topics</option>
            {topic && !(topics.status === "ready" && topics.data.some((t) => t.topic === topic)) && (
              <option value={topic}>{topicLabel(topic)}</option>
            )}
            {topics.status === "ready" &&
              topics.data
                .filter((t) => t.claimCount > 0)
                .map((t) => (
                  <option key={t.topic} value={t.topic}>
                    {topicLabel(t.topic)} ({t.claimCount})
                  </option>
                ))}
          </select>
        </label>
        <ScopeToggle route={route} />
        {filtered && (
          <a class="button button-quiet" href={href.speakers()}>
            Clear
          </a>
        )}
      </form>

      {typed !== "" && q === "" && <p class="muted">Type at least two letters of a name to search.</p>}
      {list.status === "loading" && <Loading label="Loading speakers…" />}
      {list.status === "error" && list.error && <ErrorState error={list.error} title="Could not load speakers" />}
      {list.status === "ready" && list.items.length === 0 && !filtered && <NoClaimsYet />}
      {list.status === "ready" && shown.length === 0 && (filtered || list.items.length > 0) && (
        <EmptyState title="No speakers match these filters">
          <p>
            {q && <>No speaker's name or alias has words starting with “{q}”. </>}
            {list.hasMore ? "More speakers can be loaded below. " : ""}
            <a href={href.speakers()}>Show all speakers</a>
          </p>
        </EmptyState>
      )}
      {list.status === "ready" && shown.length > 0 && (
        <>
          <StaleNotice error={list.refreshError} />
          <p class="result-count" aria-live="polite">
            {formatCount(shown.length, "speaker")}
            {list.hasMore ? " loaded" : ""}
            {topic ? ` with claims on ${topicLabel(topic)}` : ""}
          </p>
          <ol class="plain-list speaker-list" aria-label="Speakers by number of claims">
            {shown.map((s) => (
              <SpeakerRow key={s.speakerId} speaker={s} topic={topic} maxCount={maxCount} />
            ))}
          </ol>
        </>
      )}
      {list.status === "ready" && <LoadMore list={list} noun="speakers" />}
    </section>
  );
}

/**
 * With a topic filter most loaded speakers may be filtered out; read a few more pages by itself so the
 * reader sees a useful list without pressing "Load more" repeatedly.
 */
function useFillTopicFilter(list: PagedList<unknown>, shownCount: number, filterKey: string, active: boolean): void {
  const autoLoads = useRef({ key: "", count: 0 });
  useEffect(() => {
    if (autoLoads.current.key !== filterKey) autoLoads.current = { key: filterKey, count: 0 };
    if (!active || list.status !== "ready" || !list.hasMore || list.loadingMore || list.moreError) return;
    if (shownCount >= MIN_SHOWN_WITH_TOPIC || autoLoads.current.count >= MAX_AUTO_PAGES) return;
    autoLoads.current.count++;
    list.loadMore();
  });
}

function SearchBox({ route, value }: { route: Route; value: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => navigate(withFilters(route, { q: text.trim() }), { replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <label class="field field-grow">
      <span class="field-label">Search by name</span>
      <input
        type="search"
        value={text}
        placeholder="e.g. Peskov"
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => setText(e.currentTarget.value)}
      />
    </label>
  );
}

function SpeakerRow({ speaker: s, topic, maxCount }: { speaker: SpeakerSummary; topic: string; maxCount: number }) {
  const swatch = speakerSwatch(s.speakerId);
  const count = countFor(s, topic);
  const others = distinctAliases(s.speaker, s.aliases).slice(0, 3);
  return (
    <li class="speaker-row" data-speaker-id={s.speakerId}>
      <div class="speaker-main">
        <a class="speaker-name" href={href.speaker(s.speakerId, topic ? { topic } : undefined)}>
          <SpeakerDot swatch={swatch} />
          {s.speaker}
        </a>
        <div class="speaker-sub">
          <TypeBadge type={s.speakerType} />
          <ScopeBadge speakerId={s.speakerId} />
          {others.length > 0 && <span class="aliases">also “{others.join("”, “")}”</span>}
        </div>
      </div>
      <div class="speaker-count">
        <span class="count-number">{count}</span>
        <span class="count-unit">{topic ? `of ${formatCount(s.claimCount, "claim")}` : count === 1 ? "claim" : "claims"}</span>
        <span class="count-bar" aria-hidden="true">
          <span style={{ width: `${(100 * count) / maxCount}%`, background: swatch.strong }} />
        </span>
      </div>
      <div class="speaker-topics">
        {topTopics(s.topics, 3).map(([t, c]) => (
          <TopicLink key={t} topic={t} count={c} />
        ))}
      </div>
      <div class="speaker-last muted">{s.lastClaimAt ? `Last: ${formatDate(s.lastClaimAt)}` : ""}</div>
    </li>
  );
}
