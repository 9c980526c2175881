/**
 * `ktm audit` for people, fix first: the verdict per tenancy model, the model's statements one line each, then the
 * fix plan (src/audit/fix-plan.ts): one block per check and fix, ranked, with the objects it clears, and a closing
 * line pointing at `ktm harden`. `verbose` adds the model's own words, each finding's full message, source and hops.
 * Colour (ANSI) only when asked — the CLI asks when stdout is a TTY.
 */
import { fixPlan, NEXT_STEP, type FixGroup } from '../audit/fix-plan.js';
import { severityRank, type AuditResult, type Finding, type Severity, type Verdict } from '../audit/types.js';
import { supportLine } from './audit-words.js';
import { acceptedLine, baselineLine } from './audit-counts.js';
import { append } from '../util/arrays.js';

const VERDICT_ORDER: Verdict[] = ['fail', 'pass-with-assumptions', 'pass'];
/** Without --verbose a finding's message is cut here (the object, field and source are always shown). */
const MESSAGE_WIDTH = 160;

export function renderAuditTable(r: AuditResult, opts: { color?: boolean; verbose?: boolean } = {}): string {
  const c = palette(opts.color === true);
  const verbose = opts.verbose === true;
  const out: string[] = [];
  out.push(c.bold(`ktm audit — model ${r.model}, ${r.tenants.length} tenant namespace(s)${r.tenants.length ? `: ${r.tenants.slice(0, 8).join(', ')}${r.tenants.length > 8 ? ', …' : ''}` : ''}`));
  for (const w of r.warnings) out.push(c.yellow(`warning: ${w}`));
  for (const line of [acceptedLine(r), baselineLine(r)]) if (line) out.push(line);
  out.push('');
  for (const v of VERDICT_ORDER) {
    const tenancies = r.tenancy.filter((t) => r.verdicts[t] === v);
    if (tenancies.length === 0) continue;
    const head = `${v.toUpperCase()}: ${tenancies.map((t) => `${t} (developers ${r.trust[t]?.developers}, users ${r.trust[t]?.users})`).join(', ')}`;
    out.push(v === 'fail' ? c.red(c.bold(head)) : v === 'pass' ? c.green(c.bold(head)) : c.cyan(c.bold(head)));
    if (v === 'pass-with-assumptions' && r.assumptions.length) {
      out.push('  Holds only if (manifests cannot show these):');
      for (const a of r.assumptions) out.push(`  - [${a.subject}] ${oneLine(a.statement)}`);
    }
  }
  for (const s of r.support) {
    out.push(c.yellow(`! ${supportLine(r.model, s)}${verbose ? '' : ' (--verbose for the model\'s words)'}`));
    if (!verbose) continue;
    out.push(`  ${oneLine(s.statement)}`);
    for (const h of s.hardening) out.push(`  - ${h.title}${h.description ? `: ${oneLine(h.description)}` : ''}`);
  }
  const plan = fixPlan(r);
  out.push('');
  if (plan.groups.length === 0) out.push(c.green('No findings.'));
  else {
    out.push(c.bold(`Fix first: ${plan.findings} finding(s), ${plan.groups.length} fix(es), by severity, then tenants exposed, then objects cleared`));
    if (!verbose) out.push(c.dim('(messages cut at one line; --verbose prints them whole, with the reachability paths)'));
  }
  plan.groups.forEach((g, i) => append(out, groupLines(g, i + 1, c, verbose, r.tenants.length)));
  if (r.notes.length) {
    out.push('');
    out.push(c.dim('Notes:'));
    for (const n of r.notes) out.push(c.dim(`- ${n}`));
  }
  if (plan.groups.length) out.push('', NEXT_STEP);
  return `${out.join('\n')}\n`;
}

function groupLines(g: FixGroup, n: number, c: Palette, verbose: boolean, tenantCount: number): string[] {
  const lines = [
    '',
    `${String(n).padStart(2)}. ${sevColor(c, g.severity)(g.severity.toUpperCase())} ${c.bold(g.check)}${g.title ? ` ${g.title}` : ''}`,
    `    clears ${g.findings.length} finding(s) on ${g.objects.length} object(s); exposes ${g.tenantsExposed.length} of ${tenantCount} tenant(s)${g.tenantsExposed.length ? ` (${g.tenantsExposed.join(', ')})` : ''} · [${g.tenancy.join(', ')}] · clause ${g.clauses.join(', ')}`,
    `    fix: ${g.fix}`,
  ];
  for (const f of g.findings) lines.push(...findingLines(f, verbose));
  return lines;
}

function findingLines(f: Finding, verbose: boolean): string[] {
  const where = `${f.baseline === 'new' ? 'new since the baseline: ' : ''}${f.resource}${f.path ? ` ${f.path}` : ''} (${f.source})`;
  if (!verbose) return [`    - ${where}: ${cut(oneLine(f.message), MESSAGE_WIDTH)}`];
  const lines = [`    - ${where}`, `      ${f.message}`];
  if (f.hops?.length) lines.push(`      path: ${f.hops.join(' ⇒ ')}`);
  return lines;
}

function cut(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
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

function sevColor(c: Palette, s: Severity): (x: string) => string {
  return severityRank(s) >= 3 ? c.magenta : severityRank(s) === 2 ? c.red : severityRank(s) === 1 ? c.yellow : c.dim;
}
