/**
 * With `--anp` (the cluster supports AdminNetworkPolicy, policy.networking.k8s.io/v1alpha1; see
 * cluster-network-policies.ts for v1alpha2 and how the API is chosen), the cluster-wide parts
 * of the network hardening become AdminNetworkPolicies, which tenants cannot override with their own
 * NetworkPolicies: no tenant reaches knative-serving or the cloud metadata address, and the autoscaler's stat port
 * accepts only the activator. Per-namespace default-deny stays a NetworkPolicy (network-policies.ts).
 * The policies themselves are written once, in cluster-network-policies.ts.
 */
import type { Generator } from '../types.js';
import { clusterWideNetworkApi, clusterWidePolicies } from './cluster-network-policies.js';

export const adminNetworkPolicies: Generator = (ctx) => ({
  objects: clusterWideNetworkApi(ctx) === 'v1alpha1' ? clusterWidePolicies(ctx, 'v1alpha1') : [],
  manual: [],
});
