/**
 * ReachView over the reachability engine (src/netpol). Computed lazily; every question about namespace pairs reads the
 * engine's one kinds matrix (direct and hub bits, src/netpol/index.ts), built once.
 */
import type { Inventory } from '../k8s/types.js';
import { workloadsIn } from '../k8s/inventory.js';
import { analyzeReachability, bitsReader, cellKinds, CELL_ORDER, type ReachabilityResult, type ReachFact, type ReachPath } from '../netpol/index.js';
import { groupBy } from '../util/arrays.js';
import type { CniDecision } from '../k8s/cni.js';
import type { Engine } from '../netpol/engine.js';
import { checkFlow } from '../netpol/flow-check.js';
import { PATH_KINDS, SOURCE_SAMPLE, type PathKind, type ReachView, type Sources, type SystemReach, type SystemTarget } from './reach-view.js';

export function formatHops(p: ReachPath): string[] {
  return p.hops.map((h) => `${h.from} → ${h.to} (${h.conns.toString()})`);
}

/** The matrix bit of each of PATH_KINDS. */
const BIT_OF_KIND = PATH_KINDS.map((kind) => 1 << CELL_ORDER.indexOf(kind));

/** `engine`: one already built on `inv` with the same CNI decision (harden's proof), reused instead of a new one. */
export function reachView(inv: Inventory, isTenant: (ns: string) => boolean, cni?: CniDecision, engine?: Engine): ReachView {
  const r: ReachabilityResult = analyzeReachability(inv, { knativeHops: true, cni, engine });
  let facts: Map<string, SystemReach[]> | undefined;

  const directPath = (from: string, to: string): ReachPath | undefined => {
    const e = r.engine;
    for (const s of workloadsIn(inv, from)) {
      for (const t of workloadsIn(inv, to)) {
        const c = e.classToClass(e.classOf(s), e.classOf(t));
        if (!c.isEmpty()) return { kind: 'direct', from: s, to: t, hops: [{ from: `${s.namespace}/${s.name}`, to: `${t.namespace}/${t.name}`, conns: c }] };
      }
    }
    return undefined;
  };
  // Sources by destination for one `among` list (the tenants), counted in one row-major pass over the kinds matrix
  // restricted to it: per destination and kind, how many sources and the first SOURCE_SAMPLE (rows come sorted).
  let among: { list: readonly string[]; names: string[]; pos: Map<string, number>; count: Int32Array; first: Int32Array } | undefined;
  const countSources = (list: readonly string[]) => {
    if (among?.list === list) return among;
    const m = r.namespaceMatrix([...list]);
    const names = m.namespaces;
    const size = names.length;
    const K = PATH_KINDS.length;
    const count = new Int32Array(size * K);
    const first = new Int32Array(size * K * SOURCE_SAMPLE);
    const at = bitsReader(m);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        if (i === j) continue;
        const bits = at(i, j);
        if (bits === 0) continue;
        for (let k = 0; k < K; k++) {
          if ((bits & BIT_OF_KIND[k]) === 0) continue;
          const c = count[j * K + k]++;
          if (c < SOURCE_SAMPLE) first[(j * K + k) * SOURCE_SAMPLE + c] = i;
        }
      }
    }
    return (among = { list, names, pos: new Map(names.map((x, i) => [x, i])), count, first });
  };

  return {
    sourcesOf(to, amongList) {
      const { names, pos, count, first } = countSources(amongList);
      const out = new Map<PathKind, Sources>();
      const j = pos.get(to);
      if (j === undefined) return out;
      PATH_KINDS.forEach((kind, k) => {
        const c = count[j * PATH_KINDS.length + k];
        if (c === 0) return;
        const at = (j * PATH_KINDS.length + k) * SOURCE_SAMPLE;
        out.set(kind, { count: c, first: Array.from(first.subarray(at, at + Math.min(c, SOURCE_SAMPLE)), (i) => names[i]) });
      });
      return out;
    },
    kinds(from, to) {
      return cellKinds(r.namespaceMatrix(), from, to).filter((k): k is PathKind => k !== 'none');
    },
    path(from, to, kind) {
      // Hub paths straight from the hop model; direct ones from the engine (pathsBetween would compute both).
      const p = kind === 'direct' ? directPath(from, to) : r.hops?.paths(from, to).find((x) => x.kind === kind);
      return p ? formatHops(p) : [];
    },
    systemReach(from) {
      facts ??= new Map([...groupBy(r.facts(isTenant), (f) => f.from.namespace)].map(([ns, list]) => [ns, list.map(systemReachOf)]));
      return facts.get(from) ?? [];
    },
    reachesAddress(from, address) {
      for (const w of workloadsIn(inv, from)) {
        const c = r.reachesAddress(w, address);
        if (!c.isEmpty()) return { from: `${w.namespace}/${w.name}`, hops: [`${w.namespace}/${w.name} → ${address} (${c.toString()})`] };
      }
      return undefined;
    },
    checkFlow(flow) {
      // The reach result's engine: the audit builds one Engine, not one per question.
      return checkFlow(inv, r.engine, flow, 'evidence');
    },
    matrix(namespaces) {
      const m = r.namespaceMatrix(namespaces);
      const cells: Record<string, Record<string, string>> = {};
      const kinds: Record<string, Record<string, string[]>> = {};
      for (const a of namespaces) {
        cells[a] = {};
        kinds[a] = {};
        for (const b of namespaces) {
          if (a === b) continue;
          kinds[a][b] = cellKinds(m, a, b);
          cells[a][b] = kinds[a][b][0] ?? 'none';
        }
      }
      return { cells, kinds };
    },
  };
}

/** A fact as the audit's checks read it: the component, its port, and the one hop that reaches it. */
function systemReachOf(f: ReachFact): SystemReach {
  const conns = f.conns.toString();
  const from = `${f.from.namespace}/${f.from.name}`;
  const component = `${f.to.namespace}/${f.to.name}`;
  return {
    target: f.kind as SystemTarget,
    component,
    port: f.conns.isAll() ? 0 : firstPort(conns, f.kind),
    from,
    hops: [`${from} → ${component} (${conns})`],
  };
}

/** The port a fact is about, for messages (the connection set's first port, or the well-known one). */
function firstPort(conns: string, kind: string): number {
  const m = /(\d+)/.exec(conns);
  if (m) return Number(m[1]);
  return kind === 'autoscaler-stats' ? 8080 : kind === 'profiling' ? 8008 : kind === 'metrics' ? 9090 : kind === 'webhook' ? 8443 : 0;
}
