/** Deploy-time configuration: `config.json` beside index.html names the API's base URL. */
export interface DashboardConfig {
  /** Absolute URL of the read API (a relative value in config.json is resolved against config.json). */
  apiBaseUrl: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export async function loadConfig(documentUrl: string, fetchImpl: typeof fetch = fetch): Promise<DashboardConfig> {
  const configUrl = new URL("config.json", documentUrl).href;
  let response: Response;
  try {
    response = await fetchImpl(configUrl, { cache: "no-store" });
  } catch {
    throw new ConfigError(`Could not load ${configUrl}.`);
  }
  if (!response.ok) throw new ConfigError(`Could not load ${configUrl} (HTTP ${response.status}).`);
  const body: unknown = await response.json().catch(() => undefined);
  const apiBaseUrl = typeof body === "object" && body !== null ? (body as { apiBaseUrl?: unknown }).apiBaseUrl : undefined;
  if (typeof apiBaseUrl !== "string" || apiBaseUrl.trim() === "") {
    throw new ConfigError(`${configUrl} has no "apiBaseUrl".`);
  }
  return { apiBaseUrl: new URL(apiBaseUrl, configUrl).href };
}
