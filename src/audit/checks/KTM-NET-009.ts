import { forgeablePeers } from '../../netpol/forgeable-peers.js';
import { shortList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-NET-009',
  title: 'A policy admits pods by labels any tenant can put on its own pods',
  crosswalk: [{ framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' }],
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'tenancy-hardening',
  description:
    'A NetworkPolicy ingress peer that pairs a pod selector with a namespace selector matching tenant namespaces ' +
    '(e.g. `namespaceSelector: {}` + `podSelector: {app: prometheus}`) admits any pod carrying those labels in any of ' +
    'those namespaces. Pod labels are chosen by whoever creates the pod, so every such tenant can open the path by ' +
    'labelling one of its pods. Reported where no pod of that tenant carries the labels yet (an existing match is a ' +
    'real path, reported by the reachability checks).',
  fix: 'Pin the peer to the namespace that really runs those pods (namespaceSelector on kubernetes.io/metadata.name), or to namespaces tenants cannot label.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    for (const f of forgeablePeers(ctx.inventory, (ns) => ctx.isTenant(ns))) {
      const resource = f.policy.resource ?? { kind: 'NetworkPolicy', namespace: f.policy.namespace, name: f.policy.name };
      out.push({
        resource,
        path: `spec.ingress[${f.rule}].from`,
        message:
          `peer ${f.peer} admits pods labelled ${f.labels} from any namespace it selects: if tenant ${shortList(f.tenants, 3)} labels a pod ${f.labels}, ` +
          `that pod reaches the pods this policy protects in ${f.policy.namespace}`,
      });
    }
    return out;
  },
};
