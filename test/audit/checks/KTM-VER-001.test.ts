import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-VER-001.js';
import { isAffected, loadAdvisories, parseRelease } from '../../../src/audit/advisories.js';
import { audit, inventory, runCheck } from '../helpers.js';

const autoscaler = (version: string, label = 'app.kubernetes.io/version') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: autoscaler
  namespace: knative-serving
  labels: {app.kubernetes.io/name: knative-serving, ${label}: "${version}"}
spec: {selector: {matchLabels: {app: autoscaler}}, template: {metadata: {labels: {app: autoscaler}}, spec: {containers: [{name: a, image: x}]}}}
`;

describe('KTM-VER-001 advisories', () => {
  it('fires for serving 1.11.2 and 1.9.0 (CVE-2023-48713), also from the legacy release label', () => {
    const f = runCheck(check, inventory(autoscaler('1.11.2')));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/CVE-2023-48713/);
    expect(f[0].fix).toMatch(/1\.11\.3/);
    expect(runCheck(check, inventory(autoscaler('v1.9.0', 'serving.knative.dev/release')))).toHaveLength(1);
  });
  it('stays quiet for fixed versions, and notes devel as unknown', () => {
    expect(runCheck(check, inventory(autoscaler('1.10.5')))).toEqual([]);
    expect(runCheck(check, inventory(autoscaler('v1.12.0')))).toEqual([]);
    const r = audit(inventory(autoscaler('devel')), { checks: [check] });
    expect(r.findings).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/"devel" is not a release number/);
  });
  it('compares versions per minor line', () => {
    const adv = loadAdvisories().find((a) => a.id === 'CVE-2023-48713')!;
    expect(isAffected(parseRelease('1.10.4')!, adv)).toBe(true);
    expect(isAffected(parseRelease('1.11.3')!, adv)).toBe(false);
    expect(isAffected(parseRelease('knative-v1.13.0')!, adv)).toBe(false);
    expect(parseRelease('v20260506-6c6acb4')).toBeUndefined();
  });
});
