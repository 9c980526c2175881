import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-EVT-001.js';
import { configMapYaml, inventory, runCheck } from '../helpers.js';

const features = (data: string) => configMapYaml('config-features', 'knative-eventing', data);

describe('KTM-EVT-001 eventing security features', () => {
  it('fires for OIDC off, allow-all, non-strict transport and cross-namespace links', () => {
    const f = runCheck(check, inventory(features('authentication-oidc: disabled\n  default-authorization-mode: allow-all\n  transport-encryption: permissive\n  cross-namespace-event-links: enabled')));
    expect(f.map((x) => x.path).sort()).toEqual([
      'data.authentication-oidc',
      'data.cross-namespace-event-links',
      'data.default-authorization-mode',
      'data.transport-encryption',
    ]);
    expect(f.find((x) => x.path === 'data.transport-encryption')!.severity).toBe('low');
  });
  it('stays quiet when eventing is hardened', () => {
    expect(runCheck(check, inventory(features('authentication-oidc: enabled\n  default-authorization-mode: allow-same-namespace\n  transport-encryption: strict\n  cross-namespace-event-links: disabled')))).toEqual([]);
  });
  it('stays quiet when eventing is not installed', () => {
    expect(runCheck(check, inventory(''))).toEqual([]);
  });
});
