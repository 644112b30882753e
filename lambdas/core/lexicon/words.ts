/** A word list written as one space-separated string. */
export function words(s: string): ReadonlySet<string> {
  return new Set(s.trim().split(/\s+/));
}
