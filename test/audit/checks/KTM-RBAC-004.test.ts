import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-004.js';
import { inventory, runCheck } from '../helpers.js';
import { ns, roleBinding } from '../rbac-fixtures.js';

const alice = '[{kind: User, name: alice}]';

describe('KTM-RBAC-004 raw pods without PSA', () => {
  it('fires for edit in a namespace without PSA enforce', () => {
    const f = runCheck(check, inventory(ns('t-a') + roleBinding('team', 't-a', 'ClusterRole', 'edit', alice)));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/create pods.*deployments/);
    expect(f[0].message).toMatch(/Kubernetes default role/);
  });
  it('stays quiet with PSA enforced, or with view only', () => {
    expect(runCheck(check, inventory(ns('t-a', 'restricted') + roleBinding('team', 't-a', 'ClusterRole', 'edit', alice)))).toEqual([]);
    expect(runCheck(check, inventory(ns('t-a') + roleBinding('team', 't-a', 'ClusterRole', 'view', alice)))).toEqual([]);
  });
});
