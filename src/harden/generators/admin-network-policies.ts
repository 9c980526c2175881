/**
 * With `--anp` (the cluster supports AdminNetworkPolicy, policy.networking.k8s.io/v1alpha1; see
 * cluster-network-policies.ts for v1alpha2 and how the API is chosen), the cluster-wide parts
 * of the network hardening become AdminNetworkPolicies, which tenants cannot override with their own
 * NetworkPolicies: no tenant reaches knative-serving or the cloud metadata address, and the autoscaler's stat port
 * accepts only the activator. Per-namespace default-deny stays a NetworkPolicy (network-policies.ts).
 */
import type { K8sObject } from '../../k8s/types.js';
import { MANAGED_BY, TENANT_LABEL, type Generator, type GeneratedObject } from '../types.js';
import { clusterWideNetworkApi } from './cluster-network-policies.js';

const tenants = { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] };

function anp(name: string, priority: number, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name, labels: { ...MANAGED_BY } }, spec: { priority, ...spec } };
}

export const adminNetworkPolicies: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const servingNs = { matchLabels: { 'kubernetes.io/metadata.name': ctx.config.serving.namespace } };
  if (clusterWideNetworkApi(ctx) !== 'v1alpha1') return { objects, manual: [] };
  const add = (object: K8sObject, fixes: string[], reason: string) =>
    objects.push({ concern: 'network-policies', object, fixes, rule: 'shared-component-filtering', reason });

  add(
    anp('ktm-deny-cloud-metadata', 10, {
      subject: { namespaces: tenants },
      egress: [{ name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    }),
    ['KTM-NET-006'],
    'no tenant reaches the cloud metadata address, whatever its own NetworkPolicies say',
  );
  if (ctx.installed.serving) {
    add(
      anp('ktm-autoscaler-stats-from-activator', 20, {
        subject: { pods: { namespaceSelector: servingNs, podSelector: { matchLabels: { app: 'autoscaler' } } } },
        ingress: [
          {
            name: 'allow-activator',
            action: 'Allow',
            from: [{ pods: { namespaceSelector: servingNs, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['activator', 'autoscaler'] }] } } }],
            ports: [{ portNumber: { protocol: 'TCP', port: 8080 } }],
          },
          { name: 'deny-others', action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 8080 } }] },
        ],
      }),
      ['KTM-NET-004'],
      'the autoscaler stat websocket accepts load reports only from the activator',
    );
    add(
      anp('ktm-protect-knative-serving', 30, {
        subject: { namespaces: servingNs },
        ingress: [{ name: 'deny-tenants', action: 'Deny', from: [{ namespaces: tenants }] }],
      }),
      ['KTM-NET-003', 'KTM-NET-005'],
      'no tenant reaches the activator, the webhook, the controller or any profiling/metrics port in knative-serving',
    );
  }
  return { objects, manual: [] };
};
