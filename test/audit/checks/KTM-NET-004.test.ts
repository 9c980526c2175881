import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-004.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';

const autoscalerOnlyFromActivator = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: autoscaler-from-activator, namespace: knative-serving}
spec:
  podSelector: {matchLabels: {app: autoscaler}}
  ingress: [{from: [{podSelector: {matchLabels: {app: activator}}}]}]
`;

describe('KTM-NET-004 autoscaler stat port', () => {
  it('fires when tenant pods reach autoscaler:8080', () => {
    const f = runCheck(check, inventory(plainTenant('t-a'), { stock: true }));
    expect(f).toHaveLength(1);
    expect(f[0].hops![0]).toMatch(/knative-serving\/autoscaler \(TCP 8080\)/);
  });
  it('stays quiet when the autoscaler only accepts the activator', () => {
    expect(runCheck(check, inventory(plainTenant('t-a') + autoscalerOnlyFromActivator, { stock: true }))).toEqual([]);
  });
});
