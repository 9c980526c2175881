/**
 * `into.push(...items)` without spreading: a spread passes every item as an argument, and 10⁵ of them (the objects
 * of a large cluster, harden's policies for 25,000 namespaces) overflow the call stack.
 */
export function append<T>(into: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) into.push(items[i]);
  return into;
}

/** Items by key, each list in input order; items whose key is undefined are left out. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
