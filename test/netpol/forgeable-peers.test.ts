import { describe, expect, it } from 'vitest';
import { analyzeReachability } from '../../src/netpol/index.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { resourcesFromYaml } from '../helpers/cluster.js';
import { runCli } from '../helpers/cli.js';
import { namespaceLabellersOf } from '../../src/audit/rbac/namespace-labellers.js';
import { labelsToMatch } from '../../src/k8s/selectors.js';

const pods = `
apiVersion: v1
kind: Pod
metadata: { name: db, namespace: team-a, labels: { app: db } }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team-b, labels: { app: web } }
spec: { containers: [{ name: c, image: x }] }
`;
const cluster = (peer: string, extra = '') =>
  buildInventory(
    resourcesFromYaml(`
apiVersion: v1
kind: Pod
metadata: { name: db, namespace: team-a, labels: { app: db } }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team-b, labels: { app: web } }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-backup, namespace: team-a }
spec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress], ingress: [{ from: [${peer}] }] }
${extra}`),
  );

describe('forgeable peers in reach', () => {
  it('shows the potential path "if tenant team-b labels a pod app=backup"', () => {
    const r = analyzeReachability(cluster('{ namespaceSelector: {}, podSelector: { matchLabels: { app: backup } } }'));
    expect(r.namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
    expect(r.warnings).toContain(
      'potential path: if tenant team-b labels a pod app=backup, it reaches pods of team-a through NetworkPolicy team-a/db-from-backup ingress[0] (peer namespaceSelector {} podSelector {"matchLabels":{"app":"backup"}})',
    );
  });
  it('says nothing when the peer is pinned to a namespace by name, or a pod already matches (a real path)', () => {
    const pinned = analyzeReachability(cluster("{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: backup } }, podSelector: { matchLabels: { app: backup } } }"));
    expect(pinned.warnings.filter((w) => w.startsWith('potential path'))).toEqual([]);
    const real = analyzeReachability(cluster('{ namespaceSelector: {}, podSelector: { matchLabels: { app: web } } }'));
    expect(real.warnings.filter((w) => w.startsWith('potential path'))).toEqual([]);
    expect(real.namespaceMatrix().cell('team-b', 'team-a')).toBe('direct');
  });
});

/** team-b's CI ServiceAccount may patch its own namespace (a RoleBinding there applies to the namespace object). */
const relabelOwnNamespace = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: relabel, namespace: team-b }
rules: [{ apiGroups: [""], resources: [namespaces], verbs: [patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci-relabel, namespace: team-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: relabel }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-b }]
`;
const byTier = '{ namespaceSelector: { matchExpressions: [{ key: tier, operator: In, values: [backend] }, { key: legacy, operator: DoesNotExist }] } }';

describe('forgeable namespace labels in reach', () => {
  const isTenant = (ns: string | undefined) => ns === 'team-a' || ns === 'team-b';

  it('shows "if tenant team-b labels its namespace tier=backend", naming who may and through which grant', () => {
    const inv = cluster(byTier, relabelOwnNamespace);
    const r = analyzeReachability(inv, { namespaceLabellers: namespaceLabellersOf(inv, isTenant) });
    expect(r.namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
    expect(r.warnings).toContain(
      'potential path: if tenant team-b labels its namespace tier=backend (ServiceAccount team-b/ci, a ServiceAccount of tenant namespace team-b, may patch namespace team-b through RoleBinding team-b/ci-relabel → Role relabel Role/team-b/relabel.rules[0]), it reaches pods of team-a through NetworkPolicy team-a/db-from-backup ingress[0] (peer namespaceSelector {"matchExpressions":[{"key":"tier","operator":"In","values":["backend"]},{"key":"legacy","operator":"DoesNotExist"}]})',
    );
  });

  it('ktm reach prints it on stderr, from the RBAC in the input', async () => {
    const text = `${pods}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-backup, namespace: team-a }
spec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress], ingress: [{ from: [${byTier}] }] }
${relabelOwnNamespace}`;
    const out = await runCli(['reach', '-', '--format', 'matrix'], { stdin: text });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/potential path: if tenant team-b labels its namespace tier=backend \(ServiceAccount team-b\/ci/);
  });

  it('says nothing without the RBAC, or when the selector pins the namespace name', () => {
    const none = cluster(byTier);
    expect(analyzeReachability(none, { namespaceLabellers: namespaceLabellersOf(none, isTenant) }).warnings.filter((w) => w.startsWith('potential path'))).toEqual([]);
    const pinned = cluster('{ namespaceSelector: { matchLabels: { tier: backend, kubernetes.io/metadata.name: backup } } }', relabelOwnNamespace);
    expect(analyzeReachability(pinned, { namespaceLabellers: namespaceLabellersOf(pinned, isTenant) }).warnings.filter((w) => w.startsWith('potential path'))).toEqual([]);
  });
});

describe('labelsToMatch: the labels that make a namespace selector match, if any', () => {
  const name = { 'kubernetes.io/metadata.name': 'team-b' };
  it('sets what In/Exists/matchLabels ask, drops what DoesNotExist/NotIn forbid, keeps the rest', () => {
    const sel = { matchLabels: { tier: 'backend' }, matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' as const }, { key: 'env', operator: 'NotIn' as const, values: ['dev'] }, { key: 'team', operator: 'Exists' as const }] };
    expect(labelsToMatch(sel, { legacy: 'yes', env: 'dev', owner: 'bob', ...name }, name)).toEqual({ tier: 'backend', team: 'true', owner: 'bob', ...name });
  });
  it('none when the selector contradicts itself or pins a label that cannot change', () => {
    expect(labelsToMatch({ matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, name, name)).toBeUndefined();
    expect(labelsToMatch({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'a', operator: 'DoesNotExist' }] }, name, name)).toBeUndefined();
    expect(labelsToMatch({ matchLabels: { a: 'x' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['y'] }] }, name, name)).toBeUndefined();
  });
});
