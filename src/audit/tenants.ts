/**
 * Which namespaces are tenants. Every namespace but the system ones, or (with `--tenant-selector`) those whose labels
 * match the selector. The system list is data, documented in docs/audit.md; a namespace is also "system" when it holds
 * a Knative, ingress or mesh control plane we recognise by its deployments (an operator may install Knative elsewhere),
 * or the proxy of a Gateway API Gateway Knative routes through.
 */
import type { Inventory } from '../k8s/types.js';
import { matchesLabelSelector, type LabelSelector } from '../k8s/selectors.js';

export { SYSTEM_NAMESPACES, SYSTEM_PREFIXES, isSystemNamespace } from '../k8s/system-namespaces.js';
import { isSystemNamespace } from '../k8s/system-namespaces.js';
import { readKnativeConfig } from '../k8s/knative-config.js';
import { gatewayApiHubs, selects } from '../k8s/shared-hops.js';

/**
 * Deployments (or DaemonSets) whose presence marks a namespace as a platform namespace: Knative, ingress or mesh
 * installed elsewhere. The Knative Operator's release manifest installs `knative-operator` and `operator-webhook`
 * into `default`; that namespace then holds a cluster-admin-like controller and is the platform's, not a tenant's.
 */
const PLATFORM_DEPLOYMENTS = new Set([
  'activator',
  'autoscaler',
  'net-kourier-controller',
  '3scale-kourier-gateway',
  'net-istio-controller',
  'net-contour-controller',
  'net-gateway-api-controller',
  'istio-ingressgateway',
  'istiod',
  'contour',
  'envoy-gateway',
  'eventing-controller',
  'mt-broker-ingress',
  'imc-dispatcher',
  'knative-operator',
  'operator-webhook',
]);


/**
 * Namespaces that are not system by name but run a platform component (by workload name), with those names: they are
 * left out of the tenants, and the report says so (a tenant could name a Deployment `activator` to hide a namespace).
 */
export function platformNamespacesByWorkload(inv: Inventory): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (ns: string, what: string) => out.set(ns, [...(out.get(ns) ?? []), what].sort());
  for (const kind of ['Deployment', 'DaemonSet']) {
    for (const d of inv.byKind(kind)) {
      if (!d.namespace || !PLATFORM_DEPLOYMENTS.has(d.name) || isSystemNamespace(d.namespace)) continue;
      add(d.namespace, `${d.kind}/${d.name}`);
    }
  }
  // The proxies of the Gateway API Gateways Knative attaches to are shared hops wherever they run (k8s/shared-hops.ts).
  for (const hub of gatewayApiHubs(inv, readKnativeConfig(inv))) {
    for (const w of inv.workloads) {
      if (isSystemNamespace(w.namespace) || !hub.pods.some((p) => selects(p, w))) continue;
      const what = `${w.kind}/${w.name} (proxy of Gateway ${hub.gateways.join(', ')})`;
      if (!out.get(w.namespace)?.includes(what)) add(w.namespace, what);
    }
  }
  return out;
}

/** Sorted tenant namespace names. With a selector, only namespaces whose labels match it (system ones included if they match: the user asked). */
export function tenantNamespaces(inv: Inventory, selector?: LabelSelector): string[] {
  const platform = platformNamespacesByWorkload(inv);
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
