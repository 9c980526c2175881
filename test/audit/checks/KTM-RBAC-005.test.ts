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
  it('judges impersonation by scope: users/groups are cluster-scoped, so only a ClusterRoleBinding grants impersonating them', () => {
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }, false)).toEqual([]);
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }, false)).toEqual([]);
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }, true)).toEqual(['impersonate']);
    expect(escalationsIn({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }, true)).toEqual(['impersonate']);
  });
  it('a RoleBinding never grants cluster-scoped resources: escalate on clusterroles is not reported through one', () => {
    const rbac = '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]';
    const inv = inventory(ns('t2') + clusterRole('cr-escalator', rbac) + roleBinding('esc', 't2', 'ClusterRole', 'cr-escalator', '[{kind: User, name: bob}]'));
    expect(runCheck(check, inv)).toEqual([]);
    // The same role through a ClusterRoleBinding is reported.
    const crb = inventory(ns('t2') + clusterRole('cr-escalator', rbac) + clusterRoleBinding('esc', 'cr-escalator', '[{kind: User, name: bob}]'));
    expect(runCheck(check, crb).map((f) => f.message)).toEqual([expect.stringMatching(/^User bob holds escalate cluster-wide through ClusterRoleBinding esc/)]);
    expect(escalationsIn({ verbs: ['*'], apiGroups: ['*'], resources: ['namespaces', 'nodes'] }, false)).toEqual([]);
    expect(escalationsIn({ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'] }, false)).toEqual(['escalate']);
  });
  it('bind on clusterroles through a RoleBinding is reported: Kubernetes checks it in the RoleBinding\'s namespace', () => {
    expect(escalationsIn({ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }, false)).toEqual(['bind']);
  });
  it('says "cluster-wide" once for a cluster-wide wildcard', () => {
    const inv = inventory(ns('t-a') + clusterRole('all-apps', '[{apiGroups: [apps], resources: ["*"], verbs: ["*"]}]') + clusterRoleBinding('w', 'all-apps', '[{kind: User, name: bob}]'));
    const [f] = runCheck(check, inv);
    expect(f.message).toMatch(/^User bob holds wildcard verbs or resources cluster-wide through/);
    expect(f.message).not.toMatch(/cluster-wide cluster-wide/);
  });
});
