/**
 * Reachability API for the audit and harden helpers.
 *
 *   const r = analyzeReachability(inv, { knativeHops: true });
 *
 *   r.connections()                  every allowed connection between workloads and IP peers:
 *                                    { src: PeerRef, dst: PeerRef, conns: ConnectionSet }[] (computed on
 *                                    first call, then cached; large clusters → prefer the calls below)
 *   r.namespaceMatrix(tenants?)      { namespaces, cell(from, to), kinds(from, to) }: the strongest kind of
 *                                    'direct' | 'via-activator' | 'via-gateway' | 'via-broker' | 'none', and
 *                                    every kind the cell has (strongest first, [] for none).
 *                                    `tenants` restricts rows/columns (default: every namespace).
 *                                    direct = some workload of `from` reaches some other workload of `to`.
 *   r.directInto(to)                 every other namespace with a direct path into `to`: one column of the matrix,
 *                                    read without a lookup per namespace pair (for per-tenant questions).
 *   r.pathsBetween(fromNs, toNs)     ReachPath[]: direct paths (one hop) and hub paths with their hops,
 *                                    e.g. [a/frontend → knative-serving/activator (TCP 8012) → b/api-00001 (TCP 8012)]
 *   r.explain(from, to)              Explanation: for each workload pair (from/to = 'ns' or 'ns/workload')
 *                                    the egress and ingress steps (policy id, rule index, action, ports)
 *                                    and, for hub paths, the L7 filter decision.
 *   r.canReach(src, dst, port?)      src: Workload | namespace name; dst: { namespace?, podSelector?, workload? };
 *                                    port: { protocol?: 'TCP'|'UDP'|'SCTP' (TCP), port: number } → the
 *                                    matching (src workload, dst workload, conns) pairs, empty when none.
 *   r.reachesAddress(src, '169.254.169.254', port?)  → ConnectionSet the src's egress allows to that
 *                                    IPv4 address (intersected with `port` when given); empty = blocked.
 *   r.facts(isTenant?)               autoscaler-stats / profiling / metrics / webhook / controller facts.
 *   r.warnings                       policy parts that were ignored (IPv6, ANP nodes peers).
 *   r.engine                         the underlying Engine (classes, profiles, classToClass …).
 *
 * Semantics: exact Kubernetes NetworkPolicy + ANP/BANP + ClusterNetworkPolicy per protocol and port; a NetworkPolicy
 * ipBlock matches pods where the CNI matches pod IPs (src/k8s/cni.ts; unknown CNI → it may, named in `warnings`;
 * the peer suite's "never" is `{ cni: IPBLOCKS_NEVER_MATCH_PODS }`), a CNP `networks` peer only when it covers all
 * of IPv4; IPv6 is
 * ignored; ANP `nodes` peers are ignored. Knative hops are on by default when Knative is present.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Inventory, Workload } from '../k8s/types.js';
import { matchesLabelSelector, type LabelSelector } from '../k8s/selectors.js';
import { workloadsIn } from '../k8s/inventory.js';
import { ConnectionSet, type Protocol } from './connection-set.js';
import { Engine, type TraceStep } from './engine.js';
import { listConnections, type Connection } from './connections.js';
import { directMatrix, type DirectMatrix } from './direct-matrix.js';
import { KnativeHops, type PathKind, type ReachFact, type ReachPath, type RowOpening } from './knative-hops.js';
import { parseIpv4 } from './ip.js';
import { detectCni, type CniDecision } from '../k8s/cni.js';
import { describeForgeable, forgeablePeers, type NamespaceLabellers } from './forgeable-peers.js';

export { ConnectionSet, Engine, KnativeHops };
export type { Connection, ReachPath, ReachFact, PathKind, TraceStep };
export type { PeerRef } from './connections.js';

export type Cell = 'none' | 'direct' | 'via-activator' | 'via-gateway' | 'via-broker';
/** Strongest / most direct first. */
export const CELL_ORDER: readonly Cell[] = ['direct', 'via-activator', 'via-gateway', 'via-broker', 'none'];

export interface NamespaceMatrix {
  namespaces: string[];
  /** The strongest kind of path from → to (`none` when there is none). */
  cell(from: string, to: string): Cell;
  /** Every kind of path from → to, strongest first; empty when there is none. Optional: absent = only `cell`. */
  kinds?(from: string, to: string): Cell[];
  /**
   * Every kind of path namespaces[i] → namespaces[j] as bits (bit k = CELL_ORDER[k]; 0 = none), read by position:
   * what views of thousands of namespaces use (10⁸ cells cannot each be looked up by name). Optional.
   */
  bitsAt?(i: number, j: number): number;
}

