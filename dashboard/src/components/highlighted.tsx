/** Text with one passage marked. Every piece is a text node: no claim or article text is parsed as HTML. */
import { locateInContext } from "../lib/segments.ts";
import type { Swatch } from "../lib/colors.ts";

export function HighlightedContext({
  context,
  content,
  start,
  end,
  swatch,
}: {
  context: string;
  content: string;
  start?: number;
  end?: number;
  swatch: Swatch;
}) {
  const at = locateInContext(context, content, start, end);
  if (!at) return <span>{context}</span>;
  return (
    <span>
      {context.slice(0, at.start)}
      <mark style={{ background: swatch.tint, boxShadow: `inset 0 -2px 0 ${swatch.strong}` }}>{context.slice(at.start, at.end)}</mark>
      {context.slice(at.end)}
    </span>
  );
}
