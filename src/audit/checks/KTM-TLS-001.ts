import { configRef, describeValue } from '../evidence.js';
import type { Check } from '../types.js';

export const check: Check = {
  id: 'KTM-TLS-001',
  title: 'System-internal TLS disabled',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'runtime-network-trusted',
  clauseFallback: ['tenancy-hardening'],
  description:
    'Without `system-internal-tls` (config-network) the hops ingress→activator→queue-proxy are plain HTTP: a pod on the ' +
    'shared network can read or alter other tenants\' requests, and callers cannot verify the `kn-user-<namespace>` identity of the destination.',
  fix: 'Set `system-internal-tls: "Enabled"` in config-network (needs cert-manager and a supporting ingress, e.g. Kourier).',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.network.systemInternalTls();
    if (v.value) return [];
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-network'),
        path: v.path,
        message: `system-internal-tls is disabled (${describeValue(v)}): data-plane hops between tenants and shared components are not encrypted`,
      },
    ];
  },
};
