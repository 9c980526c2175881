/**
 * prove's last resort: an object of ktm's that cuts a required flow no NetworkPolicy can re-open (an admin-tier deny,
 * as AdminNetworkPolicy v1alpha1 or ClusterNetworkPolicy v1alpha2) is left out, with a manual step naming it; one that
 * cuts nothing is kept.
 */
import { describe, expect, it } from 'vitest';
import { proveRequiredFlows } from '../../src/harden/prove.js';
import { DEFAULT_HARDEN_OPTIONS, type GeneratedObject } from '../../src/harden/index.js';
import type { K8sObject } from '../../src/k8s/types.js';
import { KUBE_DNS, stockWithTenants } from './fixtures.js';

const { inventory } = stockWithTenants(['team-a', 'team-b'], `---\n${KUBE_DNS}`);
const byName = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });

/** An admin-tier policy of ktm's that denies ingress into `to` from `from`, in either API version. */
function adminDeny(api: 'v1alpha1' | 'v1alpha2', name: string, to: string, from: Record<string, unknown>): GeneratedObject {
  const object: K8sObject =
    api === 'v1alpha1'
      ? { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority: 5, subject: { namespaces: byName(to) }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: from }] }] } }
      : { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier: 'Admin', priority: 5, subject: { namespaces: byName(to) }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: from }] }] } };
  return { concern: 'network-policies', object, fixes: ['KTM-NET-001'], rule: 'tenancy-hardening', reason: 'test' };
}

describe.each(['v1alpha1', 'v1alpha2'] as const)('prove leaves out admin-tier denies that cut a required flow (%s)', (api) => {
  const kind = api === 'v1alpha1' ? 'AdminNetworkPolicy' : 'ClusterNetworkPolicy';

  it('a deny of every namespace into kube-system cuts DNS: left out, named in a manual step, DNS holds', () => {
    const cutter = adminDeny(api, 'ktm-cuts-dns', 'kube-system', {});
    const r = proveRequiredFlows(inventory, [cutter], DEFAULT_HARDEN_OPTIONS);
    expect(r.objects.map((g) => g.object.metadata.name)).not.toContain('ktm-cuts-dns');
    const step = r.manual.find((m) => m.text.startsWith('Left out'));
    expect(step?.resources).toEqual([`${kind}/ktm-cuts-dns`]);
    const dns = r.proofs.filter((p) => p.id.startsWith('dns:team-a/'));
    expect(dns.length).toBeGreaterThan(0);
    for (const p of dns) expect(p.status).toMatch(/^(holds|repaired)$/);
  });

  it('a deny between two tenants cuts no required flow: kept, no manual step', () => {
    const keeper = adminDeny(api, 'ktm-team-b-apart', 'team-b', byName('team-a'));
    const r = proveRequiredFlows(inventory, [keeper], DEFAULT_HARDEN_OPTIONS);
    expect(r.objects.map((g) => g.object.metadata.name)).toContain('ktm-team-b-apart');
    expect(r.manual.filter((m) => m.text.startsWith('Left out'))).toEqual([]);
    expect(r.proofs.filter((p) => p.status === 'left-out')).toEqual([]);
  });
});
