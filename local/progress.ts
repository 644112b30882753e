import { DEFAULT_MAX_CLAIMS_PER_ARTICLE } from "../lambdas/store/dynamo-store.ts";
import type { ArticleMeta, ClaimStore, ObjectVersion, StoredClaim, WriteOutcome } from "../lambdas/store/types.ts";

export interface IngestTotals {
  processed: number;
  failed: number;
  deleted: number;
  /** Events that changed nothing: older or duplicate, a folder marker. */
  skipped: number;
  /** Claims stored (at most the store's limit per article). */
  claims: number;
  /** Claims found beyond that limit, and so not stored. */
  claimsOverLimit: number;
}

/**
 * A key as the console shows it: as it is, unless it holds a control character (a newline would
 * split the line and could fake another one); then JSON-quoted with escapes.
 */
export function printableKey(key: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(key) ? JSON.stringify(key) : key;
}

const IGNORED: Record<string, string> = {
  "folder-marker": "a folder marker (empty object ending in /), not an article",
};

/**
 * Reports what the ingest handler does to the store (article processed with N claims, failed with a
 * reason, deleted, or an older/duplicate event skipped) without the handler knowing: the local stack
 * wraps the store it hands to the handler. `ignored` reports events the handler skipped before
 * writing (its log says which).
 */
export function reportWrites(
  store: ClaimStore,
  print: (line: string) => void,
  maxClaimsPerArticle = DEFAULT_MAX_CLAIMS_PER_ARTICLE,
): { store: ClaimStore; totals: IngestTotals; ignored(key: string, reason: string): void } {
  const totals: IngestTotals = { processed: 0, failed: 0, deleted: 0, skipped: 0, claims: 0, claimsOverLimit: 0 };
  const running = () => `${totals.processed} processed, ${totals.failed} failed, ${totals.claims} claims stored so far`;
  const skipped = (key: string, outcome: WriteOutcome) => {
    if (outcome.applied) return false;
    totals.skipped++;
    print(`  · ${printableKey(key)}: ${outcome.reason === "stale" ? "an older event, ignored" : "already applied, ignored"}`);
    return true;
  };
  return {
    totals,
    ignored(key, reason) {
      totals.skipped++;
      print(`  · ${printableKey(key)}: ${IGNORED[reason] ?? `ignored (${reason})`}`);
    },
    store: {
      ...store,
      async replaceArticle(version: ObjectVersion, meta: ArticleMeta, claims: StoredClaim[]) {
        const outcome = await store.replaceArticle(version, meta, claims);
        if (!skipped(version.key, outcome)) {
          // Preparation keeps the most confident claims up to the limit and counts the rest on the
          // article's meta; a caller that hands the store more is cut by the store the same way.
          const stored = claims.slice(0, maxClaimsPerArticle);
          const over = claims.length - stored.length + (meta.claimsOverLimit ?? 0);
          totals.processed++;
          totals.claims += stored.length;
          totals.claimsOverLimit += over;
          const speakers = new Set(stored.map((c) => c.speakerId)).size;
          const again = version.revision ? ", re-extracted" : "";
          const count = over ? `${stored.length} claims stored of ${stored.length + over} found (the limit per article)` : `${stored.length} claim${stored.length === 1 ? "" : "s"}`;
          print(`  ✓ ${printableKey(version.key)}: ${count} from ${speakers} speaker${speakers === 1 ? "" : "s"} (${running()}${again})`);
        }
        return outcome;
      },
      async deleteArticle(version: ObjectVersion) {
        const outcome = await store.deleteArticle(version);
        if (!skipped(version.key, outcome)) {
          totals.deleted++;
          print(`  − ${printableKey(version.key)}: deleted, its claims removed`);
        }
        return outcome;
      },
      async recordFailure(version: ObjectVersion, reason: string, message: string) {
        const outcome = await store.recordFailure(version, reason, message);
        if (!skipped(version.key, outcome)) {
          totals.failed++;
          print(`  ✗ ${printableKey(version.key)}: ${reason}: ${message}`);
        }
        return outcome;
      },
    },
  };
}
