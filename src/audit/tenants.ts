/**
 * Which namespaces are tenants. Every namespace but the system ones, or (with `--tenant-selector`) those whose labels
 * match the selector. The system list is data, documented in docs/audit.md; a namespace is also "system" when it holds
 * a Knative, ingress or mesh control plane we recognise by its deployments (an operator may install Knative elsewhere).
 */
import type { Inventory } from '../k8s/types.js';
import { matchesLabelSelector, type LabelSelector } from '../k8s/selectors.js';

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

/** Deployments whose presence marks a namespace as a platform namespace (Knative/ingress installed elsewhere). */
const PLATFORM_DEPLOYMENTS = new Set([
  'activator',
  'autoscaler',
  'net-kourier-controller',
  '3scale-kourier-gateway',
  'istio-ingressgateway',
  'istiod',
  'eventing-controller',
  'mt-broker-ingress',
  'imc-dispatcher',
]);

export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMESPACES.includes(name) || SYSTEM_PREFIXES.some((p) => name.startsWith(p));
}

/** Sorted tenant namespace names. With a selector, only namespaces whose labels match it (system ones included if they match: the user asked). */
export function tenantNamespaces(inv: Inventory, selector?: LabelSelector): string[] {
  const platform = new Set<string>();
  for (const d of inv.byKind('Deployment')) if (d.namespace && PLATFORM_DEPLOYMENTS.has(d.name)) platform.add(d.namespace);
  const out: string[] = [];
  for (const [name, ns] of inv.namespaces) {
    if (selector) {
      if (matchesLabelSelector(selector, ns.labels)) out.push(name);
    } else if (!isSystemNamespace(name) && !platform.has(name)) {
      out.push(name);
    }
  }
  return out.sort();
}