/** Every kind of a matrix cell (strongest first, empty for none), from `kinds` where the matrix has it. */
export function cellKinds(m: NamespaceMatrix, from: string, to: string): Cell[] {
  if (m.kinds) return m.kinds(from, to);
  const c = m.cell(from, to);
  return c === 'none' ? [] : [c];
}

/** The kinds of every bit set 0‥31 (strongest first), so a cell's kinds are one table read. */
const KINDS_OF_BITS: ReadonlyArray<readonly Cell[]> = Array.from({ length: 1 << CELL_ORDER.length }, (_, bits) =>
  CELL_ORDER.filter((_c, k) => bits & (1 << k)),
);

/** A cell's kinds from its bits, strongest first (empty for none). */
export function kindsOfBits(bits: number): readonly Cell[] {
  return KINDS_OF_BITS[bits];
}

/** A cell's bits from its kinds. */
export function bitsOfKinds(kinds: readonly Cell[]): number {
  let bits = 0;
  for (const k of kinds) if (k !== 'none') bits |= 1 << CELL_ORDER.indexOf(k);
  return bits;
}

/** Reads a matrix by position: its own `bitsAt`, or (for small hand-made matrices) its kinds looked up by name. */
export function bitsReader(m: NamespaceMatrix): (i: number, j: number) => number {
  if (m.bitsAt) return m.bitsAt;
  const names = m.namespaces;
  return (i, j) => bitsOfKinds(cellKinds(m, names[i], names[j]));
}

export interface ExplainPair {
  from: string;
  to: string;
  kind: PathKind;
  conns: ConnectionSet;
  hops: Array<{ from: string; to: string; conns: ConnectionSet; egress: TraceStep[]; ingress: TraceStep[] }>;
  filter?: string;
}

export interface Explanation {
  from: string;
  to: string;
  pairs: ExplainPair[];
}

export interface AnalyzeOptions {
  knativeHops?: boolean;
  /** ipBlock semantics (src/k8s/cni.ts); default: decided from the CNI in the inventory. */
  cni?: CniDecision;
  /** Tenant namespaces a tenant may relabel (from RBAC): their namespace-label forgeable peers join the warnings. */
  namespaceLabellers?: NamespaceLabellers;
  /** An Engine already built on this inventory with the same CNI decision, reused (checked: an Error otherwise). */
  engine?: Engine;
}

export interface DstSelector {
  namespace?: string;
  podSelector?: LabelSelector;
  workload?: string;
}

export interface ReachabilityResult {
  engine: Engine;
  hops?: KnativeHops;
  warnings: string[];
  connections(): Connection[];
  namespaceMatrix(tenants?: string[]): NamespaceMatrix;
  directInto(to: string): string[];
  pathsBetween(fromNs: string, toNs: string): ReachPath[];
  explain(from: string, to: string): Explanation;
  canReach(src: Workload | string, dst: DstSelector, port?: { protocol?: Protocol; port: number }): Array<{ from: Workload; to: Workload; conns: ConnectionSet }>;
  reachesAddress(src: Workload | string, address: string, port?: { protocol?: Protocol; port: number }): ConnectionSet;
  facts(isTenant?: (ns: string) => boolean): ReachFact[];
}

import { isSystemNamespace } from '../k8s/system-namespaces.js';
export { isSystemNamespace };

/** Whether a row of the mesh's filter lets the caller through to `target`. */
function opensTo(o: RowOpening, target: string): boolean {
  if (typeof o === 'boolean') return o;
  if (typeof o === 'function') return o(target);
  return o.named.get(target) ?? o.otherwise;
}

