/** Renderers for `ktm pss`: JSON (stable, documented shape) and a table for people. */
import type { PssReport } from './report.js';
import { withEnvelope, type JudgedInput } from '../render/json-envelope.js';

/**
 * A `PssReport` document (docs/pss.md): the header (with the level and version applied in `metadata.input`), then
 * `level`, `version`, `effectiveVersion` and `entries: [{ resource, source, allowed, violations: [{ check, message }] }]`,
 * entries already sorted.
 */
export function renderPssJson(report: PssReport, input: JudgedInput): string {
  const applied = { level: report.level, version: report.version, effectiveVersion: report.effectiveVersion };
  const out = withEnvelope('PssReport', { ...input, ...applied }, {
    ...applied,
    entries: report.entries.map((e) => ({
      resource: e.resource,
      source: e.source,
      allowed: e.allowed,
      violations: e.violations.map((v) => ({ check: v.check, message: v.message })),
    })),
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}

export interface TableOptions {
  color: boolean;
}

/** One block per object: verdict, resource, source; then each violation with its fix. */
export function renderPssTable(report: PssReport, opts: TableOptions): string {
  const paint = (code: string, s: string): string => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const failed = report.entries.filter((e) => !e.allowed).length;
  const clamp = report.version !== report.effectiveVersion ? ` (checks of ${report.effectiveVersion})` : '';
  const lines: string[] = [
    `Pod Security Standards ${report.level}:${report.version}${clamp}: ${report.entries.length} ${plural(report.entries.length, 'object')}, ${failed} not allowed`,
  ];
  if (report.entries.length === 0) {
    lines.push('', 'No workloads found (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Knative Services, …).');
    return `${lines.join('\n')}\n`;
  }
  const width = report.entries.reduce((w, e) => Math.max(w, e.resource.length), 0);
  for (const e of report.entries) {
    lines.push('');
    const verdict = e.allowed ? paint('32', 'PASS') : paint('31', 'FAIL');
    lines.push(`${verdict}  ${e.resource.padEnd(width)}  ${e.source}`);
    for (const v of e.violations) {
      lines.push(`      ${paint('1', v.check)}: ${v.message}`);
      if (v.fields.length > 0) lines.push(`        at:  ${v.fields.join(', ')}`);
      lines.push(`        fix: ${v.fix}`);
    }
    if (e.knative && !e.allowed) {
      lines.push('      note: judged as written; Knative secure-pod-defaults may set some of these fields at admission');
    }
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
