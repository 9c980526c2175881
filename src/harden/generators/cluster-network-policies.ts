/**
 * The cluster-wide parts of the network hardening as ClusterNetworkPolicies (policy.networking.k8s.io/v1alpha2,
 * upstream's successor of ANP/BANP), in the Admin tier so tenants cannot override them with NetworkPolicies: no
 * tenant reaches knative-serving or the cloud metadata address, and the autoscaler's stat port accepts only the
 * activator. The same three policies as admin-network-policies.ts (v1alpha1), in the v1alpha2 shape.
 *
 * Which API: `--cnp` asks for v1alpha2, `--anp` for v1alpha1; without either, v1alpha2 when the input shows the
 * cluster serves it (its CRD, or ClusterNetworkPolicy objects), else none (per-namespace NetworkPolicies).
 */
import type { Inventory, K8sObject } from '../../k8s/types.js';
import { crdServesVersion } from '../../k8s/crds.js';
import { MANAGED_BY, TENANT_LABEL, type Generator, type GeneratedObject, type HardenContext } from '../types.js';

export const CNP_CRD = 'clusternetworkpolicies.policy.networking.k8s.io';

/** True when the input shows the cluster serves ClusterNetworkPolicy v1alpha2. */
export function servesClusterNetworkPolicy(inv: Inventory): boolean {
  return crdServesVersion(inv, CNP_CRD, 'v1alpha2') ?? inv.byKind('ClusterNetworkPolicy.policy.networking.k8s.io').length > 0;
}

/** The API the cluster-wide network parts use, or undefined for per-namespace NetworkPolicies. */
export function clusterWideNetworkApi(ctx: HardenContext): 'v1alpha1' | 'v1alpha2' | undefined {
  if (ctx.options.cnp) return 'v1alpha2';
  if (ctx.options.anp) return 'v1alpha1';
  return servesClusterNetworkPolicy(ctx.inventory) ? 'v1alpha2' : undefined;
}

const tenants = { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] };

/** What differs between the two API versions: the object's shape, the allow verb and how a TCP port is written. */
const SHAPES = {
  v1alpha1: {
    object: (name: string, priority: number, spec: Record<string, unknown>): K8sObject => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name, labels: { ...MANAGED_BY } },
      spec: { priority, ...spec },
    }),
    allow: 'Allow',
    tcp: (port: number) => ({ ports: [{ portNumber: { protocol: 'TCP', port } }] }),
  },
  v1alpha2: {
    object: (name: string, priority: number, spec: Record<string, unknown>): K8sObject => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name, labels: { ...MANAGED_BY } },
      spec: { tier: 'Admin', priority, ...spec },
    }),
    allow: 'Accept',
    tcp: (port: number) => ({ protocols: [{ tcp: { destinationPort: { number: port } } }] }),
  },
} as const;

/** The three cluster-wide policies, written once, in the shape of the API the cluster uses. */
export function clusterWidePolicies(ctx: HardenContext, api: 'v1alpha1' | 'v1alpha2'): GeneratedObject[] {
  const { object, allow, tcp } = SHAPES[api];
  const objects: GeneratedObject[] = [];
  const servingNs = { matchLabels: { 'kubernetes.io/metadata.name': ctx.config.serving.namespace } };
  const add = (o: K8sObject, fixes: string[], reason: string) =>
    objects.push({ concern: 'network-policies', object: o, fixes, rule: 'shared-component-filtering', reason });

  add(
    object('ktm-deny-cloud-metadata', 10, {
      subject: { namespaces: tenants },
      egress: [{ name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    }),
    ['KTM-NET-006'],
    'no tenant reaches the cloud metadata address, whatever its own NetworkPolicies say',
  );
  if (ctx.installed.serving) {
    add(
      object('ktm-autoscaler-stats-from-activator', 20, {
        subject: { pods: { namespaceSelector: servingNs, podSelector: { matchLabels: { app: 'autoscaler' } } } },
        ingress: [
          {
            name: `${allow.toLowerCase()}-activator`,
            action: allow,
            from: [{ pods: { namespaceSelector: servingNs, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['activator', 'autoscaler'] }] } } }],
            ...tcp(8080),
          },
          { name: 'deny-others', action: 'Deny', from: [{ namespaces: {} }], ...tcp(8080) },
        ],
      }),
      ['KTM-NET-004'],
      'the autoscaler stat websocket accepts load reports only from the activator',
    );
    add(
      object('ktm-protect-knative-serving', 30, {
        subject: { namespaces: servingNs },
        ingress: [{ name: 'deny-tenants', action: 'Deny', from: [{ namespaces: tenants }] }],
      }),
      ['KTM-NET-003', 'KTM-NET-005'],
      'no tenant reaches the activator, the webhook, the controller or any profiling/metrics port in knative-serving',
    );
  }
  return objects;
}

export const clusterNetworkPolicies: Generator = (ctx) => ({
  objects: clusterWideNetworkApi(ctx) === 'v1alpha2' ? clusterWidePolicies(ctx, 'v1alpha2') : [],
  manual: [],
});
