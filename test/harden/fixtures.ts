/**
 * Test clusters for hardening: the stock Knative manifests from ../shared/fixtures/knative plus tenant namespaces
 * built here (Knative Services, a DomainMapping, a bad ClusterRoleBinding).
 */
import { buildInventory } from '../../src/k8s/inventory.js';
import type { Inventory, Resource } from '../../src/k8s/types.js';
import { plainTenant, resourcesFromYaml, stockResources } from '../helpers/cluster.js';

export { STOCK_FILES } from '../helpers/cluster.js';

/** A plain tenant (Knative Service + Deployment, as the audit tests use) with a Broker. */
export function tenantYaml(ns: string): string {
  return `${plainTenant(ns)}---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: default
  namespace: ${ns}
`;
}

/** Resources from YAML text; fresh objects each call, so a test may change them. */
export const resourcesFromText = resourcesFromYaml;

/** Later resources replace earlier ones with the same identity, as `kubectl apply` of the later file would. */
export function overlay(base: Resource[], later: Resource[]): Resource[] {
  const id = (r: Resource) => `${r.groupKind}/${r.namespace ?? ''}/${r.name}`;
  const replaced = new Set(later.map(id));
  return [...base.filter((r) => !replaced.has(id(r))), ...later];
}

export function stockWithTenants(tenants: string[], extra = ''): { resources: Resource[]; inventory: Inventory } {
  const resources = [...stockResources(), ...resourcesFromText(tenants.map(tenantYaml).join('---\n') + extra)];
  return { resources, inventory: buildInventory(resources) };
}

/** CoreDNS as kubeadm installs it (UDP and TCP 53), so the DNS path can be checked. */
export const KUBE_DNS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.11.1
          ports: [{ name: dns, containerPort: 53, protocol: UDP }, { name: dns-tcp, containerPort: 53, protocol: TCP }]
`;
