import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-007.js';
import { inventory, runCheck } from '../helpers.js';

const features = (v: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-serving}
data:
  tag-header-based-routing: "${v}"
`;

describe('KTM-CFG-007 tag-header-based-routing', () => {
  it('fires when enabled and users are untrusted', () => {
    expect(runCheck(check, inventory(features('Enabled')), { users: 'untrusted' })).toHaveLength(1);
  });
  it('stays quiet when disabled, and does not apply to trusted users', () => {
    expect(runCheck(check, inventory(features('disabled')), { users: 'untrusted' })).toEqual([]);
    expect(runCheck(check, inventory(features('enabled')), { users: 'trusted' })).toEqual([]);
  });
});
