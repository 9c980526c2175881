/**
 * Forgeable peers (exposure): a NetworkPolicy ingress peer that a tenant can come to satisfy on its own.
 * - **Pod labels**: a peer that selects pods by their labels inside namespaces a tenant's namespace belongs to
 *   (`namespaceSelector: {}` or one that matches tenant namespaces). Pod labels are set by whoever creates the pod, so
 *   any tenant of those namespaces can satisfy the peer by labelling its own pod.
 * - **Namespace labels**: a peer whose namespaceSelector does not match a tenant namespace today, but would once the
 *   namespace carries some labels — and a tenant subject may patch or update that namespace (RBAC, cluster-wide or
 *   through a RoleBinding in the namespace itself, which the API server consults for a request on the namespace
 *   object). `kubernetes.io/metadata.name` cannot be forged: the API server keeps it equal to the name.
 * Either is a path that does not exist today but is one `kubectl label` away. Reported where no pod of that tenant
 * matches yet (where one does, the path is real and the reachability checks report it).
 */
import type { Inventory } from '../k8s/types.js';
import { workloadsIn } from '../k8s/inventory.js';
import { formatSelector, isEmptySelector, LabelIndex, labelsToMatch, matchesLabelSelector } from '../k8s/selectors.js';
import { readPolicies, type NetworkPolicyModel } from './policy.js';

const NS_NAME = 'kubernetes.io/metadata.name';

export interface ForgeablePeer {
  policy: NetworkPolicyModel;
  /** Index of the ingress rule in the policy. */
  rule: number;
  /** The peer as written. */
  peer: string;
  /** `pod`: a tenant labels one of its pods; `namespace`: a tenant labels its namespace (and a pod, if the peer selects pods). */
  via: 'pod' | 'namespace';
  /** The pod labels a tenant would have to put on its pod (`<all>` when the peer takes any pod of the namespace). */
  labels: string;
  /** via `namespace`: the namespace labels to set, per tenant namespace (`k=v`, `k-` to remove), sorted. */
  namespaceLabels?: string;
  /** Tenant namespaces (other than the policy's) whose pods could match, sorted. */
  tenants: string[];
  /** via `namespace`: who may label the first of those namespaces, and through which grant. */
  who?: string;
}

/**
 * Who may set the labels of a namespace, as decided from RBAC by the caller (src/audit/rbac/namespace-labellers.ts):
 * namespace → one line naming the tenant subject and its grant. Namespaces no tenant may label are absent.
 */
export type NamespaceLabellers = ReadonlyMap<string, string>;

/** `networkPolicies`: the inventory's, already parsed (an Engine's `policies`), so they are not parsed again. */
export function forgeablePeers(
  inv: Inventory,
  isTenant: (ns: string) => boolean,
  labellers: NamespaceLabellers = new Map(),
  networkPolicies: readonly NetworkPolicyModel[] = readPolicies(inv).networkPolicies,
): ForgeablePeer[] {
  const out: ForgeablePeer[] = [];
  const tenantNamespaces = [...inv.namespaces.values()].filter((n) => isTenant(n.name)).sort((a, b) => a.name.localeCompare(b.name));
  const namespaces = new LabelIndex(tenantNamespaces, (n) => n.labels);
  // Only namespaces some tenant may relabel can be forged by namespace labels: look at those, not every namespace.
  const relabellable = tenantNamespaces.filter((n) => labellers.has(n.name));
  const hasMatchingPod = (ns: string, pods: Parameters<typeof matchesLabelSelector>[0]) => workloadsIn(inv, ns).some((w) => matchesLabelSelector(pods, w.podLabels));
  for (const p of networkPolicies) {
    for (const r of p.ingress ?? []) {
      for (const peer of r.peers) {
        if (peer.kind !== 'pods' || peer.namespaces.kind !== 'selector') continue;
        const selector = peer.namespaces.selector;
        if (!isEmptySelector(peer.pods)) {
          const tenants = namespaces
            .matching(selector)
            .filter((n) => n.name !== p.namespace && !hasMatchingPod(n.name, peer.pods))
            .map((n) => n.name);
          if (tenants.length) out.push({ policy: p, rule: r.index, peer: peer.text, via: 'pod', labels: formatSelector(peer.pods), tenants });
        }
        const relabel = new Map<string, string>();
        for (const n of relabellable) {
          if (n.name === p.namespace || matchesLabelSelector(selector, n.labels)) continue;
          const witness = labelsToMatch(selector, n.labels, { [NS_NAME]: n.name });
          if (witness) relabel.set(n.name, labelChanges(n.labels, witness));
        }
        if (relabel.size === 0) continue;
        const tenants = [...relabel.keys()];
        out.push({
          policy: p,
          rule: r.index,
          peer: peer.text,
          via: 'namespace',
          labels: formatSelector(peer.pods),
          namespaceLabels: relabel.get(tenants[0]),
          tenants,
          who: labellers.get(tenants[0]),
        });
      }
    }
  }
  return out;
}

/** `k=v` for each label to set, `k-` for each to remove (kubectl label syntax), sorted. */
function labelChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out.push(`${k}=${v}`);
  for (const k of Object.keys(before)) if (!Object.prototype.hasOwnProperty.call(after, k)) out.push(`${k}-`);
  return out.sort().join(' ');
}

/** One line per forgeable peer, for `ktm reach` (its warnings): the potential path and who could open it. */
export function describeForgeable(f: ForgeablePeer): string {
  const who = f.tenants.length > 3 ? `${f.tenants.slice(0, 3).join(', ')} and ${f.tenants.length - 3} more` : f.tenants.join(', ');
  const through = `it reaches pods of ${f.policy.namespace} through NetworkPolicy ${f.policy.namespace}/${f.policy.name} ingress[${f.rule}] (peer ${f.peer})`;
  if (f.via === 'pod') return `potential path: if tenant ${who} labels a pod ${f.labels}, ${through}`;
  const pod = f.labels === '<all>' ? '' : ` and a pod ${f.labels}`;
  return `potential path: if tenant ${who} labels its namespace ${f.namespaceLabels}${pod} (${f.who}), ${through}`;
}
