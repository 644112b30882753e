/** The speaker page's two charts: claims per topic (horizontal bars) and claims over time. */
import { useMemo } from "preact/hooks";
import uPlot from "uplot";
import type { Swatch } from "../lib/colors.ts";
import { topicLabel } from "../lib/topics.ts";
import type { Timeline } from "../lib/timeline.ts";
import { UPlotChart } from "./uplot-chart.tsx";

const AXIS = { stroke: "#4a515c", grid: { stroke: "#e6e8eb", width: 1 }, ticks: { stroke: "#d0d4d9", width: 1 }, font: "12px system-ui, sans-serif" };
const BAR_HEIGHT = 30;
/** Average width of a 12px system-ui character, for sizing the label axis. */
const CHAR_PX = 7.2;

const integerTicks = (_u: uPlot, splits: number[]) => splits.map((v) => (Number.isInteger(v) ? String(v) : ""));

export function TopicBarChart({ topics, swatch }: { topics: readonly [string, number][]; swatch: Swatch }) {
  const labels = topics.map(([t]) => topicLabel(t));
  const { options, data } = useMemo(() => {
    const longest = Math.max(...labels.map((l) => l.length), 4);
    // Labels get at most ~40% of a narrow chart (phones); longer ones are shortened with an ellipsis.
    const labelWidth = (u: uPlot) => Math.ceil(Math.min(16 + longest * CHAR_PX, u.width * 0.4));
    const fit = (label: string, u: uPlot) => {
      const chars = Math.floor((labelWidth(u) - 16) / CHAR_PX);
      return label.length > chars ? `${label.slice(0, Math.max(1, chars - 1)).trimEnd()}…` : label;
    };
    const opts: Omit<uPlot.Options, "width" | "height"> = {
      legend: { show: false },
      cursor: { show: false },
      // Category axis runs top-to-bottom on the left (ori 1), the count axis along the bottom.
      scales: {
        x: { time: false, ori: 1, dir: -1, range: () => [-0.5, topics.length - 0.5] },
        y: { ori: 0, range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] },
      },
      axes: [
        {
          ...AXIS,
          side: 3,
          grid: { show: false },
          size: (u) => labelWidth(u),
          splits: () => topics.map((_, i) => i),
          values: (u, splits) => splits.map((i) => fit(labels[i] ?? "", u)),
        },
        { ...AXIS, side: 2, values: integerTicks },
      ],
      series: [
        {},
        {
          label: "Claims",
          fill: swatch.strong,
          stroke: swatch.strong,
          paths: uPlot.paths.bars!({ size: [0.7, 22] }),
          points: { show: false },
        },
      ],
    };
    const d: uPlot.AlignedData = [topics.map((_, i) => i), topics.map(([, c]) => c)];
    return { options: opts, data: d };
  }, [topics, swatch]);
  const label = `Claims per topic: ${topics.map(([t, c]) => `${topicLabel(t)} ${c}`).join(", ")}`;
  return <UPlotChart options={options} data={data} height={Math.max(120, 44 + topics.length * BAR_HEIGHT)} label={label} />;
}

const DAY = 86_400;
/** Tick spacings for the time axis: whole days and up, since claims are dated by day. */
const TIME_TICKS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY, 2 * 365 * DAY, 5 * 365 * DAY];
const MIN_BUCKETS = 7;
const tickDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const tickMonth = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
const tickYear = new Intl.DateTimeFormat("en-GB", { year: "numeric", timeZone: "UTC" });

/** Axis dates in the same day-month order as the rest of the page ("4 Mar", "Mar 2025", "2025"). */
function timeTick(seconds: number, incr: number): string {
  const format = incr >= 365 * DAY ? tickYear : incr >= 28 * DAY ? tickMonth : tickDay;
  return format.format(seconds * 1000);
}
const BUCKET_SECONDS: Record<Timeline["granularity"], number> = { day: 86_400, week: 604_800, month: 2_629_800, year: 31_557_600 };

export function TimelineChart({ timeline, swatch }: { timeline: Timeline; swatch: Swatch }) {
  const { options, data } = useMemo(() => {
    const bucket = BUCKET_SECONDS[timeline.granularity];
    const half = bucket / 2;
    // At least MIN_BUCKETS wide, so a single day does not stretch into an axis of hours.
    const pad = Math.max(0, (MIN_BUCKETS - timeline.starts.length) * half);
    const first = (timeline.starts[0] ?? 0) - pad;
    const last = (timeline.starts[timeline.starts.length - 1] ?? 0) + pad;
    const opts: Omit<uPlot.Options, "width" | "height"> = {
      legend: { show: false },
      cursor: { y: false, drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => [first - half, last + half * 1.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        { ...AXIS, grid: { show: false }, incrs: TIME_TICKS, values: (_u, splits, _axis, _space, incr) => splits.map((s) => timeTick(s, incr)) },
        { ...AXIS, size: 40, values: integerTicks },
      ],
      series: [
        {},
        {
          label: "Claims",
          fill: swatch.strong,
          stroke: swatch.strong,
          paths: uPlot.paths.bars!({ size: [0.8, 40], align: 1 }),
          points: { show: false },
        },
      ],
    };
        // Empty buckets as gaps, not as hairline bars.
    return { options: opts, data: [timeline.starts, timeline.counts.map((c) => (c > 0 ? c : null))] as uPlot.AlignedData };
  }, [timeline, swatch]);
  const total = timeline.counts.reduce((a, b) => a + b, 0);
  const label = `Claims over time by ${timeline.granularity}: ${total} claims across ${timeline.starts.length} ${timeline.granularity}s`;
  return <UPlotChart options={options} data={data} height={200} label={label} />;
}
