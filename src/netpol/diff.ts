/**
 * `ktm reach diff`: what a change does to who can reach whom. Each side's reachability becomes a set of rows, one per
 * ordered peer pair and path kind (direct, via-activator, via-gateway, via-broker): the connections allowed on that
 * path kind and the hubs it goes through. Rows only in AFTER are `added`, only in BEFORE `removed`, in both with other
 * connections (ports, protocols) or other hubs `changed`. A pair whose path kind moved (a direct path closed, the same
 * pair still reachable through the gateway) shows as one removed and one added row for that pair, both named.
 * Peers are named as in the connection list (`ns/name[Kind]`, IP ranges as `first-last[External]`).
 */
import { ConnectionSet } from './connection-set.js';
import { peerName, workloadName } from './connections.js';
import { hubPaths } from './hub-paths.js';
import type { PathKind, ReachabilityResult } from './index.js';

export interface ReachRow {
  src: string;
  dst: string;
  kind: PathKind;
  conns: ConnectionSet;
  /** Hubs on the way (empty for direct), sorted. */
  via: string[];
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ReachChange {
  change: ChangeKind;
  src: string;
  dst: string;
  kind: PathKind;
  before?: ReachRow;
  after?: ReachRow;
}

const KIND_ORDER: readonly PathKind[] = ['direct', 'via-activator', 'via-gateway', 'via-broker'];
const byStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (src: string, dst: string, kind: PathKind) => `${src}\u0000${dst}\u0000${kind}`;

/** Every allowed connection and every hub path of one analysis, as rows keyed by pair and path kind. */
export function reachRows(result: ReachabilityResult): Map<string, ReachRow> {
  const rows = new Map<string, ReachRow>();
  const add = (src: string, dst: string, kind: PathKind, conns: ConnectionSet, via: readonly string[]) => {
    const key = keyOf(src, dst, kind);
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { src, dst, kind, conns, via: [...new Set(via)].sort(byStr) });
      return;
    }
    row.conns = row.conns.union(conns);
    row.via = [...new Set([...row.via, ...via])].sort(byStr);
  };
  for (const c of result.connections()) add(peerName(c.src), peerName(c.dst), 'direct', c.conns, []);
  const namespaces = result.engine.index.namespaces.map((n) => n.name);
  for (const p of hubPaths(result, { fromNs: namespaces, toNs: namespaces })) {
    if (p.kind === 'direct') continue;
    add(workloadName(p.from), workloadName(p.to), p.kind, p.hops[p.hops.length - 1].conns, p.hops.slice(1).map((h) => h.from));
  }
  return rows;
}

export function diffReach(before: Map<string, ReachRow>, after: Map<string, ReachRow>): ReachChange[] {
  const out: ReachChange[] = [];
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) out.push({ change: 'removed', src: b.src, dst: b.dst, kind: b.kind, before: b });
    else if (!a.conns.equals(b.conns) || a.via.join('\u0000') !== b.via.join('\u0000')) {
      out.push({ change: 'changed', src: b.src, dst: b.dst, kind: b.kind, before: b, after: a });
    }
  }
  for (const [key, a] of after) if (!before.has(key)) out.push({ change: 'added', src: a.src, dst: a.dst, kind: a.kind, after: a });
  return out.sort((x, y) => byStr(x.src, y.src) || byStr(x.dst, y.dst) || KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind));
}
