import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-002.js';
import { inventory, runCheck } from '../helpers.js';

const features = (v?: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-serving}
data:
  ${v === undefined ? 'multi-container: enabled' : `secure-pod-defaults: "${v}"`}
`;

describe('KTM-CFG-002 secure-pod-defaults', () => {
  it('fires when the key is missing (default disabled)', () => {
    const f = runCheck(check, inventory(features()));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/default applies/);
  });
  it('flags root-allowed as ineffective', () => {
    const f = runCheck(check, inventory(features('root-allowed')));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/ineffective/);
    expect(f[0].fix).toMatch(/AllowRootBounded/);
  });
  it('treats "Allowed" (valid for other flags, not this one) as disabled', () => {
    expect(runCheck(check, inventory(features('Allowed')))).toHaveLength(1);
  });
  it('stays quiet for enabled and AllowRootBounded in any case', () => {
    expect(runCheck(check, inventory(features('enabled')))).toEqual([]);
    expect(runCheck(check, inventory(features('allowrootbounded')))).toEqual([]);
  });
});
