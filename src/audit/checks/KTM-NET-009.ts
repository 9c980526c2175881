import { forgeablePeers } from '../../netpol/forgeable-peers.js';
import { namespaceLabellers } from '../rbac/namespace-labellers.js';
import { shortList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-NET-009',
  title: 'A policy admits pods by labels any tenant can put on its own pods or namespace',
  crosswalk: [{ framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' }],
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'tenancy-hardening',
  description:
    'A NetworkPolicy ingress peer that pairs a pod selector with a namespace selector matching tenant namespaces ' +
    '(e.g. `namespaceSelector: {}` + `podSelector: {app: prometheus}`) admits any pod carrying those labels in any of ' +
    'those namespaces. Pod labels are chosen by whoever creates the pod, so every such tenant can open the path by ' +
    'labelling one of its pods. Likewise a namespaceSelector on labels other than `kubernetes.io/metadata.name` admits ' +
    'a tenant namespace once it carries those labels, which a tenant subject with RBAC `patch`/`update` on its namespace ' +
    '(cluster-wide, or a RoleBinding in that namespace) can set. Reported where no pod of that tenant matches yet (an ' +
    'existing match is a real path, reported by the reachability checks).',
  fix:
    'Pin the peer to the namespace that really runs those pods (namespaceSelector on kubernetes.io/metadata.name), or to ' +
    'namespaces tenants cannot label; do not grant tenants patch/update on namespaces.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    const labellers = namespaceLabellers(ctx.rbac(), (ns) => ctx.isTenant(ns), ctx.tenants);
    for (const f of forgeablePeers(ctx.inventory, (ns) => ctx.isTenant(ns), labellers)) {
      const resource = f.policy.resource ?? { kind: 'NetworkPolicy', namespace: f.policy.namespace, name: f.policy.name };
      const reaches = `that pod reaches the pods this policy protects in ${f.policy.namespace}`;
      out.push({
        resource,
        path: `spec.ingress[${f.rule}].from`,
        message:
          f.via === 'pod'
            ? `peer ${f.peer} admits pods labelled ${f.labels} from any namespace it selects: if tenant ${shortList(f.tenants, 3)} labels a pod ${f.labels}, ${reaches}`
            : `peer ${f.peer} admits namespaces by labels a tenant may set: if tenant ${shortList(f.tenants, 3)} labels its namespace ${f.namespaceLabels}` +
              `${f.labels === '<all>' ? '' : ` and a pod ${f.labels}`}, ${reaches} (${f.who})`,
      });
    }
    return out;
  },
};
