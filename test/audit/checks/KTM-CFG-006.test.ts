import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-006.js';
import { configMapYaml, inventory, runCheck } from '../helpers.js';

const features = (data: string) => configMapYaml('config-features', 'knative-serving', data);

describe('KTM-CFG-006 placement gates', () => {
  it('fires for runtimeclassname and tolerations', () => {
    const f = runCheck(check, inventory(features('kubernetes.podspec-runtimeclassname: enabled\n  kubernetes.podspec-tolerations: Enabled')));
    expect(f).toHaveLength(2);
    expect(f.map((x) => x.message).join()).toMatch(/RuntimeClass/);
  });
  it('stays quiet when the gates are off or unrelated gates are on', () => {
    expect(runCheck(check, inventory(features('kubernetes.podspec-affinity: disabled\n  multi-container: enabled')))).toEqual([]);
  });
});
