import type { ComponentChildren } from "preact";
import type { PagedList } from "../hooks/use-paged-list.ts";
import type { StoredClaim } from "../lib/api.ts";
import type { Swatch } from "../lib/colors.ts";
import { ClaimCard } from "./claim-card.tsx";
import { LoadMore } from "./load-more.tsx";
import { ErrorState, Loading, StaleNotice } from "./states.tsx";

export function ClaimList({
  list,
  showSpeaker,
  empty,
  swatches,
}: {
  list: PagedList<StoredClaim>;
  showSpeaker: boolean;
  empty: ComponentChildren;
  /** Colours chosen for this view; speakers not in it keep their usual colour. */
  swatches?: ReadonlyMap<string, Swatch>;
}) {
  if (list.status === "loading") return <Loading label="Loading claims…" />;
  if (list.status === "error" && list.error) return <ErrorState error={list.error} title="Could not load claims" />;
  if (list.items.length === 0) return <>{empty}</>;
  return (
    <div class="claim-list">
      <StaleNotice error={list.refreshError} />
      {list.ranking && !list.ranking.complete && (
        <p class="muted ranking-note">
          Ranked among the newest {list.ranking.ranked.toLocaleString("en")} matching claims; narrow the dates to rank older ones.
        </p>
      )}
      <ol class="plain-list" aria-label={list.ranking ? "Claims, most checkable first" : "Claims, newest first"}>
        {list.items.map((claim) => (
          <li key={claim.id}>
            <ClaimCard claim={claim} showSpeaker={showSpeaker} swatch={swatches?.get(claim.speakerId)} />
          </li>
        ))}
      </ol>
      <LoadMore list={list} noun="claims" />
    </div>
  );
}
