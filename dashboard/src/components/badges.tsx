import { speakerSwatch, TYPE_BADGE_COLORS, type Swatch } from "../lib/colors.ts";
import { href } from "../lib/routes.ts";
import { kindLabel, speakerTypeLabel } from "../lib/format.ts";
import { topicLabel } from "../lib/topics.ts";
import { checkworthinessBand, describeCheckworthiness } from "../lib/checkworthiness.ts";
import { isArticleScoped } from "../lib/scope.ts";

export function SpeakerDot({ swatch }: { swatch: Swatch }) {
  return <span class="speaker-dot" style={{ background: swatch.strong }} aria-hidden="true" />;
}

export function SpeakerLink({ speakerId, speaker, swatch }: { speakerId: string; speaker: string; swatch?: Swatch }) {
  return (
    <a class="speaker-link" href={href.speaker(speakerId)}>
      <SpeakerDot swatch={swatch ?? speakerSwatch(speakerId)} />
      {speaker}
    </a>
  );
}

export function KindBadge({ kind }: { kind: string }) {
  return <span class={`badge badge-kind badge-${kind}`}>{kindLabel(kind)}</span>;
}

export function TypeBadge({ type }: { type: string }) {
  return (
    <span class={`badge badge-type badge-type-${type}`} style={TYPE_BADGE_COLORS[type]}>
      {speakerTypeLabel(type)}
    </span>
  );
}

/** Marks a speaker known only within one article ("a spokesman", a surname no one else matches). */
export function ScopeBadge({ speakerId }: { speakerId: string }) {
  if (!isArticleScoped(speakerId)) return null;
  return (
    <span class="badge badge-scope" title="Known only within one article: not linked to a speaker of other articles">
      This article only
    </span>
  );
}

/** The speaker's role and affiliation in one claim: "Labour MP, Argus Research". */
export function SpeakerAttributes({ role, affiliation }: { role?: string | undefined; affiliation?: string | undefined }) {
  const parts = [role, affiliation].filter((p): p is string => Boolean(p && p.trim()));
  if (parts.length === 0) return null;
  return <span class="speaker-attributes">{parts.join(", ")}</span>;
}

export function TopicLink({ topic, count }: { topic: string; count?: number }) {
  return (
    <a class="topic-chip" href={href.topic(topic)}>
      {topicLabel(topic)}
      {count !== undefined && <span class="topic-chip-count">{count}</span>}
    </a>
  );
}

/** The claim's checkworthiness, its band as colour and text, its reasons in the title and accessible name. */
export function CheckworthinessBadge({ score, reasons }: { score: number | undefined; reasons?: readonly string[] }) {
  if (score === undefined) return null;
  const { label, description } = describeCheckworthiness(score, reasons);
  return (
    <span class={`badge badge-cw badge-cw-${checkworthinessBand(score)}`} title={description}>
      <span aria-hidden="true">{label}</span>
      <span class="visually-hidden">{description}</span>
    </span>
  );
}
