/**
 * Property tests on random small clusters: adding allow rules/peers never removes a connection, a
 * default-deny policy never adds one, and the fast namespace matrix agrees with the pairwise one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import type { K8sObject } from '../../src/k8s/types.js';
import { Engine } from '../../src/netpol/engine.js';
import { listConnections, peerName } from '../../src/netpol/connections.js';
import { directMatrix } from '../../src/netpol/direct-matrix.js';
import { ConnectionSet } from '../../src/netpol/connection-set.js';

const NS = ['a', 'b', 'c'];
const APPS = ['web', 'api', 'db'];
const TEAMS = ['x', 'y'];

const selArb = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ app: fc.constantFrom(...APPS) }) }),
  fc.record({
    matchExpressions: fc.tuple(fc.constantFrom('In', 'NotIn'), fc.subarray(APPS, { minLength: 1 })).map(([operator, values]) => [
      { key: 'app', operator, values },
    ]),
  }),
);
const nsSelArb = fc.oneof(fc.constant({}), fc.record({ matchLabels: fc.record({ team: fc.constantFrom(...TEAMS) }) }));
const peerArb = fc.oneof(
  fc.record({ podSelector: selArb }),
  fc.record({ namespaceSelector: nsSelArb }),
  fc.record({ namespaceSelector: nsSelArb, podSelector: selArb }),
  fc.record({ ipBlock: fc.constantFrom({ cidr: '10.0.0.0/8' }, { cidr: '0.0.0.0/0', except: ['10.1.0.0/16'] }) }),
);
const portArb = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom(80, 443, 8080) }),
  fc.record({ port: fc.constantFrom(80, 8000), endPort: fc.constantFrom(8080, 9000) }),
  fc.record({ port: fc.constantFrom('http', 'metrics') }),
);
const ruleArb = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) });
const policyArb = fc.record({
  ns: fc.constantFrom(...NS),
  podSelector: selArb,
  ingress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
});
const workloadArb = fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS), httpPort: fc.constantFrom(80, 8080) });
const clusterArb = fc.record({
  teams: fc.tuple(fc.constantFrom(...TEAMS), fc.constantFrom(...TEAMS), fc.constantFrom(...TEAMS)),
  workloads: fc.array(workloadArb, { minLength: 2, maxLength: 6 }),
  policies: fc.array(policyArb, { maxLength: 4 }),
});
type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;
type RuleSpec = Cluster['policies'][number]['ingress'] extends (infer R)[] | undefined ? R : never;

function ruleObj(r: RuleSpec, dir: 'ingress' | 'egress'): any {
  const o: any = {};
  if (r.peers.length) o[dir === 'ingress' ? 'from' : 'to'] = r.peers;
  if (r.ports.length) o.ports = r.ports;
  return o;
}

function objects(c: Cluster): K8sObject[] {
  const out: K8sObject[] = NS.map((n, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { team: c.teams[i] } } }));
  c.workloads.forEach((w, i) =>
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: w.ns, labels: { app: w.app } },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: w.httpPort }, { name: 'metrics', containerPort: 9090 }] }] },
    }),
  );
  c.policies.forEach((p, i) => {
    const spec: any = { podSelector: p.podSelector, policyTypes: [] as string[] };
    if (p.ingress) {
      spec.policyTypes.push('Ingress');
      spec.ingress = p.ingress.map((r) => ruleObj(r, 'ingress'));
    }
    if (p.egress) {
      spec.policyTypes.push('Egress');
      spec.egress = p.egress.map((r) => ruleObj(r, 'egress'));
    }
    if (spec.policyTypes.length === 0) spec.policyTypes = ['Ingress'];
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: p.ns }, spec });
  });
  return out;
}

function engineOf(objs: K8sObject[]): Engine {
  return new Engine(buildInventory(toResources(structuredClone(objs).map((obj) => ({ obj, source: { file: 'gen' } })))));
}

function connMap(e: Engine): Map<string, ConnectionSet> {
  const m = new Map<string, ConnectionSet>();
  for (const c of listConnections(e)) m.set(`${peerName(c.src)} => ${peerName(c.dst)}`, c.conns);
  return m;
}

/** old ⊆ new, pair by pair. IP pieces may be cut finer in `next`, so compare workload pairs only. */
function subsetOf(prev: Map<string, ConnectionSet>, next: Map<string, ConnectionSet>): boolean {
  for (const [k, v] of prev) {
    if (k.includes('[External]')) continue;
    if (!v.isSubsetOf(next.get(k) ?? ConnectionSet.EMPTY)) return false;
  }
  return true;
}

describe('reachability properties', () => {
  it('adding a peer or a rule to an existing policy never removes a connection', () => {
    fc.assert(
      fc.property(clusterArb, ruleArb, peerArb, fc.nat(), fc.boolean(), (c, extraRule, extraPeer, which, addRule) => {
        fc.pre(c.policies.length > 0);
        const before = connMap(engineOf(objects(c)));
        const pi = which % c.policies.length;
        const p = c.policies[pi];
        const dir = p.ingress ? 'ingress' : p.egress ? 'egress' : undefined;
        fc.pre(dir !== undefined);
        const rules = [...p[dir]!];
        if (addRule || rules.length === 0) rules.push(extraRule);
        else {
          const r = rules[0];
          // A rule without peers already allows every peer: adding one would narrow it, not widen it.
          fc.pre(r.peers.length > 0);
          rules[0] = { ...r, peers: [...r.peers, extraPeer] };
        }
        const c2 = { ...c, policies: c.policies.map((q, i) => (i === pi ? { ...q, [dir]: rules } : q)) };
        const after = connMap(engineOf(objects(c2)));
        expect(subsetOf(before, after)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a default-deny policy never adds a connection', () => {
    fc.assert(
      fc.property(clusterArb, fc.constantFrom(...NS), selArb, fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']), (c, ns, sel, types) => {
        const objs = objects(c);
        const before = connMap(engineOf(objs));
        objs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: ns }, spec: { podSelector: sel, policyTypes: types } });
        const after = connMap(engineOf(objs));
        expect(subsetOf(after, before)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('the fast namespace matrix equals the pairwise one', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const e = engineOf(objects(c));
        const fast = directMatrix(e);
        const n = fast.namespaces.length;
        const slow = new Uint8Array(n * n);
        const idx = new Map(fast.namespaces.map((x, i) => [x, i]));
        for (const conn of listConnections(e, { workloadsOnly: true })) {
          if (conn.src.kind === 'workload' && conn.dst.kind === 'workload') {
            slow[idx.get(conn.src.workload.namespace)! * n + idx.get(conn.dst.workload.namespace)!] = 1;
          }
        }
        expect([...fast.direct]).toEqual([...slow]);
      }),
      { numRuns: 300 },
    );
  });
});
