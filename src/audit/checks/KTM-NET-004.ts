import type { Check } from '../types.js';
import { systemReachFindings } from './system-reach.js';

export const check: Check = {
  id: 'KTM-NET-004',
  title: 'Tenant pods reach the autoscaler stat port',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
  ],
  description:
    'The autoscaler\'s stat server (websocket on TCP 8080) accepts load reports for any revision in any namespace with no ' +
    'authentication: a pod that reaches it can scale other tenants\' revisions up or to zero.',
  fix: 'In knative-serving, allow ingress to the autoscaler port 8080 only from the activator pods (NetworkPolicy).',
  evaluate: (ctx) =>
    systemReachFindings(ctx, ['autoscaler-stats'], () => 'the autoscaler stat server (TCP 8080), which accepts unauthenticated load reports for any revision'),
};
