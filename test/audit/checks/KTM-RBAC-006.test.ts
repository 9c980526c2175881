import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-006.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRoleBinding, roleBinding } from '../rbac-fixtures.js';

describe('KTM-RBAC-006 anonymous bindings', () => {
  it('fires for system:anonymous and system:unauthenticated bound to real roles', () => {
    const inv = inventory(
      clusterRoleBinding('anon', 'view', '[{kind: User, name: system:anonymous}]') +
        roleBinding('u', 'shop', 'ClusterRole', 'edit', '[{kind: Group, name: system:unauthenticated}]'),
    );
    expect(runCheck(check, inv).map((f) => f.resource).sort()).toEqual(['ClusterRoleBinding/anon', 'RoleBinding/shop/u']);
  });
  it('stays quiet for the public info viewer and for authenticated users', () => {
    const inv = inventory(
      clusterRoleBinding('public', 'system:public-info-viewer', '[{kind: Group, name: system:unauthenticated}]') +
        clusterRoleBinding('auth', 'view', '[{kind: Group, name: system:authenticated}]'),
    );
    expect(runCheck(check, inv)).toEqual([]);
  });
});
