/**
 * A list read page by page with `nextToken` ("Load more"). A live refresh re-reads as many pages as are
 * loaded and swaps them in at once, so new items appear without the list jumping back to one page.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Page, Ranking } from "../lib/api.ts";
import { useLive } from "./live.tsx";

/** Re-reading more pages than this on each tick would hammer the API for a reader deep in a long list. */
const MAX_REFRESH_PAGES = 5;

export interface PagedList<T> {
  status: "loading" | "error" | "ready";
  items: T[];
  error?: Error;
  hasMore: boolean;
  loadingMore: boolean;
  moreError?: Error;
  refreshError?: Error;
  /** The first page's ranking note, on a list sorted by checkworthiness. */
  ranking?: Ranking;
  loadMore(): void;
}

type LoadPage<T> = (nextToken: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

interface State<T> {
  status: "loading" | "error" | "ready";
  items: T[];
  nextToken?: string;
  pages: number;
  error?: Error;
  loadingMore: boolean;
  moreError?: Error;
  refreshError?: Error;
  ranking?: Ranking;
}

const initial = { status: "loading" as const, items: [], pages: 0, loadingMore: false };

/** A store may return an empty page with a token (a filtered or sharded query): keep reading, a few times. */
const MAX_EMPTY_PAGES = 3;

async function readNonEmptyPage<T>(loadPage: LoadPage<T>, token: string): Promise<Page<T>> {
  let page = await loadPage(token, new AbortController().signal);
  for (let i = 0; i < MAX_EMPTY_PAGES && page.items.length === 0 && page.nextToken; i++) {
    page = await loadPage(page.nextToken, new AbortController().signal);
  }
  return page;
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export function usePagedList<T>(key: string, loadPage: LoadPage<T>): PagedList<T> {
  const { tick, markUpdated } = useLive();
  const [state, setState] = useState<State<T>>(initial);
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  const stateRef = useRef(state);
  stateRef.current = state;
  const keyRef = useRef<string | undefined>(undefined);
  // Each fetch carries the generation it started in; answers from an older generation are dropped.
  const generation = useRef(0);

  useEffect(() => {
    const isNewKey = keyRef.current !== key;
    keyRef.current = key;
    const gen = ++generation.current;
    const controller = new AbortController();
    const pagesWanted = isNewKey ? 1 : Math.min(Math.max(stateRef.current.pages, 1), MAX_REFRESH_PAGES);
    if (isNewKey) setState(initial);

    (async () => {
      const items: T[] = [];
      let token: string | undefined;
      let pages = 0;
      let emptyReads = 0;
      let ranking: Ranking | undefined;
      do {
        const page = await loadRef.current(token, controller.signal);
        ranking ??= page.ranking;
        items.push(...page.items);
        token = page.nextToken;
        if (page.items.length === 0 && emptyReads < MAX_EMPTY_PAGES) emptyReads++;
        else pages++;
      } while (token && pages < pagesWanted);
      return { items, token, pages, ranking };
    })().then(
      ({ items, token, pages, ranking }) => {
        if (gen !== generation.current) return;
        setState({ status: "ready", items, nextToken: token, pages, loadingMore: false, ...(ranking && { ranking }) });
        markUpdated();
      },
      (error: unknown) => {
        if (gen !== generation.current || controller.signal.aborted) return;
        const err = toError(error);
        setState((prev) =>
          prev.status === "ready" && !isNewKey ? { ...prev, refreshError: err } : { ...initial, status: "error", error: err },
        );
      },
    );
    return () => controller.abort();
  }, [key, tick, markUpdated]);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (!current.nextToken || current.loadingMore) return;
    const gen = generation.current;
    setState({ ...current, loadingMore: true, moreError: undefined });
    readNonEmptyPage(loadRef.current, current.nextToken).then(
      (page) => {
        if (gen !== generation.current) return;
        setState((prev) => ({
          ...prev,
          items: [...prev.items, ...page.items],
          nextToken: page.nextToken,
          pages: prev.pages + 1,
          loadingMore: false,
        }));
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        setState((prev) => ({ ...prev, loadingMore: false, moreError: toError(error) }));
      },
    );
  }, []);

  return {
    status: state.status,
    items: state.items,
    error: state.error,
    hasMore: Boolean(state.nextToken),
    loadingMore: state.loadingMore,
    moreError: state.moreError,
    refreshError: state.refreshError,
    ...(state.ranking && { ranking: state.ranking }),
    loadMore,
  };
}
