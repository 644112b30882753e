/** "What's new": every claim added, changed or removed in a recent window, oldest change first. */
import { ClaimCard } from "../components/claim-card.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useChangeFeed, type ChangeFeed } from "../hooks/use-change-feed.ts";
import type { PagedList } from "../hooks/use-paged-list.ts";
import type { ClaimChange } from "../lib/api.ts";
import { windowLabel, windowPhrase } from "../lib/changes.ts";
import { formatClock, formatCount, formatDateTime } from "../lib/format.ts";
import { CHANGE_WINDOWS, href, type ChangeWindow } from "../lib/routes.ts";

export function ChangesView({ hours }: { hours: ChangeWindow }) {
  const feed = useChangeFeed(hours);
  return (
    <section aria-labelledby="page-title" class="changes-view">
      <header class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          What's new
        </h1>
        <p class="lede">Claims added or changed in the {windowPhrase(hours)}, oldest first.</p>
        <WindowChoice current={hours} />
      </header>
      <ChangesBody feed={feed} hours={hours} />
    </section>
  );
}

/** The window as links, so each window has its own URL. */
function WindowChoice({ current }: { current: ChangeWindow }) {
  return (
    <nav class="chip-row window-choice" aria-label="Time window">
      {CHANGE_WINDOWS.map((h) => (
        <a key={h} class={h === current ? "topic-chip active" : "topic-chip"} href={href.changes(h)} aria-current={h === current ? "true" : undefined}>
          {windowLabel(h)}
        </a>
      ))}
    </nav>
  );
}

function ChangesBody({ feed, hours }: { feed: ChangeFeed; hours: ChangeWindow }) {
  if (feed.status === "loading") return <Loading label="Loading changes…" />;
  if (feed.status === "error" && feed.error) return <ErrorState error={feed.error} title="Could not load the changes" />;
  const removed = feed.changes.filter((c) => c.op === "delete").length;
  const changed = feed.changes.length - removed;
  // "Load more" follows the feed while it is behind; once caught up, "Check again" takes over.
  const more: PagedList<ClaimChange> = {
    status: "ready",
    items: feed.changes,
    hasMore: !feed.caughtUp,
    loadingMore: feed.busy,
    moreError: feed.caughtUp ? undefined : feed.moreError,
    loadMore: feed.readOn,
  };
  return (
    <div class="claim-list change-feed">
      {feed.changes.length === 0 ? (
        <EmptyState title={`Nothing new in the ${windowPhrase(hours)}`}>
          <p>Claims show here a few seconds after their article is processed.</p>
        </EmptyState>
      ) : (
        <>
          <p class="result-count">
            {formatCount(changed, "claim")} added or changed, {removed} removed{feed.caughtUp ? "" : " so far"}
          </p>
          <ol class="plain-list change-list" aria-label="Changes, oldest first">
            {feed.changes.map((change) => (
              <li key={change.claimId} class={`change change-${change.op}`} data-claim-id={change.claimId}>
                {change.op === "upsert" ? (
                  <>
                    <p class="change-meta">
                      Added or changed <span class="sep" aria-hidden="true">·</span> <time dateTime={change.changedAt}>{formatDateTime(change.changedAt)}</time>
                    </p>
                    <ClaimCard claim={change.claim} />
                  </>
                ) : (
                  <p class="change-removed-line">
                    A claim was removed <span class="sep" aria-hidden="true">·</span> <time dateTime={change.changedAt}>{formatDateTime(change.changedAt)}</time>{" "}
                    <span class="sep" aria-hidden="true">·</span> <code class="claim-id" title="The removed claim's id">{change.claimId}</code>
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      <LoadMore list={more} noun="changes" />
      {feed.caughtUp && <UpToDate feed={feed} />}
    </div>
  );
}

/** The end of the feed: says so, and asks again from the same position on request (or on the next live tick). */
function UpToDate({ feed }: { feed: ChangeFeed }) {
  return (
    <div class="up-to-date">
      <p role="status">
        <strong>You are up to date.</strong>
        {feed.checked && (
          <span class="muted">
            {" "}
            Checked at {formatClock(feed.checked.at)}: {feed.checked.claims > 0 ? `${formatCount(feed.checked.claims, "new change")}.` : "nothing new."}
          </span>
        )}
      </p>
      {feed.moreError && (
        <p class="stale-notice" role="alert">
          Could not check again: {feed.moreError.message}
        </p>
      )}
      <button type="button" class="button button-quiet" onClick={feed.readOn} disabled={feed.busy} aria-busy={feed.busy}>
        {feed.busy ? "Checking…" : "Check again"}
      </button>
    </div>
  );
}
