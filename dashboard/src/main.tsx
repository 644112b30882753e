/** Entry point: read config.json, then render the app (or say plainly why it cannot start). */
import { render, type ComponentChild } from "preact";
import { App } from "./app.tsx";
import { ApiClient } from "./lib/api.ts";
import { loadConfig } from "./lib/config.ts";
import "./styles.css";

const root = document.getElementById("app")!;
// The static "Loading…" placeholder is not Preact's to diff: clear it before the first render.
const start = (node: ComponentChild) => {
  root.textContent = "";
  render(node, root);
};

loadConfig(document.baseURI).then(
  (config) => start(<App api={new ApiClient(config.apiBaseUrl)} />),
  (error: Error) =>
    start(
      <main class="content">
        <div class="state state-error" role="alert">
          <h1>The dashboard is not configured</h1>
          <p>{error.message}</p>
          <p>
            It needs a <code>config.json</code> beside <code>index.html</code> such as <code>{'{"apiBaseUrl": "/api"}'}</code>.
          </p>
        </div>
      </main>,
    ),
);
