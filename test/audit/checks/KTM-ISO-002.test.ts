import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-ISO-002.js';
import { inventory, runCheck } from '../helpers.js';

const ns = (level?: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: t-a
  ${level ? `labels: {pod-security.kubernetes.io/enforce: ${level}}` : ''}
`;

describe('KTM-ISO-002 Pod Security Admission enforce', () => {
  it('fires without the label, and at baseline for untrusted developers (moderate)', () => {
    expect(runCheck(check, inventory(ns()))[0].severity).toBe('high');
    const f = runCheck(check, inventory(ns('baseline')), { developers: 'untrusted' });
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('moderate');
    expect(f[0].path).toBe('metadata.labels["pod-security.kubernetes.io/enforce"]');
  });
  it('stays quiet at restricted, and at baseline for trusted developers', () => {
    expect(runCheck(check, inventory(ns('restricted')))).toEqual([]);
    expect(runCheck(check, inventory(ns('baseline')), { developers: 'trusted' })).toEqual([]);
  });
});
