/**
 * Which tenant namespaces a tenant subject may relabel: `patch` or `update` on the namespace object, granted
 * cluster-wide (ClusterRoleBinding) or by a RoleBinding in that namespace — the API server authorizes a request on
 * `/api/v1/namespaces/NAME` with namespace NAME (apiserver RequestInfo), so a RoleBinding there applies to the namespace
 * object itself. The answer feeds the forgeable-peer view (src/netpol/forgeable-peers.ts) of the audit and of reach.
 */
import type { Inventory } from '../../k8s/types.js';
import type { NamespaceLabellers } from '../../netpol/forgeable-peers.js';
import { buildRbacIndex, formatSubject, type RbacIndex, type Subject } from './index.js';
import { apiGroupMatches, resourceMatches, verbMatches } from './rules.js';
import { describeGrant, tenantSubjectsOf } from './tenant-subjects.js';

const LABEL_VERBS = ['patch', 'update'];

export function namespaceLabellers(rbac: RbacIndex, isTenant: (namespace: string | undefined) => boolean, namespaces: readonly string[]): NamespaceLabellers {
  const who = tenantSubjectsOf(rbac, isTenant);
  // Only subjects holding some rule on namespaces with a labelling verb are asked about each namespace (large inputs).
  const mayLabelSome = (s: Subject) =>
    rbac.effective(s).some((g) => g.role.rules.some(({ rule }) => apiGroupMatches(rule, '') && resourceMatches(rule, 'namespaces') && LABEL_VERBS.some((v) => verbMatches(rule, v))));
  const subjects = rbac.subjects().filter((s) => who.why(s) !== undefined && mayLabelSome(s));
  if (subjects.length === 0) return new Map();
  const out = new Map<string, string>();
  for (const ns of [...namespaces].filter((n) => isTenant(n)).sort()) {
    found: for (const s of subjects) {
      for (const verb of LABEL_VERBS) {
        const m = rbac.allows(s, { verb, group: '', resource: 'namespaces', name: ns }, ns)[0];
        if (!m) continue;
        out.set(ns, `${formatSubject(s)}, ${who.why(s)}, may ${verb} namespace ${ns} through ${describeGrant(m.grant, m.rule)}`);
        break found;
      }
    }
  }
  return out;
}

/** The same, straight from an inventory (for `ktm reach`, which has no audit context). */
export function namespaceLabellersOf(inv: Inventory, isTenant: (namespace: string | undefined) => boolean): NamespaceLabellers {
  return namespaceLabellers(buildRbacIndex(inv), isTenant, [...inv.namespaces.keys()]);
}
