/** Entry point: read config.json, then render the app (or say plainly why it cannot start). */
import { render } from "preact";
import { App } from "./app.tsx";
import { ApiClient } from "./lib/api.ts";
import { loadConfig } from "./lib/config.ts";
import "./styles.css";

const root = document.getElementById("app")!;

loadConfig(document.baseURI).then(
  (config) => render(<App api={new ApiClient(config.apiBaseUrl)} />, root),
  (error: Error) =>
    render(
      <main class="content">
        <div class="state state-error" role="alert">
          <h1>The dashboard is not configured</h1>
          <p>{error.message}</p>
          <p>
            It needs a <code>config.json</code> beside <code>index.html</code> such as <code>{'{"apiBaseUrl": "/api"}'}</code>.
          </p>
        </div>
      </main>,
      root,
    ),
);
