/**
 * The connlist text format of np-guard/netpol-analyzer (`netpol-analyzer list`, txt):
 * `<src> => <dst> : <connections>`, one line per ordered peer pair with an allowed connection,
 * sorted by source then destination as byte strings. IP pieces are never merged (upstream choice).
 * Also the hub-path lines ktm adds when Knative hops are on, and the --explain report.
 */
import { sortConnections, workloadName, type Connection } from '../netpol/connections.js';
import type { Explanation, ReachPath, TraceStep } from '../netpol/index.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';

export function renderConnlist(conns: Connection[]): string {
  const lines = sortConnections(conns).map((c) => `${c.srcName} => ${c.dstName} : ${c.conns.toString()}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const byStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Hub paths as connlist-like lines: `<src> => <dst> : <conn> via <hub>[, <hub>]`. */
export function renderPathLines(paths: ReachPath[]): string {
  const lines = paths
    .filter((p) => p.kind !== 'direct')
    .map((p) => {
      const hubs = p.hops.slice(1).map((h) => h.from);
      return `${workloadName(p.from)} => ${workloadName(p.to)} : ${p.hops[p.hops.length - 1].conns.toString()} ${p.kind} ${hubs.join(' -> ')}`;
    });
  return [...new Set(lines)].sort(byStr).map((l) => `${l}\n`).join('');
}

function stepText(s: TraceStep): string {
  const rule = s.rule === undefined ? 'selects the pod, no rule matches' : `rule ${s.rule}${s.ruleName ? ` (${s.ruleName})` : ''}`;
  const peer = s.peer ? ` peer ${s.peer}` : '';
  const conns = s.action === 'Isolate' ? 'isolates' : `${s.action} ${s.conns.toString()}`;
  return `${s.kind} ${s.policy} ${rule}${peer}: ${conns}`;
}

export function renderExplainText(e: Explanation): string {
  const out: string[] = [`Reachability from ${e.from} to ${e.to}`];
  if (e.pairs.length === 0) out.push('  no workloads match (or no path)');
  for (const p of e.pairs) {
    out.push('');
    out.push(`${p.from} => ${p.to} [${p.kind}] : ${p.conns.toString()}`);
    if (p.filter) out.push(`  L7 filter: ${p.filter}`);
    for (const h of p.hops) {
      out.push(`  hop ${h.from} -> ${h.to} : ${h.conns.toString()}`);
      for (const [side, steps] of [
        ['egress of source', h.egress],
        ['ingress of destination', h.ingress],
      ] as const) {
        if (steps.length === 0) out.push(`    ${side}: no policy selects it (open)`);
        else for (const s of steps) out.push(`    ${side}: ${stepText(s)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** A `ReachExplanation` document: the header, then the pair asked about and every path with its deciding policies. */
export function renderExplainJson(e: Explanation, input: JudgedInput): string {
  const step = (s: TraceStep) => ({
    policy: s.policy,
    kind: s.kind,
    ...(s.rule !== undefined ? { rule: s.rule } : {}),
    ...(s.ruleName ? { ruleName: s.ruleName } : {}),
    action: s.action,
    conn: s.conns.toString(),
    ...(s.peer ? { peer: s.peer } : {}),
  });
  const pairs = e.pairs
    .map((p) => ({
      from: p.from,
      to: p.to,
      kind: p.kind,
      conn: p.conns.toString(),
      ...(p.filter ? { filter: p.filter } : {}),
      hops: p.hops.map((h) => ({ from: h.from, to: h.to, conn: h.conns.toString(), egress: h.egress.map(step), ingress: h.ingress.map(step) })),
    }))
    .sort((a, b) => byStr(a.from, b.from) || byStr(a.to, b.to) || byStr(a.kind, b.kind));
  return `${JSON.stringify(withEnvelope('ReachExplanation', input, { from: e.from, to: e.to, pairs }), null, 2)}\n`;
}
