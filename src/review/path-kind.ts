/**
 * How a path reaches its destination, which decides whether reach is new and what closes it:
 * - `network-policy`: an L4 connection from one tenant's pod to another per-namespace pod. A NetworkPolicy in
 *   the destination's namespace governs it, and the 2025 model assumes NetworkPolicy between namespaces.
 * - `shared-routing`: through (or into) a shared hop that picks the tenant by header, Host or path. Every tenant
 *   connects to the same pod, so NetworkPolicy cannot separate them (the model's network-policy-limits clause).
 * - `node-network`: from the node's network (host network, node services); NetworkPolicy sees node traffic.
 * - `file`, `credential`, `local`: not a connection at all: a mount, a replayed token, a local socket.
 * Where a path enters another tenant, the hop that crosses decides its kind; otherwise its last hop.
 */
import type { ReviewModel } from './apply.js';
import { parseState, type Edge } from './graph.js';

export const PATH_KINDS = ['network-policy', 'shared-routing', 'node-network', 'file', 'credential', 'local'] as const;
export type PathKind = (typeof PATH_KINDS)[number];

export function hopKind(e: Edge, rm: Pick<ReviewModel, 'components'>): PathKind {
  if (e.flow.access !== 'network') return e.flow.access;
  const from = rm.components.get(e.flow.from);
  const to = rm.components.get(e.flow.to);
  if (from?.shared || to?.shared) return 'shared-routing';
  return e.flow.networkPolicy === 'bypassed' ? 'node-network' : 'network-policy';
}

/** The hop where a path enters another tenant (`@B`), or its last hop. */
export function crossingEdge(path: Edge[]): Edge {
  return path.find((e) => parseState(e.to).ctx === 'B' && parseState(e.from).ctx !== 'B') ?? path[path.length - 1];
}

export function pathKind(path: Edge[], rm: Pick<ReviewModel, 'components'>): PathKind {
  return hopKind(crossingEdge(path), rm);
}

/** A NetworkPolicy in the destination's namespace can close it: the model's stated assumption covers it. */
export function closableByNetworkPolicy(kind: PathKind): boolean {
  return kind === 'network-policy';
}

/** What a path reaches: the instance, the port and the kind of access (a file mount of the node is not its port). */
export function destinationKey(e: Edge): string {
  return `${e.to}:${e.flow.port ?? '*'}|${e.flow.access}`;
}

/** Destination → the path kinds that reach it, over every path an actor has. */
export type ReachIndex = Map<string, Set<PathKind>>;

export function reachIndex(paths: Iterable<Edge[]>, rm: Pick<ReviewModel, 'components'>): ReachIndex {
  const index: ReachIndex = new Map();
  for (const path of paths) {
    const key = destinationKey(path[path.length - 1]);
    const kinds = index.get(key) ?? new Set<PathKind>();
    kinds.add(pathKind(path, rm));
    index.set(key, kinds);
  }
  return index;
}

/**
 * New means new: a destination is newly reached when nothing reached it before, or when everything that did
 * could be closed by a NetworkPolicy and the new path cannot.
 */
export function isNewReach(before: ReachIndex, path: Edge[], rm: Pick<ReviewModel, 'components'>): boolean {
  const kinds = before.get(destinationKey(path[path.length - 1]));
  if (!kinds) return true;
  const kind = pathKind(path, rm);
  return !closableByNetworkPolicy(kind) && [...kinds].every(closableByNetworkPolicy);
}

/**
 * Another tenant's data an actor can pull, as "sending instance → receiving instance": a second flow that
 * delivers the same data to the same place is not new.
 */
export function attractedKeys(attracted: Map<string, Edge[]>): Set<string> {
  return new Set([...attracted.values()].map(attractedKey));
}

export function attractedKey(path: Edge[]): string {
  return `${path[0].from}|${path[path.length - 1].to}`;
}
