import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-005.js';
import { configMapYaml, inventory, runCheck } from '../helpers.js';

const features = (data: string) => configMapYaml('config-features', 'knative-serving', data);

describe('KTM-CFG-005 host-level gates', () => {
  it('fires once per gate that is enabled or allowed', () => {
    const f = runCheck(check, inventory(features('kubernetes.podspec-hostnetwork: Enabled\n  kubernetes.podspec-volumes-hostpath: allowed\n  kubernetes.containerspec-addcapabilities: enabled')));
    expect(f.map((x) => x.path).sort()).toEqual([
      'data.kubernetes.containerspec-addcapabilities',
      'data.kubernetes.podspec-hostnetwork',
      'data.kubernetes.podspec-volumes-hostpath',
    ]);
  });
  it('stays quiet for disabled and unknown values', () => {
    expect(runCheck(check, inventory(features('kubernetes.podspec-hostpid: disabled\n  kubernetes.podspec-hostipc: "on"')))).toEqual([]);
  });
});
