/**
 * Forgeable peers (exposure): a NetworkPolicy ingress peer that selects pods by their labels inside namespaces a
 * tenant's namespace belongs to (`namespaceSelector: {}` or one that matches tenant namespaces). Pod labels are set by
 * whoever creates the pod, so any tenant of those namespaces can satisfy the peer by labelling its own pod — a path
 * that does not exist today but is one `kubectl label` away. Reported where no pod of that tenant matches yet (where
 * one does, the path is real and the reachability checks report it).
 */
import type { Inventory } from '../k8s/types.js';
import { formatSelector, isEmptySelector, matchesLabelSelector } from '../k8s/selectors.js';
import { readPolicies, type NetworkPolicyModel } from './policy.js';

export interface ForgeablePeer {
  policy: NetworkPolicyModel;
  /** Index of the ingress rule in the policy. */
  rule: number;
  /** The peer as written. */
  peer: string;
  /** The pod labels a tenant would have to put on its pod. */
  labels: string;
  /** Tenant namespaces (other than the policy's) whose pods could carry those labels, sorted. */
  tenants: string[];
}

export function forgeablePeers(inv: Inventory, isTenant: (ns: string) => boolean): ForgeablePeer[] {
  const out: ForgeablePeer[] = [];
  const namespaces = [...inv.namespaces.values()].filter((n) => isTenant(n.name));
  for (const p of readPolicies(inv).networkPolicies) {
    for (const r of p.ingress ?? []) {
      for (const peer of r.peers) {
        if (peer.kind !== 'pods' || peer.namespaces.kind !== 'selector' || isEmptySelector(peer.pods)) continue;
        const selector = peer.namespaces.selector;
        const tenants = namespaces
          .filter((n) => n.name !== p.namespace && matchesLabelSelector(selector, n.labels))
          .filter((n) => !inv.workloads.some((w) => w.namespace === n.name && matchesLabelSelector(peer.pods, w.podLabels)))
          .map((n) => n.name)
          .sort();
        if (tenants.length) out.push({ policy: p, rule: r.index, peer: peer.text, labels: formatSelector(peer.pods), tenants });
      }
    }
  }
  return out;
}
