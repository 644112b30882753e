/** Header control: when the view was last updated, auto-refresh on/off, and refresh now. */
import { useLive } from "../hooks/live.tsx";
import { formatClock } from "../lib/format.ts";

export function LiveControl() {
  const { auto, setAuto, refreshNow, lastUpdated } = useLive();
  return (
    <div class="live-control">
      <span class={auto ? "live-dot on" : "live-dot"} aria-hidden="true" />
      <span class="live-status" aria-live="off">
        {lastUpdated ? `Updated ${formatClock(lastUpdated)}` : "Connecting…"}
      </span>
      <button type="button" class="button button-small button-ghost" aria-pressed={auto} onClick={() => setAuto(!auto)}>
        <span aria-hidden="true">{auto ? "✓ " : ""}</span>Auto-refresh
      </button>
      <button type="button" class="button button-small" onClick={refreshNow}>
        Refresh
      </button>
    </div>
  );
}
