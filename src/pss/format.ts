/** String helpers that reproduce upstream's message wording (policy/helpers.go). */

/** `"a", "b"` — upstream joinQuote. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Sorted distinct strings, in Go's byte order (upstream uses sets.List). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `"Go %q"`-style quoting for annotation values in details. */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}
