import { speakerSwatch, type Swatch } from "../lib/colors.ts";
import { href } from "../lib/routes.ts";
import { kindLabel, speakerTypeLabel } from "../lib/format.ts";
import { topicLabel } from "../lib/topics.ts";
import { checkworthinessBand, describeCheckworthiness } from "../lib/checkworthiness.ts";

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
  return <span class={`badge badge-type badge-type-${type}`}>{speakerTypeLabel(type)}</span>;
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
