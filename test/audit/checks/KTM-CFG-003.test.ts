import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-003.js';
import { configMapYaml, inventory, runCheck } from '../helpers.js';

const net = (data: string) => configMapYaml('config-network', 'knative-serving', data);

describe('KTM-CFG-003 autocreate-cluster-domain-claims', () => {
  it('fires on "true" and on the legacy key', () => {
    expect(runCheck(check, inventory(net('autocreate-cluster-domain-claims: "true"')))).toHaveLength(1);
    expect(runCheck(check, inventory(net('autocreateClusterDomainClaims: "true"')))).toHaveLength(1);
  });
  it('stays quiet on the default, on "false", and when the new key overrides the legacy one', () => {
    expect(runCheck(check, inventory(net('x: y')))).toEqual([]);
    expect(runCheck(check, inventory(net('autocreate-cluster-domain-claims: "false"')))).toEqual([]);
    expect(runCheck(check, inventory(net('autocreate-cluster-domain-claims: "false"\n  autocreateClusterDomainClaims: "true"')))).toEqual([]);
  });
});
