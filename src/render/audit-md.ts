/**
 * `ktm audit --format md`: a Markdown report for a pull request or a wiki page.
 */
import { SEVERITIES, type AuditResult } from '../audit/types.js';
import { acceptedLine, baselineLine } from './audit-counts.js';

export function renderAuditMarkdown(r: AuditResult): string {
  const out: string[] = [];
  out.push(`# ktm audit — model \`${r.model}\``, '');
  out.push(`Tenant namespaces (${r.tenants.length}): ${r.tenants.map((t) => `\`${t}\``).join(', ') || 'none'}`, '');
  for (const w of r.warnings) out.push(`> **Warning:** ${md(w)}`, '');
  for (const line of [acceptedLine(r), baselineLine(r)]) if (line) out.push(`${md(line)}`, '');
  for (const s of r.support) {
    out.push(`> **The model \`${r.model}\` ${s.status === 'unsupported' ? 'does not support' : 'supports only with hardening'} \`${s.tenancy}\` tenancy.** ${md(s.statement)}`);
    if (s.hardening.length) {
      out.push('>', '> What the named hardening requires (checked below):');
      for (const h of s.hardening) out.push(`> - **${md(h.title)}**${h.description ? `: ${md(h.description)}` : ''}`);
    }
    out.push('');
  }
  out.push('## Verdicts', '', '| tenancy | developers | users | verdict |', '|---|---|---|---|');
  for (const t of r.tenancy) out.push(`| ${t} | ${r.trust[t]?.developers} | ${r.trust[t]?.users} | **${r.verdicts[t]}** |`);
  out.push('');
  out.push(`## Findings (${r.findings.length})`, '');
  for (const sev of [...SEVERITIES].reverse()) {
    const list = r.findings.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push(`### ${sev} (${list.length})`, '');
    for (const f of list) {
      out.push(`- ${f.baseline === 'new' ? '**new** ' : ''}**${f.id}** \`${f.resource}\`${f.path ? ` \`${f.path}\`` : ''} — ${md(f.message)}`);
      out.push(`  - tenancy: ${f.tenancy.join(', ')} · trust: developers ${f.trust.developers}, users ${f.trust.users} · clause \`${f.clause}\` · source \`${f.source}\``);
      out.push(`  - fix: ${md(f.fix)}`);
      if (f.hops?.length) out.push(`  - path: ${f.hops.map((h) => `\`${h}\``).join(' ⇒ ')}`);
    }
    out.push('');
  }
  if (r.assumptions.length) {
    out.push('## Assumptions manifests cannot show', '');
    for (const a of r.assumptions) out.push(`- \`${a.id}\` (${a.subject}): ${md(a.statement)}`);
    out.push('');
  }
  if (r.notes.length) {
    out.push('## Notes', '');
    for (const n of r.notes) out.push(`- ${md(n)}`);
    out.push('');
  }
  return out.join('\n');
}

function md(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/([|<>])/g, '\\$1').trim();
}
