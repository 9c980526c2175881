/**
 * The connection list: every ordered pair of distinct peers (workloads and IP ranges) with the
 * connections allowed between them. Computed per class pair, then expanded to workloads.
 */
import type { Workload } from '../k8s/types.js';
import { ConnectionSet } from './connection-set.js';
import type { Engine } from './engine.js';
import type { PodClass } from './classes.js';
import { formatRange, type IpRange } from './ip.js';

export type PeerRef = { kind: 'workload'; workload: Workload } | { kind: 'ip'; range: IpRange };

export interface Connection {
  src: PeerRef;
  dst: PeerRef;
  conns: ConnectionSet;
}

/** `ns/name[Kind]` for workloads, `first-last[External]` for IP ranges (the peer suite's names). */
export function peerName(p: PeerRef): string {
  if (p.kind === 'ip') return `${formatRange(p.range)}[External]`;
  return workloadName(p.workload);
}

export function workloadName(w: Workload): string {
  return `${w.namespace}/${w.name}[${w.kind}]`;
}

export interface ListOptions {
  /** Keep only pairs whose source passes. */
  fromFilter?: (p: PeerRef) => boolean;
  toFilter?: (p: PeerRef) => boolean;
  /** Leave out IP peers. */
  workloadsOnly?: boolean;
}

/** Every allowed connection, unsorted. Empty connection sets are left out. */
export function listConnections(engine: Engine, opts: ListOptions = {}): Connection[] {
  const out: Connection[] = [];
  const { classes } = engine.index;
  const fromOk = (p: PeerRef) => !opts.fromFilter || opts.fromFilter(p);
  const toOk = (p: PeerRef) => !opts.toFilter || opts.toFilter(p);
  const srcClasses = classes.filter((c) => c.workloads.some((w) => fromOk({ kind: 'workload', workload: w })));
  const dstClasses = classes.filter((c) => c.workloads.some((w) => toOk({ kind: 'workload', workload: w })));
  for (const s of srcClasses) {
    for (const d of dstClasses) {
      if (s === d && s.workloads.length < 2) continue;
      const conns = engine.classToClass(s, d);
      if (conns.isEmpty()) continue;
      expand(s, d, conns, out, fromOk, toOk);
    }
  }
  if (opts.workloadsOnly) return out;
  for (const range of engine.ipPieces('src')) {
    const src: PeerRef = { kind: 'ip', range };
    if (!fromOk(src)) continue;
    for (const d of dstClasses) {
      const conns = engine.ingressSide(d, { kind: 'ip', range });
      if (conns.isEmpty()) continue;
      for (const w of d.workloads) {
        const dst: PeerRef = { kind: 'workload', workload: w };
        if (toOk(dst)) out.push({ src, dst, conns });
      }
    }
  }
  for (const range of engine.ipPieces('dst')) {
    const dst: PeerRef = { kind: 'ip', range };
    if (!toOk(dst)) continue;
    for (const s of srcClasses) {
      const conns = engine.egressSide(s, { kind: 'ip', range });
      if (conns.isEmpty()) continue;
      for (const w of s.workloads) {
        const src: PeerRef = { kind: 'workload', workload: w };
        if (fromOk(src)) out.push({ src, dst, conns });
      }
    }
  }
  return out;
}

function expand(
  s: PodClass,
  d: PodClass,
  conns: ConnectionSet,
  out: Connection[],
  fromOk: (p: PeerRef) => boolean,
  toOk: (p: PeerRef) => boolean,
): void {
  for (const ws of s.workloads) {
    const src: PeerRef = { kind: 'workload', workload: ws };
    if (!fromOk(src)) continue;
    for (const wd of d.workloads) {
      if (ws === wd) continue;
      const dst: PeerRef = { kind: 'workload', workload: wd };
      if (toOk(dst)) out.push({ src, dst, conns });
    }
  }
}

/** Sorts as the peer suite does: by source name, then destination name, as byte strings. */
export function sortConnections(list: Connection[]): Array<Connection & { srcName: string; dstName: string }> {
  return list
    .map((c) => ({ ...c, srcName: peerName(c.src), dstName: peerName(c.dst) }))
    .sort((a, b) => byteCmp(a.srcName, b.srcName) || byteCmp(a.dstName, b.dstName));
}

function byteCmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
