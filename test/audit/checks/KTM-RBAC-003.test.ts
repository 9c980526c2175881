import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-RBAC-003.js';
import { inventory, runCheck } from '../helpers.js';
import { clusterRole, ns, roleBinding, SA } from '../rbac-fixtures.js';

const serving = `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-serving}
data: {}
`;

describe('KTM-RBAC-003 Knative system objects', () => {
  it('fires for a tenant bound in knative-serving with secret access (critical)', () => {
    const inv = inventory(ns('t-a') + serving + roleBinding('leak', 'knative-serving', 'ClusterRole', 'view-secrets', SA('t-a')) + clusterRole('view-secrets', '[{apiGroups: [""], resources: [secrets], verbs: [get]}]'));
    const f = runCheck(check, inv);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('critical');
  });
  it('rates read-only config map access as moderate', () => {
    const inv = inventory(ns('t-a') + serving + roleBinding('peek', 'knative-serving', 'ClusterRole', 'view', '[{kind: User, name: alice}]') + roleBinding('team', 't-a', 'ClusterRole', 'edit', '[{kind: User, name: alice}]'));
    const f = runCheck(check, inv);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('moderate');
  });
  it('stays quiet for grants in the tenant\'s own namespace', () => {
    expect(runCheck(check, inventory(ns('t-a') + serving + roleBinding('team', 't-a', 'ClusterRole', 'edit', SA('t-a'))))).toEqual([]);
  });
});
