import { speakerSwatch, type Swatch } from "../lib/colors.ts";
import { href } from "../lib/routes.ts";
import { kindLabel, speakerTypeLabel } from "../lib/format.ts";
import { topicLabel } from "../lib/topics.ts";

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
