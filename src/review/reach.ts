/**
 * What an actor class can reach (send to, transitively through components that forward for the caller) and
 * receive (data that flows into what it controls), on one scenario's graph.
 */
import type { ReviewModel } from './apply.js';
import type { ReviewActor } from './design.js';
import { ATTACKER_TENANT, contexts, isOffCluster, isPerTenant, parseState, stateKey, type Edge, type Graph } from './graph.js';

export interface ActorReach {
  actor: ReviewActor;
  /** States the actor starts from (it controls them). */
  controlled: Set<string>;
  /** Reached state → the edges from a controlled state to it. */
  reached: Map<string, Edge[]>;
  /** Every hop the actor can use (`flow|from|to`) → the path ending with it. Finer than states: a new port counts. */
  hops: Map<string, Edge[]>;
  /**
   * Cross-tenant hops the actor can pull data through: the receiving side (not the sender) picked the
   * tenant — a subscription to another namespace's broker, a domain claimed for another tenant's name.
   * Keyed by flow id; the path runs from the hop to a state the actor controls.
   */
  attracted: Map<string, Edge[]>;
}

/** Off-cluster components whose flows enter through a gateway: where an actor with no permissions stands. */
function internetEntries(g: Graph, rm: ReviewModel): string[] {
  const offCluster = [...g.components.values()].filter((c) => c.kind === 'external' && isOffCluster(c, rm));
  const viaGateway = offCluster.filter((c) =>
    (g.out.get(stateKey(c.id, '-')) ?? []).some((e) => g.components.get(e.flow.to)?.kind === 'gateway'),
  );
  return (viaGateway.length > 0 ? viaGateway : offCluster).map((c) => c.id);
}

/** The states an actor class controls (starts from) in a graph. */
export function controlledStates(g: Graph, rm: ReviewModel, actor: ReviewActor): Set<string> {
  const states = new Set<string>();
  const internet = internetEntries(g, rm);
  for (const id of internet) states.add(stateKey(id, '-'));
  if (actor === 'none') return states;
  if (actor === 'event-source-admin') {
    for (const c of g.components.values()) if (c.kind === 'external' && isOffCluster(c, rm)) states.add(stateKey(c.id, '-'));
    return states;
  }
  for (const c of g.components.values()) {
    if (!isPerTenant(c, rm)) continue;
    if (actor === 'namespace-admin' || c.kind === 'workload') states.add(stateKey(c.id, ATTACKER_TENANT));
  }
  return states;
}

export function computeReach(g: Graph, rm: ReviewModel, actor: ReviewActor): ActorReach {
  const controlled = controlledStates(g, rm, actor);
  const forwards = (state: string) => g.components.get(parseState(state).component)?.forwardsForCaller === true;
  // A cross-tenant hop whose receiving side picks the tenant (a subscription, a domain claim) is steered by the
  // receiver: a sender cannot use it to land in a foreign tenant, only the configuring tenant attracts it.
  const usable = (e: Edge) => {
    if (e.flow.tenantScope !== 'cross-tenant' || e.flow.destinationChosenBy === 'caller') return true;
    return parseState(e.to).ctx === ATTACKER_TENANT;
  };
  const outOf = (s: string) => (g.out.get(s) ?? []).filter(usable);
  const reached = walk(controlled, outOf, (e) => e.to, (s) => controlled.has(s) || forwards(s));
  // Receiving: only states a tenant actor runs code in consume data; off-cluster clients get only their own responses.
  const tenantHeld = new Set([...controlled].filter((s) => parseState(s).ctx === ATTACKER_TENANT));
  const received = walk(tenantHeld, (s) => g.in.get(s) ?? [], (e) => e.from, (s) => tenantHeld.has(s) || forwards(s));
  const attracted = new Map<string, Edge[]>();
  for (const [s, back] of [...received].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const e of g.in.get(s) ?? []) {
      const senderPicked = e.flow.destinationChosenBy === 'caller';
      if (e.flow.tenantScope !== 'cross-tenant' || senderPicked || parseState(e.from).ctx === ATTACKER_TENANT) continue;
      if (!attracted.has(e.flow.id)) attracted.set(e.flow.id, [e, ...back.slice().reverse()]);
    }
  }
  const hops = new Map<string, Edge[]>();
  for (const [s, path] of reached) {
    if (!(controlled.has(s) || forwards(s))) continue;
    for (const e of outOf(s)) {
      const k = hopKey(e);
      if (!hops.has(k)) hops.set(k, [...path, e]);
    }
  }
  for (const s of controlled) reached.delete(s);
  return { actor, controlled, reached, hops, attracted };
}

export function hopKey(e: Edge): string {
  return `${e.flow.id}|${e.from}|${e.to}`;
}

/** Breadth-first search that keeps, for every state found, the shortest edge path to it. */
function walk(
  starts: Set<string>,
  next: (s: string) => Edge[],
  target: (e: Edge) => string,
  expand: (s: string) => boolean,
): Map<string, Edge[]> {
  const paths = new Map<string, Edge[]>();
  const queue: string[] = [];
  for (const s of [...starts].sort()) {
    paths.set(s, []);
    queue.push(s);
  }
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    if (!expand(s)) continue;
    const edges = [...next(s)].sort((a, b) => (target(a) < target(b) ? -1 : target(a) > target(b) ? 1 : a.flow.id < b.flow.id ? -1 : 1));
    for (const e of edges) {
      const t = target(e);
      if (paths.has(t)) continue;
      paths.set(t, [...paths.get(s)!, e]);
      queue.push(t);
    }
  }
  return paths;
}

/** All tenant contexts of a component in the graph (for listing). */
export { contexts };
