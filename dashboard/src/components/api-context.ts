import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "../lib/api.ts";

export const ApiContext = createContext<ApiClient | undefined>(undefined);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiContext");
  return api;
}
