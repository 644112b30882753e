/**
 * "Live enough": one clock for the whole app. Every POLL_MS (while the tab is visible and auto-refresh
 * is on) or when the reader presses Refresh, `tick` advances and the current view re-fetches in the
 * background, keeping what is on screen, the scroll position and the filters.
 */
import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useState } from "preact/hooks";

export const POLL_MS = 10_000;

export interface Live {
  tick: number;
  auto: boolean;
  setAuto(on: boolean): void;
  refreshNow(): void;
  lastUpdated?: Date;
  markUpdated(): void;
}

const LiveContext = createContext<Live>({
  tick: 0,
  auto: false,
  setAuto: () => undefined,
  refreshNow: () => undefined,
  markUpdated: () => undefined,
});

export function LiveProvider({ children, pollMs = POLL_MS }: { children: ComponentChildren; pollMs?: number }) {
  const [tick, setTick] = useState(0);
  const [auto, setAuto] = useState(true);
  const [lastUpdated, setLastUpdated] = useState<Date | undefined>(undefined);

  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => {
      if (!document.hidden) setTick((t) => t + 1);
    }, pollMs);
    return () => clearInterval(timer);
  }, [auto, pollMs]);

  const refreshNow = useCallback(() => setTick((t) => t + 1), []);
  const markUpdated = useCallback(() => setLastUpdated(new Date()), []);
  const value = useMemo(
    () => ({ tick, auto, setAuto, refreshNow, lastUpdated, markUpdated }),
    [tick, auto, refreshNow, lastUpdated, markUpdated],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}
