/** Bound on nodes visited in one JSON-LD block, so a hostile page cannot make the search expensive. */
const MAX_NODES = 10_000;

/**
 * The first string value of `field` anywhere in a JSON-LD block (news pages nest it inside
 * `@graph` arrays or `mainEntity`). Breadth-first with an explicit queue: no recursion.
 */
export function findJsonLdField(source: string, field: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch {
    return undefined;
  }
  const queue: unknown[] = [root];
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    const node = queue[i];
    if (Array.isArray(node)) {
      queue.push(...node.slice(0, MAX_NODES));
    } else if (node !== null && typeof node === "object") {
      const value = (node as Record<string, unknown>)[field];
      if (typeof value === "string" && value.trim() !== "") return value;
      for (const child of Object.values(node)) if (child !== null && typeof child === "object") queue.push(child);
    }
  }
  return undefined;
}
