/** The speaker summaries behind "most-cited speakers per topic" (the API has no per-topic ranking). */
import type { ApiClient, SpeakerSummary } from "../lib/api.ts";

/** Enough speakers for the leaders of every topic in a newsroom-sized archive without paging forever. */
export const SPEAKER_SAMPLE_MAX = 500;
const PAGE = 100;

export interface SpeakerSample {
  speakers: SpeakerSummary[];
  complete: boolean;
}

/** `scope`: "all" to rank speakers known only within one article too. */
export async function readSpeakerSample(api: ApiClient, signal: AbortSignal, scope?: string): Promise<SpeakerSample> {
  const speakers: SpeakerSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.listSpeakers({ limit: PAGE, nextToken, scope }, signal);
    speakers.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken && speakers.length < SPEAKER_SAMPLE_MAX);
  return { speakers, complete: !nextToken };
}
