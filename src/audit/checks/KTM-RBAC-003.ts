import { permissionFindings, requests, verbsOn } from '../rbac/permission-findings.js';
import type { Check } from '../types.js';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export const check: Check = {
  id: 'KTM-RBAC-003',
  title: 'Tenant can read or change Knative system objects',
  severity: 'critical',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['administrator-trusted', 'tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.1.2', relation: 'related' },
    { framework: 'kubescape', id: 'C-0015', relation: 'related' },
    { framework: 'kubescape', id: 'C-0186', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0041', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0049', relation: 'related' },
    { framework: 'nsa-cisa', id: 'rbac', relation: 'related' },
  ],
  description:
    'knative-serving and knative-eventing hold the configuration every tenant depends on (config maps) and the ' +
    'credentials of shared components (secrets, e.g. routing certificates). A tenant that reads or changes them controls ' +
    'or impersonates the shared data plane.',
  fix: 'Remove the tenant\'s bindings in knative-serving/knative-eventing and any ClusterRoleBinding granting configmaps or secrets.',
  evaluate(ctx) {
    const systemNs = [ctx.knative.serving, ctx.knative.eventing].filter((s) => s.installed).map((s) => s.namespace);
    if (systemNs.length === 0) return [];
    return permissionFindings(ctx, {
      requests: requests('', ['configmaps', 'secrets'], VERBS),
      grantFilter: (g) => g.namespace === undefined || systemNs.includes(g.namespace),
      describe: (allowed, g) => `can ${verbsOn(allowed)} in ${g.namespace ?? systemNs.join(' and ')}`,
    }).map((e) => ({
      ...e,
      // Read-only access to config maps is less severe than secrets or writes.
      severity: /secrets|create|update|patch|delete/.test(e.message.split(' through ')[0]) ? undefined : 'moderate',
    }));
  },
};
