/**
 * ReachView over the reachability engine (src/netpol). Computed lazily; the namespace-level hub reach is taken once
 * from the engine and filter decisions are the engine's (cached there).
 */
import type { Inventory, Workload } from '../k8s/types.js';
import { workloadsIn } from '../k8s/inventory.js';
import { analyzeReachability, cellKinds, type ReachabilityResult, type ReachPath } from '../netpol/index.js';
import type { HubKind } from '../netpol/l7-filters.js';
import type { CniDecision } from '../k8s/cni.js';
import type { PathKind, ReachView, SystemReach, SystemTarget } from './reach-view.js';

const HUB_KIND: Record<string, PathKind> = { activator: 'via-activator', gateway: 'via-gateway', broker: 'via-broker' };

export function formatHops(p: ReachPath): string[] {
  return p.hops.map((h) => `${h.from} → ${h.to} (${h.conns.toString()})`);
}

export function reachView(inv: Inventory, isTenant: (ns: string) => boolean, cni?: CniDecision): ReachView {
  const r: ReachabilityResult = analyzeReachability(inv, { knativeHops: true, cni });
  let matrixAll: ReturnType<ReachabilityResult['namespaceMatrix']> | undefined;
  let hubs: Array<{ kind: PathKind; hubKind: string; hub: Workload; callers: Set<string>; targets: Set<string> }> | undefined;
  let facts: Map<string, SystemReach[]> | undefined;

  const direct = () => (matrixAll ??= r.namespaceMatrix());
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
  const hubGroups = () => {
    if (hubs) return hubs;
    hubs = [];
    if (r.hops) {
      for (const [hubKind, list] of r.hops.namespaceReach()) {
        for (const g of list) hubs.push({ kind: HUB_KIND[hubKind], hubKind, ...g });
      }
    }
    return hubs;
  };

  // destination → kind → sources, for one `among` list (the tenants), built once.
  let sources: { among: readonly string[]; map: Map<string, Map<PathKind, string[]>> } | undefined;
  const buildSources = (among: readonly string[]) => {
    const map = new Map<string, Map<PathKind, string[]>>();
    const add = (to: string, kind: PathKind, from: string) => {
      let byKind = map.get(to);
      if (!byKind) map.set(to, (byKind = new Map()));
      const list = byKind.get(kind);
      if (list) list.push(from);
      else byKind.set(kind, [from]);
    };
    const amongSet = new Set(among);
    // One column per destination: n reads of the direct matrix, not a lookup per namespace pair.
    for (const to of among) for (const from of r.directInto(to)) if (amongSet.has(from)) add(to, 'direct', from);
    // The engine's own filter decision (KnativeHops.filterRow: Istio policies of the hub, then Eventing OIDC as
    // Knative reads it), row by row: one caller over all targets.
    for (const g of hubGroups()) {
      const targets = [...g.targets].filter((t) => amongSet.has(t));
      for (const from of g.callers) {
        if (!amongSet.has(from)) continue;
        const row = r.hops!.filterRow(g.hubKind as HubKind, g.hub, from);
        for (const to of targets) {
          if (to !== from && row(to).open) add(to, g.kind, from);
        }
      }
    }
    // Several hubs of one kind (two gateways) may name the same caller twice.
    for (const byKind of map.values()) for (const [k, list] of byKind) byKind.set(k, [...new Set(list)].sort());
    return { among, map };
  };

  return {
    sourcesOf(to, among) {
      if (!sources || sources.among !== among) sources = buildSources(among);
      return sources.map.get(to) ?? new Map();
    },
    kinds(from, to) {
      const out = new Set<PathKind>();
      if (direct().cell(from, to) === 'direct') out.add('direct');
      for (const g of hubGroups()) {
        if (out.has(g.kind) || !g.callers.has(from) || !g.targets.has(to)) continue;
        if (r.hops!.filter(g.hubKind as any, g.hub, from, to).open) out.add(g.kind);
      }
      return (['direct', 'via-activator', 'via-gateway', 'via-broker'] as PathKind[]).filter((k) => out.has(k));
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
