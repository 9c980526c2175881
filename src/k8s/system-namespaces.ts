/**
 * Namespaces that belong to the platform (Kubernetes, Knative, ingress, mesh, policy, CNI, monitoring), not to a
 * tenant. One list for the whole tool: the audit's tenant detection, the reachability engine's hub callers and
 * `ktm reach`'s tenant matrix all use it (documented in docs/audit.md).
 */

/** Exact names of namespaces that belong to the platform, not to a tenant. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'istio-system',
  'istio-ingress',
  'istio-gateways',
  'kourier-system',
  'contour-external',
  'contour-internal',
  'projectcontour',
  'gateway-system',
  'envoy-gateway-system',
  'nginx-gateway',
  'ingress-nginx',
  'cert-manager',
  'kyverno',
  'gatekeeper-system',
  'calico-system',
  'calico-apiserver',
  'tigera-operator',
  'cilium',
  'cilium-secrets',
  'metallb-system',
  'local-path-storage',
  'monitoring',
  'observability',
  'olm',
  'operators',
  'openshift',
];

/** Prefixes of system namespaces. */
export const SYSTEM_PREFIXES: readonly string[] = ['kube-', 'knative-', 'openshift-', 'istio-', 'gke-', 'aks-', 'eks-'];

export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMESPACES.includes(name) || SYSTEM_PREFIXES.some((p) => name.startsWith(p));
}
