/**
 * Does a required flow (required-flows.ts) hold under the cluster's policies? Two readings:
 * - `prove` (harden): every source pod reaches every destination pod on every port, and where the API server's
 *   address is unknown, *every* address must be admitted — hardening must never bet on an address;
 * - `evidence` (audit): a flow is reported blocked only where the policies leave it no way at all: a pod pair that is
 *   cut, or an API server of unknown address that no address at all may stand in for. Never a false alarm.
 */
import type { Inventory, Workload } from '../k8s/types.js';
import { matchesLabelSelector } from '../k8s/selectors.js';
import { workloadsIn } from '../k8s/inventory.js';
import { ConnectionSet } from './connection-set.js';
import { Engine, type Remote, type TraceStep } from './engine.js';
import { ALL_IPV4, cutAddressSpace, parseCidr, type IpRange } from './ip.js';
import type { FlowEnd, FlowPort, RequiredFlow } from './required-flows.js';

export type FlowMode = 'prove' | 'evidence';

export interface FlowBreak {
  from: string;
  to: string;
  /** Ports cut, e.g. `TCP 8443`. */
  ports: string[];
  /** Side whose policies cut it. */
  side: 'egress' | 'ingress';
  /** Policies that decided the cut (`ns/name`, `ANP name`), from the engine's trace. */
  by: string[];
}

export interface FlowResult {
  flow: RequiredFlow;
  holds: boolean;
  /** Source/destination pairs checked (0 = no pods on one side: nothing to prove). */
  pairs: number;
  breaks: FlowBreak[];
  /** Where the answer rests on an assumption (an unknown API server address). */
  assumption?: string;
}

/** The engine's policy id (`ns/name`, `ANP name`, `BANP name`, `CNP name`) as the object it names. */
export { policyRefOf as policyRef } from './policy.js';

const portText = (p: FlowPort) => `${p.protocol} ${p.port}`;

function podsOf(inv: Inventory, end: FlowEnd): Workload[] {
  if (end.kind !== 'pods') return [];
  return workloadsIn(inv, end.namespace).filter((w) => matchesLabelSelector(end.selector, w.podLabels));
}

/** The address ranges an IP end stands for (unknown API server: the whole IPv4 space). */
function rangesOf(end: FlowEnd): IpRange[] {
  const cidrs = end.kind === 'address' ? [end.cidr] : end.kind === 'apiserver' ? end.cidrs ?? [] : [];
  if (end.kind === 'apiserver' && cidrs.length === 0) return [ALL_IPV4];
  return cidrs.map(parseCidr).flatMap((c) => (c.kind === 'v4' ? [c.range] : []));
}

/** Pieces of `range` that the policies' ipBlocks treat alike. */
function piecesOf(engine: Engine, range: IpRange, side: 'src' | 'dst'): IpRange[] {
  return cutAddressSpace([...engine.ipPieces(side), range]).filter(([lo, hi]) => lo >= range[0] && hi <= range[1]);
}

/**
 * Policies that took part in cutting the port: an admin-tier Deny of it, or a policy that selects the pod in this
 * direction and whose rules do not allow it (isolation, or rules for other peers/ports).
 */
function blockers(trace: TraceStep[], port: FlowPort): string[] {
  const want = ConnectionSet.ports(port.protocol, port.port);
  const allows = new Set(trace.filter((s) => s.action === 'Allow' && s.conns.intersects(want)).map((s) => s.policy));
  const denies = trace.filter((s) => s.action === 'Deny' && s.conns.intersects(want)).map((s) => s.policy);
  if (denies.length) return denies;
  return trace.filter((s) => s.kind === 'NetworkPolicy' && !allows.has(s.policy)).map((s) => s.policy);
}

