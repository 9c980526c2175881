import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-TLS-001.js';
import { inventory, runCheck } from '../helpers.js';

const net = (data: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-network, namespace: knative-serving}
data:
  ${data}
`;

describe('KTM-TLS-001 system-internal-tls', () => {
  it('fires on the default and on an unrecognised value', () => {
    expect(runCheck(check, inventory(net('x: y')))).toHaveLength(1);
    const f = runCheck(check, inventory(net('system-internal-tls: "on"')));
    expect(f[0].message).toMatch(/not a value Knative recognises/);
  });
  it('stays quiet when Enabled, or via the legacy internal-encryption key', () => {
    expect(runCheck(check, inventory(net('system-internal-tls: Enabled')))).toEqual([]);
    expect(runCheck(check, inventory(net('internal-encryption: "true"')))).toEqual([]);
  });
});
