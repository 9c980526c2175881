import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-007.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { denyEgress } from '../net-fixtures.js';

const broker = (ns: string) => `
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {name: default, namespace: ${ns}}
spec: {}
`;

describe('KTM-NET-007 cross-tenant broker posts', () => {
  it('fires for a tenant broker reachable from another tenant through broker-ingress without OIDC', () => {
    const f = runCheck(check, inventory(plainTenant('t-a') + broker('t-a') + plainTenant('t-b'), { stock: true }));
    expect(f).toHaveLength(1);
    expect(f[0].resource).toBe('Broker/t-a/default');
    expect(f[0].message).toMatch(/t-b/);
  });
  it('stays quiet when the other tenant cannot reach the broker ingress', () => {
    const inv = inventory(plainTenant('t-a') + broker('t-a') + plainTenant('t-b') + denyEgress('t-b'), { stock: true });
    expect(runCheck(check, inv)).toEqual([]);
  });
});
