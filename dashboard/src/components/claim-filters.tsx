/** Topic and date-range filters. Their values live in the URL, so a filtered view can be shared. */
import type { Route } from "../lib/routes.ts";
import { withFilters } from "../lib/routes.ts";
import { isIsoDay } from "../lib/format.ts";
import { topicLabel } from "../lib/topics.ts";
import { navigate } from "../hooks/use-route.ts";

export interface ClaimFilterValues {
  topic?: string;
  from?: string;
  to?: string;
}

/** Filters read from the URL; malformed dates are ignored rather than sent to the API. */
export function claimFiltersFrom(route: Route): ClaimFilterValues {
  const { topic, from, to } = route.query;
  return { topic: topic || undefined, from: isIsoDay(from) ? from : undefined, to: isIsoDay(to) ? to : undefined };
}

export function ClaimFilters({
  route,
  topics,
  showTopic = true,
}: {
  route: Route;
  /** [slug, count] pairs offered in the topic menu. */
  topics: readonly (readonly [string, number | undefined])[];
  showTopic?: boolean;
}) {
  const values = claimFiltersFrom(route);
  const set = (changes: Partial<ClaimFilterValues>) => navigate(withFilters(route, changes));
  const active = Boolean(values.topic || values.from || values.to);
  const topicKnown = !values.topic || topics.some(([t]) => t === values.topic);
  return (
    <form class="filters" role="search" aria-label="Filter claims" onSubmit={(e) => e.preventDefault()}>
      {showTopic && (
        <label class="field">
          <span class="field-label">Topic</span>
          <select value={values.topic ?? ""} onChange={(e) => set({ topic: e.currentTarget.value || undefined })}>
            <option value="">All topics</option>
            {!topicKnown && values.topic && <option value={values.topic}>{topicLabel(values.topic)}</option>}
            {topics.map(([topic, count]) => (
              <option key={topic} value={topic}>
                {topicLabel(topic)}
                {count !== undefined ? ` (${count})` : ""}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="field">
        <span class="field-label">From</span>
        <input type="date" value={values.from ?? ""} max={values.to} onChange={(e) => set({ from: e.currentTarget.value || undefined })} />
      </label>
      <label class="field">
        <span class="field-label">To</span>
        <input type="date" value={values.to ?? ""} min={values.from} onChange={(e) => set({ to: e.currentTarget.value || undefined })} />
      </label>
      {active && (
        <a class="button button-quiet" href={withFilters(route, { topic: undefined, from: undefined, to: undefined })}>
          Clear filters
        </a>
      )}
    </form>
  );
}
