import type { PagedList } from "../hooks/use-paged-list.ts";

export function LoadMore<T>({ list, noun }: { list: PagedList<T>; noun: string }) {
  if (!list.hasMore && !list.moreError) return null;
  return (
    <div class="load-more">
      {list.moreError && (
        <p class="stale-notice" role="alert">
          Could not load more {noun}: {list.moreError.message}
        </p>
      )}
      {list.hasMore && (
        <button type="button" class="button" onClick={list.loadMore} disabled={list.loadingMore} aria-busy={list.loadingMore}>
          {list.loadingMore ? `Loading more ${noun}…` : `Load more ${noun}`}
        </button>
      )}
    </div>
  );
}
