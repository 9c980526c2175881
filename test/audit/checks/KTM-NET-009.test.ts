import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-009.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';

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
});
