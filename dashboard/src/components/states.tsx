/** The explicit loading, empty and error states every view uses. */
import type { ComponentChildren } from "preact";
import { ApiError } from "../lib/api.ts";
import { useLive } from "../hooks/live.tsx";

export function Loading({ label }: { label: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({ error, title = "Something went wrong" }: { error: Error; title?: string }) {
  const { refreshNow } = useLive();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div class="state state-error" role="alert">
      <h2>{notFound ? "Not found" : title}</h2>
      <p>{error.message}</p>
      {error instanceof ApiError && error.status > 0 && <p class="muted">HTTP {error.status} · {error.code}</p>}
      {!notFound && (
        <button type="button" class="button" onClick={refreshNow}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shown wherever the archive holds nothing yet: says how to put articles in. */
export function NoClaimsYet() {
  return (
    <div class="state state-empty">
      <h2>No claims yet — upload articles to the bucket</h2>
      <p>Drop plain-text, HTML, Markdown or JSON articles into the claims bucket; they appear here within seconds.</p>
      <pre class="command">
        <code>aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp article.txt s3://$CLAIMS_BUCKET/</code>
      </pre>
      <p>or, for a whole folder with the tracker's CLI:</p>
      <pre class="command">
        <code>npx claims ingest ./articles</code>
      </pre>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A background refresh failed: the data shown is kept but marked as possibly stale. */
export function StaleNotice({ error }: { error?: Error }) {
  if (!error) return null;
  return (
    <p class="stale-notice" role="status">
      Could not refresh ({error.message}). Showing the last data received.
    </p>
  );
}
