import { namespaceRef, sourcesList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-NET-002',
  title: 'Direct pod-to-pod reachability between tenants',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'tenancy-hardening',
  clauseFallback: ['untrusted-needs-isolation'],
  crosswalk: [
    { framework: 'cis', id: '5.3.2', relation: 'related' },
    { framework: 'kubescape', id: 'C-0054', relation: 'related' },
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'same' },
  ],
  description:
    'Pods of one tenant namespace can open connections directly to pods of another, as computed from the NetworkPolicies ' +
    '(and Admin/Baseline policies) in the input.',
  fix: 'Default-deny ingress in the destination namespace, and allow only the gateway, knative-serving and the namespace itself.',
  evaluate(ctx) {
    const reach = ctx.reach();
    const out: Evidence[] = [];
    for (const to of ctx.tenants) {
      const from = reach.sourcesOf(to, ctx.tenants).get('direct');
      if (!from) continue;
      out.push({
        resource: namespaceRef(ctx, to),
        path: '',
        message: `pods of ${from.count} other tenant namespace(s) reach pods of ${to} directly: ${sourcesList(from)}`,
        hops: reach.path(from.first[0], to, 'direct'),
      });
    }
    return out;
  },
};
