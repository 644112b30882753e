import { navigate } from "../hooks/use-route.ts";
import { withFilters, type Route } from "../lib/routes.ts";
import { listScope } from "../lib/scope.ts";

/** Shows or hides speakers known only within one article; the choice lives in the URL (`scope=all`). */
export function ScopeToggle({ route }: { route: Route }) {
  const all = listScope(route.query) === "all";
  return (
    <label class="toggle">
      <input type="checkbox" name="scope" checked={all} onChange={(e) => navigate(withFilters(route, { scope: e.currentTarget.checked ? "all" : undefined }), { replace: true })} />
      Include speakers known only within one article
    </label>
  );
}
