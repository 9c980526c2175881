import { configRef, namespaceRef } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-QTA-001',
  title: 'Tenant resources unbounded',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'availability-lower-priority',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0009', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0039', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0040', relation: 'same' },
    { framework: 'nsa-cisa', id: 'resource-policies', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-CC-FNS-1', relation: 'same' },
    { framework: 'mtb', id: 'MTB-PL1-CC-FNS-2', relation: 'related' },
  ],
  description:
    'Namespaces-as-tenants need ResourceQuotas (and LimitRanges for defaults) so one tenant cannot exhaust the shared ' +
    'nodes; Knative\'s `max-scale-limit` (config-autoscaler, default 0 = unlimited) bounds how far a revision scales.',
  fix: 'Add a ResourceQuota and a LimitRange to every tenant namespace; set `max-scale-limit` in config-autoscaler.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    const withQuota = new Set(ctx.inventory.byKind('ResourceQuota').map((r) => r.namespace));
    const withLimits = new Set(ctx.inventory.byKind('LimitRange').map((r) => r.namespace));
    for (const ns of ctx.tenants) {
      const missing = [!withQuota.has(ns) ? 'ResourceQuota' : '', !withLimits.has(ns) ? 'LimitRange' : ''].filter(Boolean);
      if (missing.length === 0) continue;
      out.push({
        resource: namespaceRef(ctx, ns),
        path: '',
        message: `tenant namespace ${ns} has no ${missing.join(' and no ')}`,
        severity: withQuota.has(ns) ? 'low' : 'moderate',
      });
    }
    const k = ctx.knative;
    if (k.serving.installed && ctx.tenants.length > 0) {
      const v = k.maxScaleLimit();
      if (v.value === 0) {
        out.push({
          resource: configRef(v, k.serving.namespace, 'config-autoscaler'),
          path: v.path,
          message: 'max-scale-limit is 0 (unlimited): a tenant\'s revision may scale without bound on the shared nodes',
          severity: 'low',
          fix: 'Set `max-scale-limit` in config-autoscaler to the largest scale any tenant may use.',
        });
      }
    }
    return out;
  },
};
