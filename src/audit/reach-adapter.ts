/**
 * ReachView over the reachability engine (src/netpol). Computed lazily; every question about namespace pairs reads the
 * engine's one kinds matrix (direct and hub bits, src/netpol/index.ts), built once.
 */
import type { Inventory, Workload } from '../k8s/types.js';
import { workloadsIn } from '../k8s/inventory.js';
import { analyzeReachability, cellKinds, kindsOfBits, type NamespaceMatrix, type ReachabilityResult, type ReachPath } from '../netpol/index.js';
import type { CniDecision } from '../k8s/cni.js';
import type { PathKind, ReachView, SystemReach, SystemTarget } from './reach-view.js';

export function formatHops(p: ReachPath): string[] {
  return p.hops.map((h) => `${h.from} → ${h.to} (${h.conns.toString()})`);
}

export function reachView(inv: Inventory, isTenant: (ns: string) => boolean, cni?: CniDecision): ReachView {
  const r: ReachabilityResult = analyzeReachability(inv, { knativeHops: true, cni });
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
  // The kinds matrix restricted to one `among` list (the tenants), by position: each destination's sources are one
  // column of it, read when asked (never a list per namespace pair held for all destinations).
  let among: { list: readonly string[]; m: NamespaceMatrix; pos: Map<string, number> } | undefined;
  const amongMatrix = (list: readonly string[]) => {
    if (!among || among.list !== list) {
      const m = r.namespaceMatrix([...list]);
      among = { list, m, pos: new Map(m.namespaces.map((x, i) => [x, i])) };
    }
    return among;
  };

  return {
    sourcesOf(to, amongList) {
      const { m, pos } = amongMatrix(amongList);
      const out = new Map<PathKind, string[]>();
      const j = pos.get(to);
      if (j === undefined || !m.bitsAt) return out;
      const names = m.namespaces;
      for (let i = 0; i < names.length; i++) {
        if (i === j) continue;
        const bits = m.bitsAt(i, j);
        if (bits === 0) continue;
        // Sources come out sorted: the matrix's namespaces are.
        for (const kind of kindsOfBits(bits) as PathKind[]) {
          const list = out.get(kind);
          if (list) list.push(names[i]);
          else out.set(kind, [names[i]]);
        }
      }
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
      if (!facts) {
        facts = new Map();
        for (const f of r.facts(isTenant)) {
          const list = facts.get(f.from.namespace) ?? [];
          list.push({
            target: f.kind as SystemTarget,
            component: `${f.to.namespace}/${f.to.name}`,
            port: f.conns.isAll() ? 0 : firstPort(f.conns.toString(), f.kind),
            from: `${f.from.namespace}/${f.from.name}`,
            hops: [`${f.from.namespace}/${f.from.name} → ${f.to.namespace}/${f.to.name} (${f.conns.toString()})`],
          });
          facts.set(f.from.namespace, list);
        }
      }
      return facts.get(from) ?? [];
    },
    reachesAddress(from, address) {
      for (const w of workloadsIn(inv, from)) {
        const c = r.reachesAddress(w, address);
        if (!c.isEmpty()) return { from: `${w.namespace}/${w.name}`, hops: [`${w.namespace}/${w.name} → ${address} (${c.toString()})`] };
      }
      return undefined;
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

/** The port a fact is about, for messages (the connection set's first port, or the well-known one). */
function firstPort(conns: string, kind: string): number {
  const m = /(\d+)/.exec(conns);
  if (m) return Number(m[1]);
  return kind === 'autoscaler-stats' ? 8080 : kind === 'profiling' ? 8008 : kind === 'metrics' ? 9090 : kind === 'webhook' ? 8443 : 0;
}
