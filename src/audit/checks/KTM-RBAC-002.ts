import { permissionFindings, requests, verbsOn } from '../rbac/permission-findings.js';
import type { Check } from '../types.js';

const WRITE = ['create', 'update', 'patch', 'delete'];
/** networking.internal.knative.dev: ClusterDomainClaims (cluster-scoped) and the KIngress/Certificate/SKS Knative writes for tenants. */
const RESOURCES = ['clusterdomainclaims', 'ingresses', 'certificates', 'serverlessservices', 'domainclaims'];

export const check: Check = {
  id: 'KTM-RBAC-002',
  title: 'Tenant can write ClusterDomainClaims or networking.internal.knative.dev objects',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'namespace-isolation-goal',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'trivy', id: 'KSV-0056', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-CC-CPI-1', relation: 'related' },
  ],
  description:
    'ClusterDomainClaims decide which namespace owns a domain; KIngresses program the shared gateway directly. Knative\'s ' +
    'namespaced roles give tenants read-only access to networking.internal.knative.dev; write access lets a tenant claim ' +
    'other tenants\' domains or route their traffic.',
  fix: 'Remove create/update/patch/delete on networking.internal.knative.dev from the tenant\'s roles; the administrator creates ClusterDomainClaims.',
  evaluate: (ctx) =>
    permissionFindings(ctx, {
      // ClusterDomainClaims are cluster-scoped: only ClusterRoleBindings grant them (permissionFindings drops them for
      // RoleBindings); the others in any namespace.
      requests: requests('networking.internal.knative.dev', RESOURCES, WRITE),
      describe: (allowed, g) => `can ${verbsOn(allowed)}${g.bindingKind === 'RoleBinding' ? ` in namespace ${g.namespace}` : ' cluster-wide'}`,
    }),
};
