/**
 * The change feed from the start of a window, read page by page with the feed's position (`since`):
 * "Load more" while the feed is behind, "Check again" once it is caught up. Every page is merged into
 * one entry per claim (mergeChanges). A live tick (auto-refresh or the header's Refresh) checks again
 * when the list is caught up, and retries a failed first load.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApi } from "../components/api-context.ts";
import type { ApiClient, ChangePage, ClaimChange } from "../lib/api.ts";
import { claimsTouched, mergeChanges, windowStart } from "../lib/changes.ts";
import type { ChangeWindow } from "../lib/routes.ts";
import { useLive } from "./live.tsx";

/** Changes per request: a page of claim cards a reader can take in. */
export const CHANGES_PAGE = 25;
/** A page may come back empty before the feed is caught up (a position moving past a quiet stretch): keep reading, a few times. */
const MAX_EMPTY_PAGES = 3;

export interface ChangeFeed {
  status: "loading" | "error" | "ready";
  changes: ClaimChange[];
  error?: Error;
  /** The last page read reached the newest settled change. */
  caughtUp: boolean;
  /** A "Load more" or "Check again" is under way. */
  busy: boolean;
  /** Why the last "Load more" or "Check again" failed. */
  moreError?: Error;
  /** The last "Check again": when it answered and how many claims it brought. */
  checked?: { at: Date; claims: number };
  /** Reads on from the feed's position: the next page, or what is new since the last check. */
  readOn(): void;
}

interface State {
  status: "loading" | "error" | "ready";
  changes: ClaimChange[];
  nextSince?: string;
  caughtUp: boolean;
  busy: boolean;
  error?: Error;
  moreError?: Error;
  checked?: { at: Date; claims: number };
}

const initial: State = { status: "loading", changes: [], caughtUp: false, busy: false };

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** One page, reading on past a few empty pages of a feed that is not caught up yet. */
async function readPage(api: ApiClient, first: { from: string } | { since: string }, signal: AbortSignal): Promise<ChangePage> {
  let page = await api.listChanges({ ...first, limit: CHANGES_PAGE }, signal);
  const items = [...page.items];
  for (let i = 0; i < MAX_EMPTY_PAGES && items.length === 0 && !page.caughtUp; i++) {
    page = await api.listChanges({ since: page.nextSince, limit: CHANGES_PAGE }, signal);
    items.push(...page.items);
  }
  return { ...page, items };
}

export function useChangeFeed(hours: ChangeWindow): ChangeFeed {
  const api = useApi();
  const { tick, markUpdated } = useLive();
  const [state, setState] = useState<State>(initial);
  const stateRef = useRef(state);
  stateRef.current = state;
  // Each read carries the generation it started in; answers from an older generation (another window, an unmounted view) are dropped.
  const generation = useRef(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const gen = ++generation.current;
    const aborter = new AbortController();
    controller.current = aborter;
    setState(initial);
    readPage(api, { from: windowStart(hours, Date.now()) }, aborter.signal).then(
      (page) => {
        if (gen !== generation.current) return;
        setState({ status: "ready", changes: mergeChanges([], page.items), nextSince: page.nextSince, caughtUp: page.caughtUp, busy: false });
        markUpdated();
      },
      (error: unknown) => {
        if (gen !== generation.current || aborter.signal.aborted) return;
        setState({ ...initial, status: "error", error: toError(error) });
      },
    );
    return () => aborter.abort();
  }, [api, hours, attempt, markUpdated]);

  const readOn = useCallback(() => {
    const current = stateRef.current;
    if (current.status !== "ready" || current.busy || !current.nextSince) return;
    const gen = generation.current;
    const checking = current.caughtUp;
    setState({ ...current, busy: true, moreError: undefined });
    readPage(api, { since: current.nextSince }, controller.current!.signal).then(
      (page) => {
        if (gen !== generation.current) return;
        setState((prev) => ({
          ...prev,
          changes: mergeChanges(prev.changes, page.items),
          nextSince: page.nextSince,
          caughtUp: page.caughtUp,
          busy: false,
          ...(checking && { checked: { at: new Date(), claims: claimsTouched(page.items) } }),
        }));
        markUpdated();
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        setState((prev) => ({ ...prev, busy: false, moreError: toError(error) }));
      },
    );
  }, [api, markUpdated]);

  // A live tick: a caught-up list checks again; a failed first load tries again. The first tick seen is the one the view opened on.
  const openedOn = useRef(tick);
  useEffect(() => {
    if (tick === openedOn.current) return;
    const current = stateRef.current;
    if (current.status === "error") setAttempt((n) => n + 1);
    else if (current.status === "ready" && current.caughtUp) readOn();
  }, [tick, readOn]);

  return {
    status: state.status,
    changes: state.changes,
    error: state.error,
    caughtUp: state.caughtUp,
    busy: state.busy,
    moreError: state.moreError,
    checked: state.checked,
    readOn,
  };
}
