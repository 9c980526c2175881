/**
 * `into.push(...items)` without spreading: a spread passes every item as an argument, and 10⁵ of them (the objects
 * of a large cluster, harden's policies for 25,000 namespaces) overflow the call stack.
 */
export function append<T>(into: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) into.push(items[i]);
  return into;
}
