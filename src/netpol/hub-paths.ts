/**
 * Knative hub paths (via activator, gateway, broker) between workloads of the given namespaces, as `ktm reach` lists
 * them and `ktm reach diff` compares them. A workload reaching itself through a hub says nothing (connlist never pairs
 * a peer with itself), so those are left out.
 */
import type { PeerRef } from './connections.js';
import type { ReachabilityResult, ReachPath } from './index.js';

export interface HubPathQuery {
  fromNs: readonly string[];
  toNs: readonly string[];
  fromFilter?: (p: PeerRef) => boolean;
  toFilter?: (p: PeerRef) => boolean;
}

export function hubPaths(result: ReachabilityResult, q: HubPathQuery): ReachPath[] {
  if (!result.hops) return [];
  const out: ReachPath[] = [];
  for (const a of q.fromNs) {
    for (const b of q.toNs) {
      for (const p of result.hops.paths(a, b)) {
        if (p.from === p.to) continue;
        if (q.fromFilter && !q.fromFilter({ kind: 'workload', workload: p.from })) continue;
        if (q.toFilter && !q.toFilter({ kind: 'workload', workload: p.to })) continue;
        out.push(p);
      }
    }
  }
  return out;
}
