import type { Check } from '../types.js';
import { systemReachFindings } from './system-reach.js';

const WHAT = {
  profiling: 'the profiling port 8008 (pprof, when runtime profiling is on) of system components',
  metrics: 'the metrics port 9090 of system components',
  webhook: 'the Knative webhook (8443), which only the API server needs',
  controller: 'the Knative controller',
  'autoscaler-stats': 'the autoscaler stat server',
} as const;

export const check: Check = {
  id: 'KTM-NET-005',
  title: 'Tenant pods reach system profiling, metrics, webhook or controller',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0021', relation: 'related' },
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
  ],
  description:
    'System components expose metrics (9090), profiling (8008), the webhook (8443) and controller ports to every pod ' +
    'unless NetworkPolicies in the system namespaces restrict them; tenants need none of them.',
  fix: 'Default-deny ingress in knative-serving/knative-eventing with allows for the API server (webhook), the gateway (activator) and your monitoring.',
  evaluate: (ctx) => systemReachFindings(ctx, ['profiling', 'metrics', 'webhook', 'controller'], (t) => WHAT[t]),
};
