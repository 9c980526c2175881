/**
 * Forgeable peers (exposure): a NetworkPolicy ingress peer that selects pods by their labels inside namespaces a
 * tenant's namespace belongs to (`namespaceSelector: {}` or one that matches tenant namespaces). Pod labels are set by
 * whoever creates the pod, so any tenant of those namespaces can satisfy the peer by labelling its own pod — a path
 * that does not exist today but is one `kubectl label` away. Reported where no pod of that tenant matches yet (where
 * one does, the path is real and the reachability checks report it).
 */
import type { Inventory } from '../k8s/types.js';
import { formatSelector, isEmptySelector, LabelIndex, matchesLabelSelector } from '../k8s/selectors.js';
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
  const namespaces = new LabelIndex(
    [...inv.namespaces.values()].filter((n) => isTenant(n.name)),
    (n) => n.labels,
  );
  const podsOf = new Map<string, Record<string, string>[]>();
  for (const w of inv.workloads) {
    const list = podsOf.get(w.namespace) ?? [];
    list.push(w.podLabels);
    podsOf.set(w.namespace, list);
  }
  for (const p of readPolicies(inv).networkPolicies) {
    for (const r of p.ingress ?? []) {
      for (const peer of r.peers) {
        if (peer.kind !== 'pods' || peer.namespaces.kind !== 'selector' || isEmptySelector(peer.pods)) continue;
        const selector = peer.namespaces.selector;
        const tenants = namespaces
          .matching(selector)
          .filter((n) => n.name !== p.namespace)
          .filter((n) => !(podsOf.get(n.name) ?? []).some((labels) => matchesLabelSelector(peer.pods, labels)))
          .map((n) => n.name)
          .sort();
        if (tenants.length) out.push({ policy: p, rule: r.index, peer: peer.text, labels: formatSelector(peer.pods), tenants });
      }
    }
  }
  return out;
}

/** One line per forgeable peer, for `ktm reach` (its warnings): the potential path and who could open it. */
export function describeForgeable(f: ForgeablePeer): string {
  const who = f.tenants.length > 3 ? `${f.tenants.slice(0, 3).join(', ')} and ${f.tenants.length - 3} more` : f.tenants.join(', ');
  return `potential path: if tenant ${who} labels a pod ${f.labels}, it reaches pods of ${f.policy.namespace} through NetworkPolicy ${f.policy.namespace}/${f.policy.name} ingress[${f.rule}] (peer ${f.peer})`;
}
