/** The current hash route, updated on back/forward, link clicks and in-app navigation. */
import { useEffect, useState } from "preact/hooks";
import { parseHash, type Route } from "../lib/routes.ts";

const NAVIGATED = "claims:navigate";

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener("hashchange", update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener("hashchange", update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return route;
}

/**
 * Changes the URL from code (filters). `replace` is for typing in the search box: the URL follows the
 * text without filling the back button with one entry per keystroke.
 */
export function navigate(hash: string, { replace = false }: { replace?: boolean } = {}): void {
  if (hash === location.hash) return;
  if (replace) history.replaceState(history.state, "", hash);
  else history.pushState(history.state, "", hash);
  window.dispatchEvent(new Event(NAVIGATED));
}
