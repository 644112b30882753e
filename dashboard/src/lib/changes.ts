/** The "What's new" page's list: the change feed's pages merged into one entry per claim. */
import type { ClaimChange } from "./api.ts";
import type { ChangeWindow } from "./routes.ts";

/**
 * `earlier` followed by `later`, one entry per claim: a later change of a claim replaces its earlier
 * entry and takes the later one's place, so the list stays in the order of each claim's latest change.
 */
export function mergeChanges(earlier: readonly ClaimChange[], later: readonly ClaimChange[]): ClaimChange[] {
  const byClaim = new Map<string, ClaimChange>();
  for (const change of [...earlier, ...later]) {
    // A Map keeps insertion order: deleting first moves the claim to the end.
    byClaim.delete(change.claimId);
    byClaim.set(change.claimId, change);
  }
  return [...byClaim.values()];
}

/** How many distinct claims a batch of changes touches (a claim changed twice in it counts once). */
export function claimsTouched(changes: readonly ClaimChange[]): number {
  return new Set(changes.map((c) => c.claimId)).size;
}

/** Where the window starts: `hours` before `now`, as the ISO date-time the feed's `from` takes. */
export function windowStart(hours: ChangeWindow, now: number): string {
  return new Date(now - hours * 3_600_000).toISOString();
}

/** "last hour", "last 24 hours", "last 7 days". */
export function windowPhrase(hours: ChangeWindow): string {
  if (hours === 1) return "last hour";
  if (hours % 24 === 0 && hours > 24) return `last ${hours / 24} days`;
  return `last ${hours} hours`;
}

/** The window's label on its own: "Last hour", "Last 24 hours", "Last 7 days". */
export function windowLabel(hours: ChangeWindow): string {
  const phrase = windowPhrase(hours);
  return phrase[0]!.toUpperCase() + phrase.slice(1);
}
