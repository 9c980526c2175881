import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-009.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { clusterRole, clusterRoleBinding, roleBinding, SA } from '../rbac-fixtures.js';

/** The platform lets "Prometheus, wherever it runs" scrape knative-serving: a forgeable peer. */
const prometheusAnywhere = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-prometheus, namespace: knative-serving}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: prometheus}}}], ports: [{port: 9090}]}]
`;

describe('KTM-NET-009 forgeable peers', () => {
  it('fires for pod labels under namespaceSelector: {}, naming the tenants that could forge them', () => {
    const f = runCheck(check, inventory(plainTenant('t-a') + plainTenant('t-b') + prometheusAnywhere, { stock: true }));
    expect(f).toHaveLength(1);
    expect(f[0].resource).toBe('NetworkPolicy/knative-serving/allow-prometheus');
    expect(f[0].path).toBe('spec.ingress[0].from');
    expect(f[0].message).toMatch(/if tenant t-a, t-b labels a pod app=prometheus/);
  });

  it('stays quiet when the peer is pinned to the monitoring namespace, or selects whole namespaces', () => {
    const pinned = prometheusAnywhere.replace('namespaceSelector: {}', 'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}');
    expect(runCheck(check, inventory(plainTenant('t-a') + pinned, { stock: true }))).toEqual([]);
    const wholeNamespaces = prometheusAnywhere.replace(', podSelector: {matchLabels: {app: prometheus}}', '');
    expect(runCheck(check, inventory(plainTenant('t-a') + wholeNamespaces, { stock: true }))).toEqual([]);
  });

  describe('namespace labels a tenant may set', () => {
    /** The platform lets "namespaces labelled monitoring=true" scrape knative-serving's metrics. */
    const monitoringNamespaces = prometheusAnywhere.replace(
      '{namespaceSelector: {}, podSelector: {matchLabels: {app: prometheus}}}',
      '{namespaceSelector: {matchLabels: {monitoring: "true"}}}',
    );
    const labelNamespaces = clusterRole('namespace-labeller', '[{apiGroups: [""], resources: [namespaces], verbs: [get, patch]}]');

    it('fires when a RoleBinding in the tenant namespace grants its ServiceAccount patch on namespaces (the namespace object itself)', () => {
      const inv = inventory(plainTenant('t-a') + plainTenant('t-b') + monitoringNamespaces + labelNamespaces + roleBinding('relabel', 't-a', 'ClusterRole', 'namespace-labeller', SA('t-a', 'ci')), { stock: true });
      const f = runCheck(check, inv);
      expect(f).toHaveLength(1);
      expect(f[0].resource).toBe('NetworkPolicy/knative-serving/allow-prometheus');
      expect(f[0].message).toMatch(/if tenant t-a labels its namespace monitoring=true, that pod reaches the pods this policy protects in knative-serving/);
      expect(f[0].message).toMatch(/ServiceAccount t-a\/ci, a ServiceAccount of tenant namespace t-a, may patch namespace t-a through RoleBinding t-a\/relabel → ClusterRole namespace-labeller/);
    });

    it('fires for every tenant when system:authenticated may update namespaces cluster-wide, asking for a pod label too when the peer selects pods', () => {
      const both = monitoringNamespaces.replace('{matchLabels: {monitoring: "true"}}}', '{matchLabels: {monitoring: "true"}}, podSelector: {matchLabels: {app: prometheus}}}');
      const grant = clusterRole('ns-editor', '[{apiGroups: [""], resources: [namespaces], verbs: [update]}]') + clusterRoleBinding('everyone-edits-ns', 'ns-editor', '[{kind: Group, name: system:authenticated}]');
      const f = runCheck(check, inventory(plainTenant('t-a') + plainTenant('t-b') + both + grant, { stock: true }));
      const byNamespace = f.filter((x) => /labels its namespace/.test(x.message));
      expect(byNamespace).toHaveLength(1);
      expect(byNamespace[0].message).toMatch(/if tenant t-a, t-b labels its namespace monitoring=true and a pod app=prometheus/);
      expect(byNamespace[0].message).toMatch(/Group system:authenticated, every tenant is in system:authenticated, may update namespace t-a through ClusterRoleBinding everyone-edits-ns/);
    });

    it('stays quiet without the RBAC, when only a platform subject may label, when the grant is in another namespace, and when the selector pins the name', () => {
      const tenants = plainTenant('t-a') + plainTenant('t-b');
      expect(runCheck(check, inventory(tenants + monitoringNamespaces, { stock: true }))).toEqual([]);
      const platform = labelNamespaces + clusterRoleBinding('argo-labels', 'namespace-labeller', SA('kube-system', 'argocd'));
      expect(runCheck(check, inventory(tenants + monitoringNamespaces + platform, { stock: true }))).toEqual([]);
      // A RoleBinding in knative-serving names that namespace only: no tenant namespace can be relabelled through it.
      const elsewhere = labelNamespaces + roleBinding('relabel', 'knative-serving', 'ClusterRole', 'namespace-labeller', SA('t-a', 'ci'));
      expect(runCheck(check, inventory(tenants + monitoringNamespaces + elsewhere, { stock: true }))).toEqual([]);
      const pinned = monitoringNamespaces.replace('{matchLabels: {monitoring: "true"}}', '{matchLabels: {monitoring: "true", kubernetes.io/metadata.name: monitoring}}');
      const grant = labelNamespaces + roleBinding('relabel', 't-a', 'ClusterRole', 'namespace-labeller', SA('t-a', 'ci'));
      expect(runCheck(check, inventory(tenants + pinned + grant, { stock: true }))).toEqual([]);
    });
  });
});
