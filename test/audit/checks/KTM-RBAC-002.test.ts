import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-002.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRole, clusterRoleBinding, ns, roleBinding, SA } from '../rbac-fixtures.js';

const claims = clusterRole('domain-admin', '[{apiGroups: [networking.internal.knative.dev], resources: [clusterdomainclaims], verbs: [create]}]');

describe('KTM-RBAC-002 ClusterDomainClaims and networking.internal', () => {
  it('fires for a tenant able to create ClusterDomainClaims cluster-wide', () => {
    const f = runCheck(check, inventory(ns('t-a') + claims + clusterRoleBinding('x', 'domain-admin', SA('t-a'))));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/create clusterdomainclaims/);
  });
  it('fires through an aggregated ClusterRole bound in the tenant namespace (KIngress writes)', () => {
    const agg =
      clusterRole('ingress-writer', '[{apiGroups: ["*"], resources: [ingresses], verbs: [patch]}]', '{ktm.test/agg: "true"}') +
      `\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: team}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {ktm.test/agg: "true"}}]}\nrules: []\n`;
    const f = runCheck(check, inventory(ns('t-a') + agg + roleBinding('team', 't-a', 'ClusterRole', 'team', '[{kind: User, name: alice}]')));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/User alice.*patch ingresses/);
  });
  it('stays quiet for a RoleBinding (cannot grant cluster-scoped claims) and for the default edit role', () => {
    expect(runCheck(check, inventory(ns('t-a') + claims + roleBinding('x', 't-a', 'ClusterRole', 'domain-admin', SA('t-a'))))).toEqual([]);
    expect(runCheck(check, inventory(ns('t-a') + roleBinding('x', 't-a', 'ClusterRole', 'edit', '[{kind: User, name: bob}]')))).toEqual([]);
  });
});
