/** One fetched value with explicit loading / error states, refreshed in the background on each live tick. */
import { useEffect, useRef, useState } from "preact/hooks";
import { useLive } from "./live.tsx";

export type Resource<T> =
  | { status: "loading" }
  | { status: "error"; error: Error }
  | { status: "ready"; data: T; refreshError?: Error };

export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const { tick, markUpdated } = useLive();
  const [state, setState] = useState<Resource<T>>({ status: "loading" });
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef<string | undefined>(undefined);

  useEffect(() => {
    const isNewKey = keyRef.current !== key;
    keyRef.current = key;
    if (isNewKey) setState({ status: "loading" });
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ status: "ready", data });
        markUpdated();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const err = error instanceof Error ? error : new Error(String(error));
        // A failed background refresh keeps the data on screen and says so, rather than blanking the view.
        setState((prev) => (prev.status === "ready" && !isNewKey ? { ...prev, refreshError: err } : { status: "error", error: err }));
      },
    );
    return () => controller.abort();
  }, [key, tick, markUpdated]);

  return state;
}
