/** The shell: header with navigation and live status, and the view for the current URL. */
import { useEffect, useRef } from "preact/hooks";
import { ApiContext } from "./components/api-context.ts";
import { LiveControl } from "./components/live-control.tsx";
import { LiveProvider } from "./hooks/live.tsx";
import { APP_NAME, useDocumentTitle } from "./hooks/use-document-title.ts";
import { useRoute } from "./hooks/use-route.ts";
import type { ApiClient } from "./lib/api.ts";
import { href, pageKey, type Route } from "./lib/routes.ts";
import { topicLabel } from "./lib/topics.ts";
import { ArticleView } from "./views/article-view.tsx";
import { ChangesView } from "./views/changes-view.tsx";
import { ClaimView } from "./views/claim-view.tsx";
import { RelatedView } from "./views/related-view.tsx";
import { NotFoundView } from "./views/not-found-view.tsx";
import { SpeakerView } from "./views/speaker-view.tsx";
import { SpeakersView } from "./views/speakers-view.tsx";
import { TopicView } from "./views/topic-view.tsx";
import { TopicsView } from "./views/topics-view.tsx";

export function App({ api, pollMs }: { api: ApiClient; pollMs?: number }) {
  return (
    <ApiContext.Provider value={api}>
      <LiveProvider pollMs={pollMs}>
        <Shell />
      </LiveProvider>
    </ApiContext.Provider>
  );
}

function Shell() {
  const route = useRoute();
  const key = pageKey(route);
  const main = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  useDocumentTitle(titleFor(route));

  // A new page (not a filter change) starts at the top, with focus moved there for keyboard and screen-reader users.
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [key]);

  const section =
    route.view === "topics" || route.view === "topic" ? "topics" : route.view === "speakers" || route.view === "speaker" ? "speakers" : route.view === "changes" ? "changes" : "";
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href={href.speakers()}>
            <span class="brand-mark" aria-hidden="true">❝</span>
            {APP_NAME}
          </a>
          <nav class="mainnav" aria-label="Main">
            <a href={href.speakers()} aria-current={section === "speakers" ? "page" : undefined}>
              Speakers
            </a>
            <a href={href.topics()} aria-current={section === "topics" ? "page" : undefined}>
              Topics
            </a>
            <a href={href.changes()} aria-current={section === "changes" ? "page" : undefined}>
              What's new
            </a>
          </nav>
          <LiveControl />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} class="content">
        <View route={route} key={key} />
      </main>
      <footer class="site-footer">
        <p>
          Claims are extracted automatically and may contain errors: check the article before citing. Topics follow the IPTC Media
          Topics (CC BY 4.0).
        </p>
      </footer>
    </>
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case "speakers":
      return <SpeakersView route={route} />;
    case "speaker":
      return <SpeakerView route={route} speakerId={route.speakerId} />;
    case "topics":
      return <TopicsView route={route} />;
    case "topic":
      return <TopicView route={route} topic={route.topic} />;
    case "article":
      return <ArticleView articleKey={route.articleKey} />;
    case "claim":
      return <ClaimView claimId={route.claimId} />;
    case "related":
      return <RelatedView claimId={route.claimId} />;
    case "changes":
      return <ChangesView hours={route.hours} />;
    case "not-found":
      return <NotFoundView path={route.path} />;
  }
}

function titleFor(route: Route): string {
  switch (route.view) {
    case "speakers":
      return "Speakers";
    case "speaker":
      return route.speakerId;
    case "topics":
      return "Topics";
    case "topic":
      return topicLabel(route.topic);
    case "article":
      return route.articleKey;
    case "claim":
      return "Claim";
    case "related":
      return "Said before";
    case "changes":
      return "What's new";
    case "not-found":
      return "Not found";
  }
}
