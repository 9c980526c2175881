import { describe, expect, it } from 'vitest';
import { buildRbacIndex, groupsOf } from '../../src/audit/rbac/index.js';
import { ruleAllows } from '../../src/audit/rbac/rules.js';
import { resourceOfKind } from '../../src/audit/rbac/scope.js';
import { inventory, stockResources } from './helpers.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { clusterRole, clusterRoleBinding, roleBinding } from './rbac-fixtures.js';

describe('RBAC rule matching (as the Kubernetes authorizer)', () => {
  const rule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log', '*/status'], resourceNames: ['a'] };
  it('matches subresources exactly or through */sub, and names only when listed', () => {
    expect(ruleAllows(rule, { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'a' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', group: '', resource: 'deployments', subresource: 'status', name: 'a' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', group: '', resource: 'pods', name: 'a' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'b' })).toBe(false);
    // A create (no name) is never allowed by a resourceNames-limited rule.
    expect(ruleAllows({ ...rule, verbs: ['create'] }, { verb: 'create', group: '', resource: 'pods', subresource: 'log' })).toBe(false);
  });
  it('wildcards verbs, groups and resources', () => {
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' })).toBe(true);
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['apps'], resources: ['*'] }, { verb: 'get', group: '', resource: 'pods' })).toBe(false);
  });
});

describe('RBAC index', () => {
  it('resolves aggregation transitively and scopes RoleBindings to their namespace', () => {
    const inv = inventory(
      clusterRole('leaf', '[{apiGroups: [""], resources: [secrets], verbs: [get]}]', '{agg/mid: "true"}') +
        `\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: mid, labels: {agg/top: "true"}}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {agg/mid: "true"}}]}\n` +
        `\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: top}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {agg/top: "true"}}]}\n` +
        roleBinding('rb', 'a', 'ClusterRole', 'top', '[{kind: Group, name: devs}]'),
    );
    const idx = buildRbacIndex(inv);
    const req = { verb: 'get', group: '', resource: 'secrets' };
    expect(idx.allows({ kind: 'Group', name: 'devs' }, req, 'a')).toHaveLength(1);
    expect(idx.allows({ kind: 'Group', name: 'devs' }, req, 'b')).toHaveLength(0);
    expect(idx.allows({ kind: 'Group', name: 'devs' }, req, undefined)).toHaveLength(0);
  });
  it('expands ServiceAccounts into their groups', () => {
    const inv = inventory(clusterRoleBinding('all-sa', 'view', '[{kind: Group, name: "system:serviceaccounts:a"}]'));
    const idx = buildRbacIndex(inv);
    const sa = { kind: 'ServiceAccount' as const, name: 'x', namespace: 'a' };
    expect(idx.allows(sa, { verb: 'list', group: '', resource: 'pods' }, 'z')).toHaveLength(1);
    expect(idx.allows({ ...sa, namespace: 'b' }, { verb: 'list', group: '', resource: 'pods' }, 'z')).toHaveLength(0);
    expect(groupsOf({ kind: 'User', name: 'system:anonymous' })).toEqual(['system:unauthenticated']);
  });
  it('resolves the stock Knative aggregated roles (knative-serving-admin holds secrets rights)', () => {
    const idx = buildRbacIndex(buildInventory(stockResources()));
    const sa = { kind: 'ServiceAccount' as const, name: 'controller', namespace: 'knative-serving' };
    expect(idx.allows(sa, { verb: 'create', group: '', resource: 'secrets' }, 'any-ns').length).toBeGreaterThan(0);
  });
});

describe('RBAC scope: a RoleBinding never grants cluster-scoped resources', () => {
  const everything = '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]';
  const crd = `
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: tenantquotas.example.com}
spec: {group: example.com, scope: Cluster, names: {kind: TenantQuota, plural: tenantquotas}, versions: []}
`;
  const idx = buildRbacIndex(inventory(crd + clusterRole('all', everything) + roleBinding('rb', 'a', 'ClusterRole', 'all', '[{kind: User, name: bob}]')));
  const bob = { kind: 'User' as const, name: 'bob' };
  it('skips cluster-scoped built-in and CRD-declared resources, in any namespace', () => {
    expect(idx.allows(bob, { verb: 'create', group: '', resource: 'pods' }, 'a')).toHaveLength(1);
    expect(idx.allows(bob, { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }, 'a')).toHaveLength(0);
    expect(idx.allows(bob, { verb: 'create', group: 'networking.internal.knative.dev', resource: 'clusterdomainclaims' }, '*')).toHaveLength(0);
    expect(idx.allows(bob, { verb: 'impersonate', group: '', resource: 'users' }, 'a')).toHaveLength(0);
    expect(idx.allows(bob, { verb: 'get', group: '', resource: 'nodes', subresource: 'proxy' }, 'a')).toHaveLength(0);
    expect(idx.allows(bob, { verb: 'create', group: 'example.com', resource: 'tenantquotas' }, 'a')).toHaveLength(0);
  });
  it('except bind on clusterroles, which Kubernetes checks in the RoleBinding\'s namespace', () => {
    expect(idx.allows(bob, { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' }, 'a')).toHaveLength(1);
  });
  it('derives resource names from the cluster-scoped kinds of src/k8s/scope.ts', () => {
    expect(['IngressClass', 'Policy', 'ComponentStatus', 'SecurityContextConstraints', 'IPAddress', 'Namespace'].map(resourceOfKind)).toEqual([
      'ingressclasses', 'policies', 'componentstatuses', 'securitycontextconstraints', 'ipaddresses', 'namespaces',
    ]);
    expect(idx.scope.clusterScoped('node.k8s.io', 'runtimeclasses')).toBe(true);
    expect(idx.scope.clusterScoped('', 'configmaps')).toBe(false);
  });
});
