/**
 * A string function with its recent results kept. News vocabulary is Zipfian, so a bounded cache of
 * recent inputs answers almost every call; when it fills it starts again rather than tracking recency,
 * which costs nothing per hit.
 */
export function memoizeString(fn: (input: string) => string, maxEntries: number): (input: string) => string {
  const cache = new Map<string, string>();
  return (input) => {
    let result = cache.get(input);
    if (result === undefined) {
      result = fn(input);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(input, result);
    }
    return result;
  };
}
