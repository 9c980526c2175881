import { describe, expect, it } from 'vitest';
import { analyzeReachability } from '../../src/netpol/index.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { resourcesFromYaml } from '../helpers/cluster.js';

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
