import { describe, expect, it } from 'vitest';
import { check, escalationsIn } from '../../../src/audit/checks/KTM-RBAC-005.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRole, clusterRoleBinding, ns, roleBinding, SA } from '../rbac-fixtures.js';

describe('KTM-RBAC-005 escalation and wildcards', () => {
  it('fires for cluster-admin given to a user and for bind on roles in a namespace', () => {
    const inv = inventory(
      ns('t-a') +
        clusterRoleBinding('ops', 'cluster-admin', '[{kind: User, name: ops@example.com}]') +
        clusterRole('binder', '[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, roles], verbs: [bind, create]}]') +
        roleBinding('b', 't-a', 'ClusterRole', 'binder', SA('t-a')),
    );
    const f = runCheck(check, inv);
    expect(f).toHaveLength(2);
    expect(f.find((x) => x.resource === 'ClusterRoleBinding/ops')!.message).toMatch(/wildcard across API groups/);
    expect(f.find((x) => x.resource === 'RoleBinding/t-a/b')!.message).toMatch(/bind/);
  });
  it('stays quiet for system subjects, the default edit role and namespaced Knative wildcards', () => {
    const inv = inventory(
      ns('t-a') +
        clusterRoleBinding('ctrl', 'cluster-admin', SA('knative-serving', 'controller')) +
        roleBinding('team', 't-a', 'ClusterRole', 'edit', '[{kind: User, name: alice}]') +
        clusterRole('ksvc-admin', '[{apiGroups: [serving.knative.dev], resources: ["*"], verbs: ["*"]}]') +
        roleBinding('k', 't-a', 'ClusterRole', 'ksvc-admin', '[{kind: User, name: alice}]'),
    );
    expect(runCheck(check, inv)).toEqual([]);
  });
  it('judges impersonation by scope', () => {
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }, false)).toEqual([]);
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }, false)).toEqual(['impersonate']);
  });
});
