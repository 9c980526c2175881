import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-007.js';
import { inventory, runCheck } from '../helpers.js';
import { ns, roleBinding, SA } from '../rbac-fixtures.js';

const teams = ns('team-a') + ns('team-b') + ns('ci-system');

describe('KTM-RBAC-007 cross-tenant grants', () => {
  it("fires for another tenant's ServiceAccount, its SA group, and system:authenticated bound in a tenant namespace", () => {
    const inv = inventory(
      teams +
        roleBinding('b-deployer', 'team-a', 'ClusterRole', 'edit', SA('team-b', 'deployer')) +
        roleBinding('b-all', 'team-a', 'ClusterRole', 'view', '[{kind: Group, name: "system:serviceaccounts:team-b"}]') +
        roleBinding('everyone', 'team-b', 'ClusterRole', 'view', '[{kind: Group, name: system:authenticated}]'),
    );
    const f = runCheck(check, inv, { tenancy: ['namespace'] });
    expect(f.map((x) => x.resource).sort()).toEqual(['RoleBinding/team-a/b-all', 'RoleBinding/team-a/b-deployer', 'RoleBinding/team-b/everyone']);
    expect(f.find((x) => x.resource === 'RoleBinding/team-a/b-deployer')!.message).toMatch(/ServiceAccount team-b\/deployer \(tenant namespace team-b\) holds rights in tenant namespace team-a/);
  });

  it('stays quiet for own ServiceAccounts, platform ServiceAccounts, people, and anonymous subjects (KTM-RBAC-006)', () => {
    const inv = inventory(
      teams +
        roleBinding('own', 'team-a', 'ClusterRole', 'edit', SA('team-a', 'deployer')) +
        roleBinding('argo', 'team-a', 'ClusterRole', 'edit', SA('kube-system', 'argocd')) +
        roleBinding('alice', 'team-a', 'ClusterRole', 'edit', '[{kind: User, name: alice@example.com}]') +
        roleBinding('alice-b', 'team-b', 'ClusterRole', 'edit', '[{kind: User, name: alice@example.com}]') +
        roleBinding('anon', 'team-a', 'ClusterRole', 'view', '[{kind: Group, name: system:unauthenticated}]'),
    );
    expect(runCheck(check, inv, { tenancy: ['namespace'] })).toEqual([]);
  });
});
