import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CP-002.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRole, clusterRoleBinding, ns, roleBinding, SA } from '../rbac-fixtures.js';

const crdWriter = clusterRole('crd-writer', '[{apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [update, patch]}]');

describe('KTM-CP-002 cluster-scoped objects tenants can change', () => {
  it('fires for a tenant that can patch CRDs cluster-wide', () => {
    const f = runCheck(check, inventory(ns('t-a') + crdWriter + clusterRoleBinding('x', 'crd-writer', SA('t-a'))));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/customresourcedefinitions/);
  });
  it('stays quiet for RoleBindings and for system subjects', () => {
    expect(runCheck(check, inventory(ns('t-a') + crdWriter + roleBinding('x', 't-a', 'ClusterRole', 'crd-writer', SA('t-a'))))).toEqual([]);
    expect(runCheck(check, inventory(ns('t-a') + crdWriter + clusterRoleBinding('x', 'crd-writer', SA('knative-serving', 'controller'))))).toEqual([]);
  });
});
