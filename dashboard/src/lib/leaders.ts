/** Most-cited speakers per topic, derived from speaker summaries (the API has no per-topic ranking). */
export interface SpeakerTopicCounts {
  speakerId: string;
  speaker: string;
  topics: Readonly<Record<string, number>>;
}

export interface TopicLeader {
  speakerId: string;
  speaker: string;
  count: number;
}

export function topicLeaders(
  speakers: readonly SpeakerTopicCounts[],
  perTopic: number,
): Map<string, TopicLeader[]> {
  const byTopic = new Map<string, TopicLeader[]>();
  for (const s of speakers) {
    for (const [topic, count] of Object.entries(s.topics)) {
      if (!(count > 0)) continue;
      const list = byTopic.get(topic) ?? [];
      list.push({ speakerId: s.speakerId, speaker: s.speaker, count });
      byTopic.set(topic, list);
    }
  }
  for (const [topic, list] of byTopic) {
    list.sort((a, b) => b.count - a.count || a.speaker.localeCompare(b.speaker));
    byTopic.set(topic, list.slice(0, perTopic));
  }
  return byTopic;
}

/** A speaker's topics, most frequent first. */
export function topTopics(topics: Readonly<Record<string, number>>, n: number): [string, number][] {
  return Object.entries(topics)
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n);
}

export interface RankableSpeaker {
  speaker: string;
  claimCount: number;
  topics: Readonly<Record<string, number>>;
}

/** A speaker's claims overall, or on one topic when a topic filter is set. */
export function countFor(s: RankableSpeaker, topic: string): number {
  return topic ? (s.topics[topic] ?? 0) : s.claimCount;
}

/** Speakers with claims on `topic` (all when empty), most claims first, ties by total then name. */
export function rankSpeakers<S extends RankableSpeaker>(items: readonly S[], topic: string): S[] {
  return items
    .filter((s) => !topic || countFor(s, topic) > 0)
    .sort((a, b) => countFor(b, topic) - countFor(a, topic) || b.claimCount - a.claimCount || a.speaker.localeCompare(b.speaker));
}

/** A speaker's other names, once each regardless of case, without the canonical name itself. */
export function distinctAliases(speaker: string, aliases: readonly string[]): string[] {
  const seen = new Set([speaker.toLowerCase()]);
  const out: string[] = [];
  for (const alias of aliases) {
    const key = alias.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(alias.trim());
  }
  return out;
}
