import type { ArticleMeta, ClaimStore, ObjectVersion, StoredClaim, WriteOutcome } from "../lambdas/store/types.ts";

export interface IngestTotals {
  processed: number;
  failed: number;
  deleted: number;
  skipped: number;
  claims: number;
}

/**
 * Reports what the ingest handler does to the store (article processed with N claims, failed with a
 * reason, deleted, or an older/duplicate event skipped) without the handler knowing: the local stack
 * wraps the store it hands to the handler.
 */
export function reportWrites(store: ClaimStore, print: (line: string) => void): { store: ClaimStore; totals: IngestTotals } {
  const totals: IngestTotals = { processed: 0, failed: 0, deleted: 0, skipped: 0, claims: 0 };
  const running = () => `${totals.processed} processed, ${totals.failed} failed, ${totals.claims} claims so far`;
  const skipped = (key: string, outcome: WriteOutcome) => {
    if (outcome.applied) return false;
    totals.skipped++;
    print(`  · ${key}: ${outcome.reason === "stale" ? "an older event, ignored" : "already applied, ignored"}`);
    return true;
  };
  return {
    totals,
    store: {
      ...store,
      async replaceArticle(version: ObjectVersion, meta: ArticleMeta, claims: StoredClaim[]) {
        const outcome = await store.replaceArticle(version, meta, claims);
        if (!skipped(version.key, outcome)) {
          totals.processed++;
          totals.claims += claims.length;
          const speakers = new Set(claims.map((c) => c.speakerId)).size;
          const again = version.revision ? ", re-extracted" : "";
          print(`  ✓ ${version.key}: ${claims.length} claim${claims.length === 1 ? "" : "s"} from ${speakers} speaker${speakers === 1 ? "" : "s"} (${running()}${again})`);
        }
        return outcome;
      },
      async deleteArticle(version: ObjectVersion) {
        const outcome = await store.deleteArticle(version);
        if (!skipped(version.key, outcome)) {
          totals.deleted++;
          print(`  − ${version.key}: deleted, its claims removed`);
        }
        return outcome;
      },
      async recordFailure(version: ObjectVersion, reason: string, message: string) {
        const outcome = await store.recordFailure(version, reason, message);
        if (!skipped(version.key, outcome)) {
          totals.failed++;
          print(`  ✗ ${version.key}: ${reason}: ${message}`);
        }
        return outcome;
      },
    },
  };
}
