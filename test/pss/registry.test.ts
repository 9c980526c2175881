import { describe, expect, it } from 'vitest';
import { checksFor, parsePolicyVersion, evaluatePod, rejectionMessage, ALL_CHECKS } from '../../src/pss/index.js';
import { UsageError } from '../../src/util/errors.js';

const ids = (level: 'baseline' | 'restricted', minor: number) => checksFor(level, minor).map((c) => c.check.id);

describe('check registry', () => {
  it('has 19 checks: 12 baseline, 7 restricted', () => {
    expect(ALL_CHECKS.filter((c) => c.level === 'baseline')).toHaveLength(12);
    expect(ALL_CHECKS.filter((c) => c.level === 'restricted')).toHaveLength(7);
  });

  it('orders baseline ids then restricted ids, each in byte order', () => {
    expect(ids('baseline', 37)).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts',
      'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls',
      'windowsHostProcess',
    ]);
    expect(ids('restricted', 37)).toEqual([
      'appArmorProfile', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'seLinuxOptions',
      'sysctls', 'windowsHostProcess', 'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted',
      'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
  });

  it('applies overrides only from the overriding check version', () => {
    expect(ids('restricted', 0)).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount',
      'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess', 'restrictedVolumes', 'runAsNonRoot',
    ]);
    expect(ids('restricted', 18)).toContain('seccompProfile_baseline');
    expect(ids('restricted', 19)).not.toContain('seccompProfile_baseline');
    expect(ids('restricted', 21)).toContain('capabilities_baseline');
    expect(ids('restricted', 22)).not.toContain('capabilities_baseline');
    expect(ids('restricted', 34)).toContain('procMount');
    expect(ids('restricted', 35)).not.toContain('procMount');
  });

  it('clamps versions newer than v1.37 to v1.37', () => {
    expect(checksFor('restricted', 99)).toBe(checksFor('restricted', 37));
  });
});

describe('policy versions', () => {
  it('parses v1.N and latest; clamps newer versions', () => {
    expect(parsePolicyVersion('latest')).toEqual({ label: 'latest', minor: 37 });
    expect(parsePolicyVersion('v1.30')).toEqual({ label: 'v1.30', minor: 30 });
    expect(parsePolicyVersion('v1.50')).toEqual({ label: 'v1.50', minor: 37 });
  });

  it('refuses anything else with a usage error', () => {
    for (const bad of ['1.30', 'v2.0', 'v1.', 'v1.x', 'v1.030', '', 'LATEST', 'v1.1e3']) {
      expect(() => parsePolicyVersion(bad)).toThrow(UsageError);
    }
  });
});

describe('rejection message', () => {
  it('follows the API server form', () => {
    const r = evaluatePod({}, { hostNetwork: true, containers: [{ name: 'c', securityContext: { privileged: true } }] }, 'baseline', 'v1.30');
    expect(rejectionMessage(r)).toBe(
      'violates PodSecurity "baseline:v1.30": host namespaces (hostNetwork=true), privileged (container "c" must not set securityContext.privileged=true)',
    );
    expect(rejectionMessage(evaluatePod({}, { containers: [] }, 'baseline', 'latest'))).toBe('');
  });
});
