import { permissionFindings, verbsOn } from '../rbac/permission-findings.js';
import type { ResourceRequest } from '../rbac/rules.js';
import type { Check } from '../types.js';

const WRITE = ['create', 'update', 'patch', 'delete'];
/** Cluster-scoped objects that shape every Knative tenant (ClusterDomainClaims are KTM-RBAC-002's). */
const TARGETS: [string, string][] = [
  ['apiextensions.k8s.io', 'customresourcedefinitions'],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
  ['rbac.authorization.k8s.io', 'clusterroles'],
  ['node.k8s.io', 'runtimeclasses'],
];

export const check: Check = {
  id: 'KTM-CP-002',
  title: 'Tenants can change cluster-scoped objects Knative depends on',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'multi-cluster-independent',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.1.12', relation: 'related' },
    { framework: 'kubescape', id: 'C-0281', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0114', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-CC-CPI-1', relation: 'related' },
  ],
  description:
    'Knative\'s CRDs, its webhook configurations, the ClusterRoles aggregated into its controllers\' roles and the ' +
    'RuntimeClasses it applies are cluster-scoped and shared by every tenant. A tenant that can write them changes ' +
    'Knative for everyone (e.g. a ClusterRole labelled to aggregate into knative-serving-admin).',
  fix: 'Remove write access to CRDs, webhook configurations, ClusterRoles and RuntimeClasses from tenant subjects.',
  evaluate: (ctx) =>
    permissionFindings(ctx, {
      // All cluster-scoped: permissionFindings drops them for RoleBindings.
      requests: TARGETS.flatMap(([group, resource]) => WRITE.map((verb): ResourceRequest => ({ verb, group, resource }))),
      describe: (allowed) => `can ${verbsOn(allowed)} (cluster-scoped, shared by every tenant)`,
    }),
};