export function checkFlow(inv: Inventory, engine: Engine, flow: RequiredFlow, mode: FlowMode): FlowResult {
  const breaks: FlowBreak[] = [];
  let pairs = 0;
  let assumption: string | undefined;
  const unknownApiserver = (e: FlowEnd) => e.kind === 'apiserver' && !e.cidrs?.length;
  if (unknownApiserver(flow.from) || unknownApiserver(flow.to)) {
    assumption =
      mode === 'prove'
        ? 'the API server address is unknown (no --apiserver-cidr, no default/kubernetes Endpoints): every address must be admitted'
        : 'the API server address is unknown: reported only if no address at all is admitted';
  }
  const cut = (from: string, to: string, side: 'egress' | 'ingress', ports: FlowPort[], trace: TraceStep[]) => {
    const by = [...new Set(ports.flatMap((p) => blockers(trace, p)))].sort();
    breaks.push({ from, to, side, ports: ports.map(portText), by });
  };

  if (flow.from.kind === 'pods' && flow.to.kind === 'pods') {
    const seen = new Set<string>();
    for (const s of podsOf(inv, flow.from)) {
      for (const t of podsOf(inv, flow.to)) {
        if (s === t) continue;
        const sc = engine.classOf(s);
        const tc = engine.classOf(t);
        const key = `${sc.id}>${tc.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs++;
        const eg = engine.egressSide(sc, { kind: 'class', cls: tc });
        const ing = engine.ingressSide(tc, { kind: 'class', cls: sc });
        const egCut = flow.ports.filter((p) => !eg.has(p.protocol, p.port));
        const inCut = flow.ports.filter((p) => !ing.has(p.protocol, p.port));
        const wl = (w: Workload) => `${w.namespace}/${w.name}`;
        if (egCut.length) {
          const tr: TraceStep[] = [];
          engine.egressSide(sc, { kind: 'class', cls: tc }, tr);
          cut(wl(s), wl(t), 'egress', egCut, tr);
        }
        if (inCut.length) {
          const tr: TraceStep[] = [];
          engine.ingressSide(tc, { kind: 'class', cls: sc }, tr);
          cut(wl(s), wl(t), 'ingress', inCut, tr);
        }
      }
    }
    return { flow, holds: breaks.length === 0, pairs, breaks };
  }

  // One end is an address (the API server, node-local DNS): only the pod side's policies apply.
  const podEnd = flow.from.kind === 'pods' ? flow.from : flow.to;
  const ipEnd = flow.from.kind === 'pods' ? flow.to : flow.from;
  const side: 'egress' | 'ingress' = flow.from.kind === 'pods' ? 'egress' : 'ingress';
  const ranges = rangesOf(ipEnd);
  // The pieces depend only on the address end and the policies' ipBlocks: cut once, not once per pod class.
  const pieces = ranges.flatMap((r) => piecesOf(engine, r, side === 'egress' ? 'dst' : 'src'));
  const seen = new Set<number>();
  for (const w of podsOf(inv, podEnd)) {
    const cls = engine.classOf(w);
    if (seen.has(cls.id)) continue;
    seen.add(cls.id);
    pairs++;
    const allowed = (range: IpRange, trace?: TraceStep[]) => {
      const remote: Remote = { kind: 'ip', range };
      return side === 'egress' ? engine.egressSide(cls, remote, trace) : engine.ingressSide(cls, remote, trace);
    };
    const allowedPerPiece = pieces.map((r) => allowed(r));
    const cutPorts = flow.ports.filter((p) => {
      const ok = allowedPerPiece.map((conns) => conns.has(p.protocol, p.port));
      return mode === 'prove' ? ok.some((x) => !x) : !ok.some((x) => x);
    });
    if (cutPorts.length === 0) continue;
    const worstIndex = allowedPerPiece.findIndex((conns) => cutPorts.some((p) => !conns.has(p.protocol, p.port)));
    const worst = worstIndex >= 0 ? pieces[worstIndex] : pieces[0];
    const tr: TraceStep[] = [];
    if (worst) allowed(worst, tr);
    const pod = `${w.namespace}/${w.name}`;
    side === 'egress' ? cut(pod, ipEnd.text, side, cutPorts, tr) : cut(ipEnd.text, pod, side, cutPorts, tr);
  }
  return { flow, holds: breaks.length === 0, pairs, breaks, ...(assumption ? { assumption } : {}) };
}

export function checkFlows(inv: Inventory, flows: RequiredFlow[], mode: FlowMode, engine = new Engine(inv)): FlowResult[] {
  return flows.map((f) => checkFlow(inv, engine, f, mode));
}
