import { useEffect } from "preact/hooks";

export const APP_NAME = "Claim Tracker";

/** Tab titles name the view, so history entries and bookmarks are recognisable. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}
