import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-001.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { allowSameNamespace, denyIngress } from '../net-fixtures.js';

describe('KTM-NET-001 default-deny ingress', () => {
  it('fires for a tenant namespace without one, and for a policy that allows everyone', () => {
    const open = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: t-b}
spec: {podSelector: {}, ingress: [{}]}`;
    const f = runCheck(check, inventory(plainTenant('t-a') + plainTenant('t-b') + open));
    expect(f.map((x) => x.resource)).toEqual(['Namespace/t-a', 'Namespace/t-b']);
  });
  it('stays quiet with a default-deny (alone, or with allows)', () => {
    const inv = inventory(plainTenant('t-a') + denyIngress('t-a') + plainTenant('t-b') + allowSameNamespace('t-b'));
    expect(runCheck(check, inv)).toEqual([]);
  });
  it('ignores system namespaces', () => {
    expect(runCheck(check, inventory('apiVersion: v1\nkind: Namespace\nmetadata: {name: knative-serving}'))).toEqual([]);
  });
  it('counts a Baseline-tier ClusterNetworkPolicy that denies all namespaces on every port, and nothing less', () => {
    const cnp = (tier: string, protocols = '') => `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: tenant-baseline}
spec:
  tier: ${tier}
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: t-a}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]${protocols}}]`;
    expect(runCheck(check, inventory(plainTenant('t-a') + cnp('Baseline')))).toEqual([]);
    expect(runCheck(check, inventory(plainTenant('t-a') + cnp('Baseline', ', protocols: [{tcp: {destinationPort: {number: 80}}}]'))).map((x) => x.resource)).toEqual(['Namespace/t-a']);
    // an Admin-tier deny is not the baseline NetworkPolicies override: the check wants the baseline
    expect(runCheck(check, inventory(plainTenant('t-a') + cnp('Admin'))).map((x) => x.resource)).toEqual(['Namespace/t-a']);
  });
});
