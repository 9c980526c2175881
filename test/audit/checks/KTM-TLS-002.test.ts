import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-TLS-002.js';
import { inventory, runCheck } from '../helpers.js';

const setup = (tls: string, visibility = '') => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-network, namespace: knative-serving}
data:
  external-domain-tls: "${tls}"
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: web
  namespace: shop
  ${visibility ? `labels: {networking.knative.dev/visibility: ${visibility}}` : ''}
spec: {template: {spec: {containers: [{image: x}]}}}
`;

describe('KTM-TLS-002 external services without TLS', () => {
  it('fires for a public Knative Service when external-domain-tls is disabled', () => {
    const f = runCheck(check, inventory(setup('Disabled')), { users: 'untrusted' });
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/shop\/web/);
  });
  it('stays quiet with TLS enabled, cluster-local services, or trusted users', () => {
    expect(runCheck(check, inventory(setup('Enabled')), { users: 'untrusted' })).toEqual([]);
    expect(runCheck(check, inventory(setup('Disabled', 'cluster-local')), { users: 'untrusted' })).toEqual([]);
    expect(runCheck(check, inventory(setup('Disabled')), { users: 'trusted' })).toEqual([]);
  });
});
