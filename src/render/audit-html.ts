/**
 * `ktm audit --format html`: ONE self-contained file (inline CSS, no scripts, no external assets): verdict banner,
 * what the model says about unsupported tenancies, findings with evidence and fixes, the tenant reachability heat map
 * (the SVG renderer of `ktm reach`), assumptions and notes.
 */
import { SEVERITIES, type AuditResult, type Verdict } from '../audit/types.js';
import type { Cell, NamespaceMatrix } from '../netpol/index.js';
import { renderMatrixSvg } from './reach-matrix.js';
import { acceptedLine, baselineLine } from './audit-counts.js';

const VERDICT_COLOR: Record<Verdict, string> = { fail: '#c0392b', 'pass-with-assumptions': '#d68910', pass: '#1e8449' };
const SEV_COLOR: Record<string, string> = { critical: '#6c3483', high: '#c0392b', moderate: '#d68910', low: '#7f8c8d' };

export function renderAuditHtml(r: AuditResult): string {
  const banner = r.tenancy
    .map((t) => {
      const v = r.verdicts[t]!;
      return `<div class="verdict" style="background:${VERDICT_COLOR[v]}"><div class="t">${esc(t)}</div><div class="v">${esc(v)}</div><div class="p">developers ${esc(r.trust[t]?.developers ?? '')}, users ${esc(r.trust[t]?.users ?? '')}</div></div>`;
    })
    .join('');
  const support = r.support
    .map(
      (s) =>
        `<div class="support"><strong>The model ${esc(r.model)} ${s.status === 'unsupported' ? 'does not support' : 'supports only with hardening'} ${esc(s.tenancy)} tenancy.</strong> ${esc(s.statement)}${
          s.hardening.length ? `<p>What the named hardening requires (checked below):</p><ul>${s.hardening.map((h) => `<li><strong>${esc(h.title)}</strong>${h.description ? `: ${esc(h.description)}` : ''}</li>`).join('')}</ul>` : ''
        }</div>`,
    )
    .join('');
  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => `<span class="sev" style="background:${SEV_COLOR[s]}">${s}: ${r.findings.filter((f) => f.severity === s).length}</span>`)
    .join(' ');
  const rows = r.findings
    .slice()
    .sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity))
    .map(
      (f) => `<tr><td><span class="sev" style="background:${SEV_COLOR[f.severity]}">${f.severity}</span></td><td class="id">${esc(f.id)}</td><td><code>${esc(f.resource)}</code>${f.path ? `<br><code class="path">${esc(f.path)}</code>` : ''}<br><span class="src">${esc(f.source)}</span></td><td>${esc(f.message)}${
        f.hops?.length ? `<div class="hops">${f.hops.map((h) => `<code>${esc(h)}</code>`).join(' ⇒ ')}</div>` : ''
      }<div class="fix">Fix: ${esc(f.fix)}</div></td><td>${esc(f.tenancy.join(', '))}</td><td><code>${esc(f.clause)}</code></td></tr>`,
    )
    .join('\n');
  let heat = '<p>No reachability matrix: fewer than two tenant namespaces, too many to draw, or the engine could not run (see notes).</p>';
  if (r.reachability) {
    const cells = r.reachability.cells;
    const m: NamespaceMatrix = {
      namespaces: r.reachability.namespaces,
      cell: (a, b) => ((cells[a]?.[b] ?? 'none') as Cell),
    };
    heat = renderMatrixSvg(m);
  }
  const assumptions = r.assumptions.map((a) => `<li><code>${esc(a.id)}</code> (${esc(a.subject)}): ${esc(a.statement)}</li>`).join('');
  const notes = r.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ktm audit — ${esc(r.model)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.banner{display:flex;gap:1em;flex-wrap:wrap}.verdict{color:#fff;padding:.8em 1.2em;border-radius:6px;min-width:12em}
.verdict .t{font-size:.9em;opacity:.9}.verdict .v{font-size:1.4em;font-weight:700}.verdict .p{font-size:.8em;opacity:.9}
.support{background:#fef5e7;border-left:4px solid #d68910;padding:.6em 1em;margin:1em 0}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:.4em;vertical-align:top;text-align:left}
.sev{color:#fff;border-radius:3px;padding:.1em .4em;font-size:.85em;white-space:nowrap}.id{font-weight:600;white-space:nowrap}
.src{color:#777;font-size:.85em}.path{color:#555}.fix{margin-top:.3em;color:#1e8449}.hops{margin-top:.3em;font-size:.85em}
code{background:#f4f6f7;padding:0 .2em;border-radius:2px}
</style></head><body>
<h1>ktm audit — model <code>${esc(r.model)}</code></h1>
<p>${r.tenants.length} tenant namespace(s): ${r.tenants.map((t) => `<code>${esc(t)}</code>`).join(' ') || 'none'}</p>
${r.warnings.map((w) => `<div class="support"><strong>Warning:</strong> ${esc(w)}</div>`).join('')}
${[acceptedLine(r), baselineLine(r)].filter((l): l is string => !!l).map((l) => `<p>${esc(l)}</p>`).join('')}
${support}
<div class="banner">${banner}</div>
<h2>Findings (${r.findings.length})</h2>
<p>${counts}</p>
<table><thead><tr><th>severity</th><th>check</th><th>object</th><th>finding</th><th>tenancy</th><th>clause</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Tenant reachability</h2>
${heat}
<h2>Assumptions manifests cannot show</h2>
<ul>${assumptions || '<li>none</li>'}</ul>
${notes ? `<h2>Notes</h2><ul>${notes}</ul>` : ''}
</body></html>
`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
