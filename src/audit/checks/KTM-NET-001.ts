import { matchesLabelSelector } from '../../k8s/selectors.js';
import type { Inventory } from '../../k8s/types.js';
import { resourcesIn } from '../../k8s/inventory.js';
import { namespaceRef } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

/**
 * A namespace is default-deny for ingress when every pod in it is isolated for ingress and nothing is let in from
 * everywhere: a NetworkPolicy with an empty podSelector whose policyTypes include Ingress (explicitly, or implicitly:
 * Ingress is always implied) and that has no rule allowing all sources (a rule without `from`, or with an empty peer
 * `{}`). A BaselineAdminNetworkPolicy, or a Baseline-tier ClusterNetworkPolicy (v1alpha2), whose ingress Denies all
 * namespaces on every port for the namespace counts too.
 */
export function hasDefaultDenyIngress(inv: Inventory, ns: string): { by?: string } | undefined {
  for (const np of resourcesIn(inv, 'NetworkPolicy', ns)) {
    const spec = np.obj.spec ?? {};
    const sel = spec.podSelector ?? {};
    if (Object.keys(sel.matchLabels ?? {}).length > 0 || (sel.matchExpressions ?? []).length > 0) continue;
    const types: string[] | undefined = spec.policyTypes;
    if (types && !types.includes('Ingress')) continue;
    const rules: any[] = Array.isArray(spec.ingress) ? spec.ingress : [];
    const allowsAll = rules.some(
      (r) => !r || !Array.isArray(r.from) || r.from.length === 0 || r.from.some((p: any) => p && Object.keys(p).length === 0),
    );
    // A rule allowing all sources on some ports still leaves the namespace open on those ports.
    if (allowsAll) continue;
    return { by: `NetworkPolicy/${ns}/${np.name}` };
  }
  const nsLabels = inv.namespaces.get(ns)?.labels ?? {};
  for (const banp of inv.byKind('BaselineAdminNetworkPolicy')) {
    const subject = banp.obj.spec?.subject;
    const nsSel = subject?.namespaces;
    if (!nsSel || !matchesLabelSelector(nsSel, nsLabels)) continue;
    const denyAll = (banp.obj.spec?.ingress ?? []).some(
      (r: any) =>
        r?.action === 'Deny' &&
        !r.ports &&
        (r.from ?? []).some((p: any) => p?.namespaces && Object.keys(p.namespaces).length === 0),
    );
    if (denyAll) return { by: `BaselineAdminNetworkPolicy/${banp.name}` };
  }
  for (const cnp of inv.byKind('ClusterNetworkPolicy.policy.networking.k8s.io')) {
    const spec = cnp.obj.spec ?? {};
    if (spec.tier !== 'Baseline' || !spec.subject?.namespaces || !matchesLabelSelector(spec.subject.namespaces, nsLabels)) continue;
    const denyAll = (Array.isArray(spec.ingress) ? spec.ingress : []).some(
      (r: any) => r?.action === 'Deny' && !r.protocols && (r.from ?? []).some((p: any) => p?.namespaces && Object.keys(p.namespaces).length === 0),
    );
    if (denyAll) return { by: `ClusterNetworkPolicy/${cnp.name}` };
  }
  return undefined;
}

export const check: Check = {
  id: 'KTM-NET-001',
  title: 'Tenant namespace without default-deny ingress',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'tenancy-hardening',
  clauseFallback: ['untrusted-needs-isolation'],
  crosswalk: [
    { framework: 'cis', id: '5.3.2', relation: 'related' },
    { framework: 'kubescape', id: 'C-0030', relation: 'related' },
    { framework: 'kubescape', id: 'C-0206', relation: 'related' },
    { framework: 'kubescape', id: 'C-0260', relation: 'related' },
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' },
  ],
  description:
    'Kubernetes allows all traffic to a pod that no NetworkPolicy selects. Namespaces-as-tenants need a default-deny ' +
    'ingress policy in every tenant namespace, with explicit allows (gateway, knative-serving, same namespace).',
  fix: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (no rules) to the namespace, plus allows for the ingress gateway and knative-serving.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    for (const ns of ctx.tenants) {
      if (hasDefaultDenyIngress(ctx.inventory, ns)) continue;
      out.push({
        resource: namespaceRef(ctx, ns),
        path: '',
        message: `tenant namespace ${ns} has no default-deny ingress NetworkPolicy: pods not selected by a policy accept traffic from every pod in the cluster`,
      });
    }
    return out;
  },
};
