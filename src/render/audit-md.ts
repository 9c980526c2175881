/**
 * `ktm audit --format md`: a Markdown report for a pull request or a wiki page, fix first: verdicts, the model's
 * statements one line each (its words in <details>), then the fix plan (src/audit/fix-plan.ts) with each group's
 * findings in <details>, and a closing line pointing at `ktm harden`.
 */
import { fixPlan, NEXT_STEP } from '../audit/fix-plan.js';
import type { AuditResult } from '../audit/types.js';
import { supportLine } from './audit-words.js';
import { acceptedLine, baselineLine } from './audit-counts.js';

export function renderAuditMarkdown(r: AuditResult): string {
  const out: string[] = [];
  out.push(`# ktm audit — model \`${r.model}\``, '');
  out.push(`Tenant namespaces (${r.tenants.length}): ${r.tenants.map((t) => `\`${t}\``).join(', ') || 'none'}`, '');
  for (const w of r.warnings) out.push(`> **Warning:** ${md(w)}`, '');
  for (const line of [acceptedLine(r), baselineLine(r)]) if (line) out.push(`${md(line)}`, '');
  out.push('## Verdicts', '', '| tenancy | developers | users | verdict |', '|---|---|---|---|');
  for (const t of r.tenancy) out.push(`| ${t} | ${r.trust[t]?.developers} | ${r.trust[t]?.users} | **${r.verdicts[t]}** |`);
  out.push('');
  for (const s of r.support) {
    out.push('<details>', `<summary>${html(supportLine(r.model, s))}</summary>`, '');
    out.push(md(s.statement), '');
    for (const h of s.hardening) out.push(`- **${md(h.title)}**${h.description ? `: ${md(h.description)}` : ''}`);
    out.push('', '</details>', '');
  }
  const plan = fixPlan(r);
  out.push(`## Fix first (${plan.findings} findings, ${plan.groups.length} fixes)`, '');
  if (plan.groups.length === 0) out.push('No findings.', '');
  else {
    out.push('Ranked by severity, then by how many tenants a fix protects, then by how many objects it clears.', '');
    out.push('| # | severity | check | objects cleared | tenants exposed | tenancy |', '|---|---|---|---|---|---|');
    plan.groups.forEach((g, i) =>
      out.push(`| ${i + 1} | ${g.severity} | **${g.check}** ${md(g.title)} | ${g.objects.length} | ${g.tenantsExposed.length} | ${g.tenancy.join(', ')} |`),
    );
    out.push('');
  }
  plan.groups.forEach((g, i) => {
    out.push(`### ${i + 1}. ${g.check} (${g.severity}): ${md(g.title)}`, '');
    out.push(`**Fix:** ${md(g.fix)}`, '');
    out.push(`Clears ${g.findings.length} finding(s) on ${g.objects.length} object(s); exposes ${g.tenantsExposed.map((t) => `\`${t}\``).join(', ') || 'no tenant'} · clause ${g.clauses.map((c) => `\`${c}\``).join(', ')}`, '');
    out.push('<details>', `<summary>${g.findings.length} finding(s)</summary>`, '');
    for (const f of g.findings) {
      out.push(`- ${f.baseline === 'new' ? '**new** ' : ''}\`${f.resource}\`${f.path ? ` \`${f.path}\`` : ''} (\`${f.source}\`) — ${md(f.message)}`);
      if (f.hops?.length) out.push(`  - path: ${f.hops.map((h) => `\`${h}\``).join(' ⇒ ')}`);
    }
    out.push('', '</details>', '');
  });
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
  if (plan.groups.length) out.push(NEXT_STEP, '');
  return out.join('\n');
}

function md(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/([|<>])/g, '\\$1').trim();
}

/** Inside <summary> Markdown is not parsed: escape as HTML. */
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
