/**
 * Which kinds are cluster-scoped. Manifests often omit `metadata.namespace`; for namespaced kinds that
 * means `default` (as `kubectl apply` does without `-n`), for cluster-scoped kinds it means none.
 * Kinds are keyed group-qualified (`ClusterRole.rbac.authorization.k8s.io`), as the API server does;
 * CustomResourceDefinitions in the input add their own kinds (see `crdScopes`).
 */

/** Group-qualified kinds (`Kind` for the core group, `Kind.group` otherwise) that are cluster-scoped. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  // core
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  // RBAC
  'ClusterRole.rbac.authorization.k8s.io',
  'ClusterRoleBinding.rbac.authorization.k8s.io',
  // API machinery and admission
  'CustomResourceDefinition.apiextensions.k8s.io',
  'APIService.apiregistration.k8s.io',
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
  'MutatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'MutatingAdmissionPolicy.admissionregistration.k8s.io',
  'MutatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'FlowSchema.flowcontrol.apiserver.k8s.io',
  'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io',
  'StorageVersion.internal.apiserver.k8s.io',
  'StorageVersionMigration.storagemigration.k8s.io',
  'CertificateSigningRequest.certificates.k8s.io',
  'ClusterTrustBundle.certificates.k8s.io',
  // scheduling, nodes, storage
  'PriorityClass.scheduling.k8s.io',
  'RuntimeClass.node.k8s.io',
  'StorageClass.storage.k8s.io',
  'CSIDriver.storage.k8s.io',
  'CSINode.storage.k8s.io',
  'VolumeAttachment.storage.k8s.io',
  'VolumeAttributesClass.storage.k8s.io',
  'DeviceClass.resource.k8s.io',
  'ResourceSlice.resource.k8s.io',
  // networking
  'IngressClass.networking.k8s.io',
  'IPAddress.networking.k8s.io',
  'ServiceCIDR.networking.k8s.io',
  'AdminNetworkPolicy.policy.networking.k8s.io',
  'BaselineAdminNetworkPolicy.policy.networking.k8s.io',
  'ClusterNetworkPolicy.policy.networking.k8s.io',
  'GatewayClass.gateway.networking.k8s.io',
  'ClusterUserDefinedNetwork.k8s.ovn.org',
  'GlobalNetworkPolicy.crd.projectcalico.org',
  'GlobalNetworkSet.crd.projectcalico.org',
  'GlobalNetworkPolicy.projectcalico.org',
  'GlobalNetworkSet.projectcalico.org',
  'CiliumClusterwideNetworkPolicy.cilium.io',
  // Knative
  'ClusterDomainClaim.networking.internal.knative.dev',
  // policy engines and reports
  'ClusterPolicyReport.wgpolicyk8s.io',
  'ClusterPolicy.kyverno.io',
  'ClusterCleanupPolicy.kyverno.io',
  'ConstraintTemplate.templates.gatekeeper.sh',
  'ClusterIssuer.cert-manager.io',
  'SecurityContextConstraints.security.openshift.io',
]);

/** `apps/v1` → `apps`; `v1` → `` (core). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `Deployment` + `apps/v1` → `Deployment.apps`; core kinds stay bare (`Pod`). */
export function groupKindOf(kind: string, apiVersion: string): string {
  const group = apiGroupOf(apiVersion);
  return group === '' ? kind : `${kind}.${group}`;
}

/**
 * Kind scopes declared by CustomResourceDefinitions (`spec.scope: Cluster|Namespaced`), keyed by group kind.
 * They override the built-in list, so a cluster's own CRDs are honoured.
 */
export function crdScopes(crds: Iterable<{ spec?: any }>): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const crd of crds) {
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    const scope = crd.spec?.scope;
    if (typeof group === 'string' && typeof kind === 'string' && (scope === 'Cluster' || scope === 'Namespaced')) {
      scopes.set(`${kind}.${group}`, scope === 'Cluster');
    }
  }
  return scopes;
}

export function isClusterScoped(groupKind: string, declared?: ReadonlyMap<string, boolean>): boolean {
  const d = declared?.get(groupKind);
  return d ?? CLUSTER_SCOPED_KINDS.has(groupKind);
}
