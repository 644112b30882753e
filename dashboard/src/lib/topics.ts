/** Display labels for the 17 IPTC Media Topics top-level slugs the tracker files claims under. */
const TOPIC_LABELS: Readonly<Record<string, string>> = {
  "arts-culture-entertainment-media": "Arts, culture & media",
  "conflict-war-peace": "Conflict, war & peace",
  "crime-law-justice": "Crime, law & justice",
  "disaster-accident-emergency-incident": "Disasters & emergencies",
  "economy-business-finance": "Economy, business & finance",
  education: "Education",
  environment: "Environment",
  health: "Health",
  "human-interest": "Human interest",
  labour: "Labour",
  "lifestyle-leisure": "Lifestyle & leisure",
  "politics-government": "Politics & government",
  religion: "Religion",
  "science-technology": "Science & technology",
  society: "Society",
  sport: "Sport",
  weather: "Weather",
};

/** A readable label for a topic slug; unknown slugs (a newer taxonomy) are humanised rather than hidden. */
export function topicLabel(slug: string): string {
  const known = TOPIC_LABELS[slug];
  if (known) return known;
  const words = slug.split("-").filter(Boolean).join(" ");
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : slug;
}

export const KNOWN_TOPICS: readonly string[] = Object.keys(TOPIC_LABELS);
