/**
 * `ktm reach diff` output: txt (one line per change, `+` added, `-` removed, `~` changed), Markdown (a table for a pull
 * request), CSV (netpol-analyzer's diff columns: diff-type, source, destination, then path kind and both sides) and
 * JSON (stable keys, sorted). Changes arrive sorted by source, destination, path kind (src/netpol/diff.ts).
 */
import { stableStringify } from '../model/stable-json.js';
import type { ReachChange, ReachRow } from '../netpol/diff.js';

export interface ReachDiffReport {
  before: string[];
  after: string[];
  knativeHops: boolean;
  changes: ReachChange[];
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** `TCP 80` or `All connections via knative-serving/activator` — the connections a row allows, and through what. */
function side(row: ReachRow | undefined): string {
  if (!row) return '';
  return row.via.length ? `${row.conns.toString()} via ${row.via.join(', ')}` : row.conns.toString();
}

function counts(r: ReachDiffReport): string {
  const n = (c: ReachChange['change']) => r.changes.filter((x) => x.change === c).length;
  return `${n('added')} added, ${n('removed')} removed, ${n('changed')} changed`;
}

export function renderReachDiffText(r: ReachDiffReport): string {
  const head = `reach diff ${r.before.join(' ')} -> ${r.after.join(' ')}: ${counts(r)}${r.knativeHops ? '' : ' (no Knative hops)'}`;
  const lines = r.changes.map((c) => {
    const pair = `${SIGN[c.change]} ${c.src} => ${c.dst} [${c.kind}]`;
    if (c.change === 'changed') return `${pair} : ${side(c.before)} -> ${side(c.after)}`;
    return `${pair} : ${side(c.before ?? c.after)}`;
  });
  return `${[head, ...lines].join('\n')}\n`;
}

export function renderReachDiffMarkdown(r: ReachDiffReport): string {
  const cell = (s: string) => (s ? s.replace(/\|/g, '\\|') : '—');
  const out = [`## Reachability diff: ${counts(r)}`, '', `Before: ${r.before.map((s) => `\`${s}\``).join(', ')} · after: ${r.after.map((s) => `\`${s}\``).join(', ')}${r.knativeHops ? '' : ' · Knative hops off'}`, ''];
  if (r.changes.length === 0) return `${[...out, 'No change in who can reach whom.'].join('\n')}\n`;
  out.push('| change | source | destination | path | before | after |', '|---|---|---|---|---|---|');
  for (const c of r.changes) out.push(`| ${c.change} | \`${c.src}\` | \`${c.dst}\` | ${c.kind} | ${cell(side(c.before))} | ${cell(side(c.after))} |`);
  return `${out.join('\n')}\n`;
}

/** RFC 4180: quote a field that holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderReachDiffCsv(r: ReachDiffReport): string {
  const rows = [['diff-type', 'source', 'destination', 'path', 'before', 'after']];
  for (const c of r.changes) rows.push([c.change, c.src, c.dst, c.kind, side(c.before), side(c.after)]);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

export function renderReachDiffJson(r: ReachDiffReport): string {
  const rowJson = (row: ReachRow | undefined) => (row ? { conn: row.conns.toString(), ports: row.conns.toJSON(), via: row.via } : null);
  const doc = {
    before: r.before,
    after: r.after,
    knativeHops: r.knativeHops,
    summary: {
      added: r.changes.filter((c) => c.change === 'added').length,
      removed: r.changes.filter((c) => c.change === 'removed').length,
      changed: r.changes.filter((c) => c.change === 'changed').length,
    },
    changes: r.changes.map((c) => ({ change: c.change, src: c.src, dst: c.dst, path: c.kind, before: rowJson(c.before), after: rowJson(c.after) })),
  };
  return `${stableStringify(doc, 2)}\n`;
}
