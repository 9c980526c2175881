import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-001.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRole, clusterRoleBinding, ns, SA } from '../rbac-fixtures.js';

describe('KTM-RBAC-001 cluster-wide rights for tenants', () => {
  it('fires for a tenant ServiceAccount and for system:authenticated bound to a real role', () => {
    const inv = inventory(
      ns('t-a') +
        clusterRoleBinding('t-a-view', 'view', SA('t-a', 'ci')) +
        clusterRoleBinding('everyone-reads', 'view', '[{kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}]'),
    );
    const f = runCheck(check, inv);
    expect(f.map((x) => x.resource).sort()).toEqual(['ClusterRoleBinding/everyone-reads', 'ClusterRoleBinding/t-a-view']);
    expect(f[0].path).toBe('subjects[0]');
  });
  it('stays quiet for system subjects and for default self-review rights', () => {
    const inv = inventory(
      ns('t-a') +
        clusterRoleBinding('ctrl', 'view', SA('knative-serving', 'controller')) +
        clusterRoleBinding('basic', 'system:basic-user', '[{kind: Group, name: system:authenticated}]') +
        clusterRole('health', '[{nonResourceURLs: [/healthz], verbs: [get]}]') +
        clusterRoleBinding('health', 'health', '[{kind: Group, name: system:authenticated}]'),
    );
    expect(runCheck(check, inv)).toEqual([]);
  });
});