export function analyzeReachability(inv: Inventory, opts: AnalyzeOptions = {}): ReachabilityResult {
  const engine = opts.engine ?? new Engine(inv, { cni: opts.cni });
  if (opts.engine) {
    if (engine.inv !== inv) throw new Error('analyzeReachability: the engine given was built on another inventory');
    if (!isDeepStrictEqual(engine.cni, opts.cni ?? detectCni(inv))) throw new Error('analyzeReachability: the engine given was built with another CNI decision');
  }
  // Paths one pod or namespace label away (forgeable peers) are shown with the warnings; a reused engine may have
  // been analysed before, so what it already says is not said twice.
  const said = opts.engine ? new Set(engine.warnings) : undefined;
  for (const f of forgeablePeers(inv, (ns) => !isSystemNamespace(ns), opts.namespaceLabellers, engine.policies.networkPolicies)) {
    const w = describeForgeable(f);
    if (!said?.has(w)) engine.warnings.push(w);
  }
  const knative = new KnativeHops(engine, inv);
  const hops = opts.knativeHops === false || !knative.present ? undefined : knative;
  let conns: Connection[] | undefined;
  let direct: DirectMatrix | undefined;
  const wl = (w: Workload) => `${w.namespace}/${w.name}`;

  const workloadsOf = (spec: string): Workload[] => {
    const [ns, name] = spec.split('/', 2);
    return workloadsIn(inv, ns).filter((w) => name === undefined || w.name === name);
  };
  const srcWorkloads = (src: Workload | string): Workload[] => (typeof src === 'string' ? workloadsOf(src) : [src]);
  const portSet = (port?: { protocol?: Protocol; port: number }) =>
    port ? ConnectionSet.ports(port.protocol ?? 'TCP', port.port) : ConnectionSet.ALL;

  // Every cell's kinds as bits (bit k = CELL_ORDER[k]): the direct bit from the direct matrix, the hub bits filled
  // row by row (one caller over all the hub's targets), or column by column where Eventing OIDC admits senders per
  // target. Built once, shared by every view.
  let hubBits: Uint8Array | undefined;
  const kindBits = (): { direct: DirectMatrix; hub: Uint8Array } => {
    direct ??= directMatrix(engine);
    if (!hubBits) {
      const n = direct.namespaces.length;
      const idx = engine.index.nsByName;
      const hub = (hubBits = new Uint8Array(n * n));
      if (hops) {
        for (const [kind, list] of hops.namespaceReach()) {
          const bit = 1 << CELL_ORDER.indexOf(`via-${kind}` as Cell);
          for (const { hub: h, callers, targets } of list) {
            const names = [...targets];
            const positions = Int32Array.from(names, (t) => idx.get(t)!.index);
            const callerNames = [...callers];
            const rowStart = Int32Array.from(callerNames, (a) => idx.get(a)!.index * n);
            // The mesh's filter per caller: a whole row alike (true/false; no filter at all, most often), all but a few
            // named targets alike (a tenant bound to its own hosts), or per target.
            const opens = callerNames.map((a) => hops.opensRow(kind, h, a));
            const set = (c: number, i: number) => {
              const cell = rowStart[c] + positions[i];
              if (hub[cell] & bit) return;
              if (opensTo(opens[c], names[i])) hub[cell] |= bit;
            };
            const senders = names.map((t) => hops.sendersAdmitted(kind, t));
            if (senders.some((s) => s !== undefined)) {
              // Eventing OIDC: each target admits a few sender namespaces (or all): fill its column from them.
              const callerIndex = new Map(callerNames.map((a, c) => [a, c]));
              senders.forEach((admitted, i) => {
                if (!admitted || admitted.all) {
                  for (let c = 0; c < callerNames.length; c++) set(c, i);
                  return;
                }
                for (const ns of admitted.namespaces) {
                  const c = callerIndex.get(ns);
                  if (c !== undefined) set(c, i);
                }
                if (admitted.prefixes.length === 0) return;
                for (let c = 0; c < callerNames.length; c++) if (admitted.prefixes.some((p) => callerNames[c].startsWith(p))) set(c, i);
              });
              continue;
            }
            let targetIndex: Map<string, number> | undefined;
            for (let c = 0; c < callerNames.length; c++) {
              const o = opens[c];
              if (typeof o === 'boolean') {
                // The filter decides every target alike: 10⁸ cells at 10,000 namespaces.
                if (o) for (let i = 0; i < positions.length; i++) hub[rowStart[c] + positions[i]] |= bit;
                continue;
              }
              if (typeof o === 'object' && !o.otherwise) {
                // Closed but for a few named targets: only those are visited (not 10⁴ per caller).
                targetIndex ??= new Map(names.map((t, i) => [t, i]));
                for (const [t, open] of o.named) {
                  const i = targetIndex.get(t);
                  if (open && i !== undefined) hub[rowStart[c] + positions[i]] |= bit;
                }
                continue;
              }
              for (let i = 0; i < positions.length; i++) set(c, i);
            }
          }
        }
      }
    }
    return { direct, hub: hubBits };
  };

  const result: ReachabilityResult = {
    engine,
    hops,
    warnings: engine.warnings,
    connections() {
      conns ??= listConnections(engine);
      return conns;
    },
    namespaceMatrix(tenants?: string[]): NamespaceMatrix {
      const { direct: d, hub } = kindBits();
      const n = d.namespaces.length;
      const idx = engine.index.nsByName;
      const names = tenants ? tenants.filter((t) => idx.has(t)).sort() : d.namespaces;
      // Position in `names` → position in the engine's namespaces (the same when not restricted).
      const pos = tenants ? Int32Array.from(names, (x) => idx.get(x)!.index) : undefined;
      const bitsAt = pos
        ? (i: number, j: number) => hub[pos[i] * n + pos[j]] | d.direct[pos[i] * n + pos[j]]
        : (i: number, j: number) => hub[i * n + j] | d.direct[i * n + j];
      const kinds = (from: string, to: string): Cell[] => {
        const a = idx.get(from)?.index;
        const b = idx.get(to)?.index;
        if (a === undefined || b === undefined) return [];
        return [...KINDS_OF_BITS[hub[a * n + b] | d.direct[a * n + b]]];
      };
      return {
        namespaces: names,
        cell: (from, to) => kinds(from, to)[0] ?? 'none',
        kinds,
        bitsAt,
      };
    },
    directInto(to: string): string[] {
      direct ??= directMatrix(engine);
      const d = direct;
      const n = d.namespaces.length;
      const b = engine.index.nsByName.get(to)?.index;
      const out: string[] = [];
      if (b === undefined) return out;
      for (let a = 0; a < n; a++) if (a !== b && d.direct[a * n + b]) out.push(d.namespaces[a]);
      return out;
    },
    pathsBetween(fromNs: string, toNs: string): ReachPath[] {
      const out: ReachPath[] = [];
      for (const s of workloadsOf(fromNs)) {
        for (const t of workloadsOf(toNs)) {
          if (s === t) continue;
          const c = engine.classToClass(engine.classOf(s), engine.classOf(t));
          if (!c.isEmpty()) out.push({ kind: 'direct', from: s, to: t, hops: [{ from: wl(s), to: wl(t), conns: c }] });
        }
      }
      if (hops) out.push(...hops.paths(fromNs, toNs));
      return out;
    },
    explain(from: string, to: string): Explanation {
      const pairs: ExplainPair[] = [];
      const hopTrace = (a: string, b: string) => {
        const [s] = workloadsOf(a);
        const [t] = workloadsOf(b);
        const egress: TraceStep[] = [];
        const ingress: TraceStep[] = [];
        if (s && t) {
          engine.egressSide(engine.classOf(s), { kind: 'class', cls: engine.classOf(t) }, egress);
          engine.ingressSide(engine.classOf(t), { kind: 'class', cls: engine.classOf(s) }, ingress);
        }
        return { egress, ingress };
      };
      const fromNs = from.split('/')[0];
      const toNs = to.split('/')[0];
      const srcSet = new Set(workloadsOf(from));
      const dstSet = new Set(workloadsOf(to));
      // Direct: every workload pair, also the blocked ones (the point of --explain is why).
      for (const s of srcSet) {
        for (const t of dstSet) {
          if (s === t) continue;
          const c = engine.classToClass(engine.classOf(s), engine.classOf(t));
          pairs.push({ from: wl(s), to: wl(t), kind: 'direct', conns: c, hops: [{ from: wl(s), to: wl(t), conns: c, ...hopTrace(wl(s), wl(t)) }] });
        }
      }
      if (hops) {
        for (const p of hops.paths(fromNs, toNs)) {
          if (!srcSet.has(p.from) || !dstSet.has(p.to)) continue;
          pairs.push({
            from: wl(p.from),
            to: wl(p.to),
            kind: p.kind,
            conns: p.hops[p.hops.length - 1].conns,
            filter: p.filter,
            hops: p.hops.map((h) => ({ ...h, ...hopTrace(h.from, h.to) })),
          });
        }
      }
      return { from, to, pairs };
    },
    canReach(src, dst, port) {
      const want = portSet(port);
      const out: Array<{ from: Workload; to: Workload; conns: ConnectionSet }> = [];
      const targets = inv.workloads.filter(
        (w) =>
          (dst.namespace === undefined || w.namespace === dst.namespace) &&
          (dst.workload === undefined || w.name === dst.workload) &&
          (dst.podSelector === undefined || matchesLabelSelector(dst.podSelector, w.podLabels)),
      );
      for (const s of srcWorkloads(src)) {
        for (const t of targets) {
          if (s === t) continue;
          const c = engine.classToClass(engine.classOf(s), engine.classOf(t)).intersect(want);
          if (!c.isEmpty()) out.push({ from: s, to: t, conns: c });
        }
      }
      return out;
    },
    reachesAddress(src, address, port) {
      const a = parseIpv4(address);
      if (a === undefined) throw new Error(`not an IPv4 address: ${address}`);
      let out = ConnectionSet.EMPTY;
      for (const s of srcWorkloads(src)) out = out.union(engine.egressSide(engine.classOf(s), { kind: 'ip', range: [a, a] }));
      return out.intersect(portSet(port));
    },
    facts(isTenant = (ns: string) => !isSystemNamespace(ns)) {
      return knative.facts(isTenant);
    },
  };
  return result;
}
