/**
 * "Download CSV / JSON Lines" for a claim list with its current filters. The API answers a list in
 * either format by Accept header, a page at a time; the whole list is fetched here and saved as one
 * file (a link cannot send an Accept header, so this is a button that builds the file).
 */
import { useRef, useState } from "preact/hooks";
import { DOWNLOAD_FORMATS, MAX_DOWNLOAD_CLAIMS, type ClaimFilters, type DownloadFormat } from "../lib/api.ts";
import { formatCount } from "../lib/format.ts";
import { useApi } from "./api-context.ts";

type Status = { state: "idle" } | { state: "working"; format: DownloadFormat; claims: number } | { state: "done"; claims: number; truncated: boolean } | { state: "error"; message: string };

export function DownloadLinks({ list, filters, filename }: { list: string; filters: Omit<ClaimFilters, "limit" | "nextToken">; filename: string }) {
  const api = useApi();
  const [status, setStatus] = useState<Status>({ state: "idle" });
  const controller = useRef<AbortController | undefined>(undefined);

  async function download(format: DownloadFormat) {
    controller.current?.abort();
    const abort = (controller.current = new AbortController());
    setStatus({ state: "working", format, claims: 0 });
    try {
      const file = await api.download(list, filters, format, (claims) => setStatus({ state: "working", format, claims }), abort.signal);
      const { type, extension } = DOWNLOAD_FORMATS[format];
      save(new Blob(file.parts, { type }), `${filename}.${extension}`);
      setStatus({ state: "done", claims: file.claims, truncated: file.truncated });
    } catch (e) {
      if (!abort.signal.aborted) setStatus({ state: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }

  const working = status.state === "working";
  return (
    <div class="downloads" role="group" aria-label="Download these claims">
      <span class="field-label">Download</span>
      {(Object.keys(DOWNLOAD_FORMATS) as DownloadFormat[]).map((format) => (
        <button key={format} type="button" class="button button-quiet" data-format={format} onClick={() => void download(format)} disabled={working} aria-busy={working && status.format === format}>
          {DOWNLOAD_FORMATS[format].label}
        </button>
      ))}
      <span class="muted download-status" role="status">
        {status.state === "working" && `Preparing ${DOWNLOAD_FORMATS[status.format].label}… ${formatCount(status.claims, "claim")}`}
        {status.state === "done" && `Saved ${formatCount(status.claims, "claim")}${status.truncated ? ` (the first ${MAX_DOWNLOAD_CLAIMS.toLocaleString("en")}; use \`npx claims export\` for more)` : ""}`}
        {status.state === "error" && `Download failed: ${status.message}`}
      </span>
    </div>
  );
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
