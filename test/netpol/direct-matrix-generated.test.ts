/**
 * The optimised namespace matrix (src/netpol/direct-matrix.ts: atom kinds counted, local pairs visited, side values
 * memoised per peer-match vector) equals the plain one — engine.evaluate on every pair of classes, both sides, no memo —
 * on random diverse small clusters from the bench generator (selectors with matchExpressions, namespaceSelectors on
 * several labels, named ports, egress with ipBlocks and DNS, ANP/BANP and ClusterNetworkPolicies of both tiers), for
 * every split of peers into global and local.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { Engine } from '../../src/netpol/engine.js';
import { directMatrix, type DirectMatrixOptions } from '../../src/netpol/direct-matrix.js';
import { ConnectionSet } from '../../src/netpol/connection-set.js';
import type { PodClass } from '../../src/netpol/classes.js';
import { generateCluster, type GenerateOptions } from '../../bench/generate.js';

function engineOf(shape: GenerateOptions): Engine {
  const objs = generateCluster(shape);
  return new Engine(buildInventory(toResources(objs.map((obj) => ({ obj, source: { file: 'gen' } })))));
}

/** src → dst by engine.evaluate alone: the egress side of src towards dst, intersected with dst's ingress side. */
function plain(e: Engine, s: PodClass, d: PodClass): ConnectionSet {
  const eg = e.evaluate(e.egressProfiles[e.egProfileOf[s.id]], (p) => e.peerMatchesRemote(p, { kind: 'class', cls: d }), d.ports);
  const ing = e.evaluate(e.ingressProfiles[e.inProfileOf[d.id]], (p) => e.peerMatchesRemote(p, { kind: 'class', cls: s }), d.ports);
  return eg.intersect(ing);
}

function plainMatrix(e: Engine): Uint8Array {
  const { classes, namespaces } = e.index;
  const n = namespaces.length;
  const out = new Uint8Array(n * n);
  for (const s of classes) {
    for (const d of classes) {
      if (s === d && s.workloads.length < 2) continue;
      if (!plain(e, s, d).isEmpty()) out[s.ns.index * n + d.ns.index] = 1;
    }
  }
  return out;
}

const shapeArb = fc.record({
  namespaces: fc.integer({ min: 2, max: 14 }),
  perNs: fc.integer({ min: 1, max: 6 }),
  policiesPerNamespace: fc.integer({ min: 1, max: 6 }),
  unprotectedShare: fc.constantFrom(0, 0.2, 0.5),
  egressShare: fc.constantFrom(0, 0.4, 1),
  adminPolicies: fc.integer({ min: 0, max: 6 }),
  baselinePolicies: fc.integer({ min: 0, max: 3 }),
  knativeShare: fc.constantFrom(0, 0.5),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

const SPLITS: Array<[string, DirectMatrixOptions]> = [
  ['default split', {}],
  ['every peer local', { maxGlobal: 0 }],
  ['every peer global (up to 24)', { minGlobalSize: 1 }],
  ['a few global', { maxGlobal: 3, minGlobalSize: 1 }],
];

describe('direct matrix on generated diverse clusters', () => {
  it('equals engine.evaluate on every class pair, for every split of peers into global and local', () => {
    let nonTrivial = 0;
    fc.assert(
      fc.property(shapeArb, ({ perNs, ...shape }) => {
        const e = engineOf({ ...shape, pods: shape.namespaces * perNs, rbac: false });
        const want = plainMatrix(e);
        // Some cells open and some closed, across runs: the comparison must be able to fail both ways.
        const n = e.index.namespaces.length;
        let open = 0;
        for (const v of want) open += v;
        if (open > 0 && open < n * n) nonTrivial++;
        for (const [, opts] of SPLITS) expect([...directMatrix(e, opts).direct]).toEqual([...want]);
      }),
      { numRuns: 60 },
    );
    expect(nonTrivial).toBeGreaterThan(30);
  });

  it('the memoised sides (classToClass) equal engine.evaluate for every class pair', () => {
    fc.assert(
      fc.property(shapeArb, ({ perNs, ...shape }) => {
        const e = engineOf({ ...shape, pods: shape.namespaces * perNs, rbac: false });
        for (const s of e.index.classes) {
          for (const d of e.index.classes) expect(e.classToClass(s, d).toString()).toBe(plain(e, s, d).toString());
        }
      }),
      { numRuns: 30 },
    );
  });
});
