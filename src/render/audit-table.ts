/**
 * `ktm audit` for people: what the model says first (unsupported tenancies), then one block per verdict with its
 * tenancy models, their findings by severity (evidence, clause, fix, hops), the assumptions, and notes.
 * Colour (ANSI) only when asked — the CLI asks when stdout is a TTY.
 */
import { SEVERITIES, severityRank, type AuditResult, type Finding, type Verdict } from '../audit/types.js';
import { acceptedLine, baselineLine } from './audit-counts.js';

const VERDICT_ORDER: Verdict[] = ['fail', 'pass-with-assumptions', 'pass'];

export function renderAuditTable(r: AuditResult, opts: { color?: boolean } = {}): string {
  const c = palette(opts.color === true);
  const out: string[] = [];
  out.push(c.bold(`ktm audit — model ${r.model}, ${r.tenants.length} tenant namespace(s)${r.tenants.length ? `: ${r.tenants.slice(0, 8).join(', ')}${r.tenants.length > 8 ? ', …' : ''}` : ''}`));
  for (const w of r.warnings) out.push(c.yellow(`warning: ${w}`));
  for (const line of [acceptedLine(r), baselineLine(r)]) if (line) out.push(line);
  for (const s of r.support) {
    out.push('');
    out.push(c.yellow(`! The model ${r.model} ${s.status === 'unsupported' ? 'does not support' : 'supports only with hardening'} ${s.tenancy} tenancy:`));
    out.push(`  ${oneLine(s.statement)}`);
    if (s.hardening.length) {
      out.push('  What the named hardening requires (checked below):');
      for (const h of s.hardening) out.push(`  - ${h.title}${h.description ? `: ${oneLine(h.description)}` : ''}`);
    }
  }
  for (const v of VERDICT_ORDER) {
    const tenancies = r.tenancy.filter((t) => r.verdicts[t] === v);
    if (tenancies.length === 0) continue;
    out.push('');
    const head = `${v.toUpperCase()}: ${tenancies.map((t) => `${t} (developers ${r.trust[t]?.developers}, users ${r.trust[t]?.users})`).join(', ')}`;
    out.push(v === 'fail' ? c.red(c.bold(head)) : v === 'pass' ? c.green(c.bold(head)) : c.cyan(c.bold(head)));
    const findings = r.findings.filter((f) => f.tenancy.some((t) => tenancies.includes(t)));
    if (findings.length === 0) out.push('  no findings');
    for (const sev of [...SEVERITIES].reverse()) {
      const list = findings.filter((f) => f.severity === sev);
      if (list.length === 0) continue;
      out.push(`  ${sevColor(c, sev)(sev.toUpperCase())} (${list.length})`);
      for (const f of list) out.push(...findingLines(f, c));
    }
    if (v === 'pass-with-assumptions' && r.assumptions.length) {
      out.push('  Holds only if (manifests cannot show these):');
      for (const a of r.assumptions) out.push(`  - [${a.subject}] ${oneLine(a.statement)}`);
    }
  }
  if (r.notes.length) {
    out.push('');
    out.push(c.dim('Notes:'));
    for (const n of r.notes) out.push(c.dim(`- ${n}`));
  }
  return `${out.join('\n')}\n`;
}

function findingLines(f: Finding, c: Palette): string[] {
  const lines = [
    `    ${c.bold(f.id)} ${f.resource}${f.path ? ` ${f.path}` : ''}  [${f.tenancy.join(', ')}]${f.baseline === 'new' ? ' · new since the baseline' : ''}`,
    `      ${f.message}`,
    `      at ${f.source} · clause ${f.clause}`,
    `      fix: ${f.fix}`,
  ];
  if (f.hops?.length) lines.push(`      path: ${f.hops.join(' ⇒ ')}`);
  return lines;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

interface Palette {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  dim(s: string): string;
}

function palette(on: boolean): Palette {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap('1'), red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36'), magenta: wrap('35'), dim: wrap('2') };
}

function sevColor(c: Palette, s: (typeof SEVERITIES)[number]): (x: string) => string {
  return severityRank(s) >= 3 ? c.magenta : severityRank(s) === 2 ? c.red : severityRank(s) === 1 ? c.yellow : c.dim;
}
