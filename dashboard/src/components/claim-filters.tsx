/** Topic, date-range and checkworthiness filters and the order. Their values live in the URL, so a filtered view can be shared. */
import type { ClaimSort } from "../lib/api.ts";
import { isScore, isSort, MIN_CHECKWORTHINESS_OPTIONS, SORT_OPTIONS } from "../lib/checkworthiness.ts";
import type { Route } from "../lib/routes.ts";
import { withFilters } from "../lib/routes.ts";
import { isIsoDay } from "../lib/format.ts";
import { topicLabel } from "../lib/topics.ts";
import { navigate } from "../hooks/use-route.ts";

export interface ClaimFilterValues {
  topic?: string;
  from?: string;
  to?: string;
  minCheckworthiness?: string;
  sort?: ClaimSort;
}

/** Filters read from the URL; malformed values are ignored rather than sent to the API. */
export function claimFiltersFrom(route: Route): ClaimFilterValues {
  const { topic, from, to, minCheckworthiness, sort } = route.query;
  return {
    topic: topic || undefined,
    from: isIsoDay(from) ? from : undefined,
    to: isIsoDay(to) ? to : undefined,
    minCheckworthiness: isScore(minCheckworthiness) ? minCheckworthiness : undefined,
    sort: isSort(sort) && sort !== "newest" ? sort : undefined,
  };
}

/** One string per distinct filter set: what a list is cached and refetched by. */
export function filterKey(values: ClaimFilterValues): string {
  return [values.topic, values.from, values.to, values.minCheckworthiness, values.sort].map((v) => v ?? "").join("|");
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
  const active = Boolean(values.topic || values.from || values.to || values.minCheckworthiness || values.sort);
  const minKnown = !values.minCheckworthiness || MIN_CHECKWORTHINESS_OPTIONS.some((o) => o.value === values.minCheckworthiness);
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
      <SelectField
        label="Checkworthiness"
        value={values.minCheckworthiness ?? ""}
        options={minKnown ? MIN_CHECKWORTHINESS_OPTIONS : [{ value: values.minCheckworthiness!, label: `${values.minCheckworthiness} and up` }, ...MIN_CHECKWORTHINESS_OPTIONS]}
        onChange={(value) => set({ minCheckworthiness: value || undefined })}
      />
      <SelectField label="Order" value={values.sort ?? "newest"} options={SORT_OPTIONS} onChange={(value) => set({ sort: isSort(value) && value !== "newest" ? value : undefined })} />
      {active && (
        <a class="button button-quiet" href={withFilters(route, { topic: undefined, from: undefined, to: undefined, minCheckworthiness: undefined, sort: undefined })}>
          Clear filters
        </a>
      )}
    </form>
  );
}

function SelectField({ label, value, options, onChange }: { label: string; value: string; options: readonly { value: string; label: string }[]; onChange(value: string): void }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
