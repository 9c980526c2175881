import { namespaceRef } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

export const METADATA_ADDRESS = '169.254.169.254';

export const check: Check = {
  id: 'KTM-NET-006',
  title: 'Tenant pods reach the cloud metadata address',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0052', relation: 'related' },
    { framework: 'nsa-cisa', id: 'cloud-infrastructure', relation: 'related' },
  ],
  description:
    'The cloud metadata service (169.254.169.254) hands out node credentials and bootstrap data; tenant pods should ' +
    'not reach it (egress default-deny, or an egress policy with an ipBlock except for it).',
  fix: 'Add an egress NetworkPolicy to the namespace that allows 0.0.0.0/0 except 169.254.169.254/32 (plus DNS), or default-deny egress.',
  evaluate(ctx) {
    const reach = ctx.reach();
    const out: Evidence[] = [];
    for (const ns of ctx.tenants) {
      const r = reach.reachesAddress(ns, METADATA_ADDRESS);
      if (!r) continue;
      out.push({
        resource: namespaceRef(ctx, ns),
        path: '',
        message: `pods of tenant namespace ${ns} (e.g. ${r.from}) can reach the cloud metadata address ${METADATA_ADDRESS}`,
        hops: r.hops,
      });
    }
    return out;
  },
};
