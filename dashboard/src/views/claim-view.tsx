/** A single claim's permalink. */
import { useApi } from "../components/api-context.ts";
import { ClaimCard } from "../components/claim-card.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { useResource } from "../hooks/use-resource.ts";
import { href } from "../lib/routes.ts";

export function ClaimView({ claimId }: { claimId: string }) {
  const api = useApi();
  const claim = useResource(`claim|${claimId}`, (signal) => api.getClaim(claimId, signal));
  if (claim.status === "loading") return <Loading label="Loading claim…" />;
  if (claim.status === "error") return <ErrorState error={claim.error} title="Could not load this claim" />;
  const c = claim.data;
  return (
    <section aria-labelledby="page-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href={href.speaker(c.speakerId)}>{c.speaker}</a> <span aria-hidden="true">/</span> <span>Claim</span>
      </nav>
      <h1 id="page-title" tabIndex={-1} class="visually-hidden">
        Claim by {c.speaker}
      </h1>
      <ClaimCard claim={c} />
    </section>
  );
}
