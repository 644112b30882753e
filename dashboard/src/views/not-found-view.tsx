import { href } from "../lib/routes.ts";

export function NotFoundView({ path }: { path: string }) {
  return (
    <section class="state state-error" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        No such page
      </h1>
      <p>
        Nothing lives at <code>{path || "/"}</code>. <a href={href.speakers()}>Go to the speakers</a>.
      </p>
    </section>
  );
}
