/**
 * `ktm audit --format html`: ONE self-contained file (inline CSS, no scripts, no external assets), fix first: verdict
 * banner, the model's statements one line each (its words in <details>), the fix plan (src/audit/fix-plan.ts) with
 * each group's findings in <details>, the tenant reachability heat map (the SVG renderer of `ktm reach`),
 * assumptions, notes and a closing line pointing at `ktm harden`.
 */
import { fixPlan, NEXT_STEP } from '../audit/fix-plan.js';
import { SEVERITIES, type AuditResult, type Verdict } from '../audit/types.js';
import { supportLine } from './audit-words.js';
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
        `<details class="support"><summary>${esc(supportLine(r.model, s))}</summary><p>${esc(s.statement)}</p>${
          s.hardening.length ? `<ul>${s.hardening.map((h) => `<li><strong>${esc(h.title)}</strong>${h.description ? `: ${esc(h.description)}` : ''}</li>`).join('')}</ul>` : ''
        }</details>`,
    )
    .join('');
  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => `<span class="sev" style="background:${SEV_COLOR[s]}">${s}: ${r.findings.filter((f) => f.severity === s).length}</span>`)
    .join(' ');
  const plan = fixPlan(r);
  const summary = plan.groups
    .map(
      (g, i) =>
        `<tr><td>${i + 1}</td><td><span class="sev" style="background:${SEV_COLOR[g.severity]}">${g.severity}</span></td><td><a href="#fix-${i + 1}" class="id">${esc(g.check)}</a> ${esc(g.title)}</td><td>${g.objects.length}</td><td>${g.tenantsExposed.length}</td><td>${esc(g.tenancy.join(', '))}</td></tr>`,
    )
    .join('\n');
  const groups = plan.groups
    .map(
      (g, i) => `<section class="group" id="fix-${i + 1}"><h3>${i + 1}. <span class="sev" style="background:${SEV_COLOR[g.severity]}">${g.severity}</span> ${esc(g.check)} ${esc(g.title)}</h3>
<div class="fix">Fix: ${esc(g.fix)}</div>
<p class="src">Clears ${g.findings.length} finding(s) on ${g.objects.length} object(s); exposes ${g.tenantsExposed.map((t) => `<code>${esc(t)}</code>`).join(' ') || 'no tenant'} · tenancy ${esc(g.tenancy.join(', '))} · clause ${g.clauses.map((c) => `<code>${esc(c)}</code>`).join(' ')}</p>
<details><summary>${g.findings.length} finding(s)</summary><ul>${g.findings
        .map(
          (f) =>
            `<li><code>${esc(f.resource)}</code>${f.path ? ` <code class="path">${esc(f.path)}</code>` : ''} <span class="src">${esc(f.source)}</span><br>${esc(f.message)}${
              f.hops?.length ? `<div class="hops">${f.hops.map((h) => `<code>${esc(h)}</code>`).join(' ⇒ ')}</div>` : ''
            }</li>`,
        )
        .join('')}</ul></details></section>`,
    )
    .join('\n');
  let heat = '<p>No reachability matrix: fewer than two tenant namespaces, too many to draw, or the engine could not run (see notes).</p>';
  if (r.reachability) {
    const { cells, kinds } = r.reachability;
    const m: NamespaceMatrix = {
      namespaces: r.reachability.namespaces,
      cell: (a, b) => ((cells[a]?.[b] ?? 'none') as Cell),
      kinds: (a, b) => (kinds?.[a]?.[b] ?? []) as Cell[],
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
.support{background:#fef5e7;border-left:4px solid #d68910;padding:.6em 1em;margin:1em 0}summary{cursor:pointer}
.group{margin:1.2em 0}.group h3{font-size:1.05em;margin:.2em 0}.next{margin-top:2em;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:.4em;vertical-align:top;text-align:left}
.sev{color:#fff;border-radius:3px;padding:.1em .4em;font-size:.85em;white-space:nowrap}.id{font-weight:600;white-space:nowrap}
.src{color:#777;font-size:.85em}.path{color:#555}.fix{margin-top:.3em;color:#1e8449}.hops{margin-top:.3em;font-size:.85em}
code{background:#f4f6f7;padding:0 .2em;border-radius:2px}
</style></head><body>
<h1>ktm audit — model <code>${esc(r.model)}</code></h1>
<p>${r.tenants.length} tenant namespace(s): ${r.tenants.map((t) => `<code>${esc(t)}</code>`).join(' ') || 'none'}</p>
${r.warnings.map((w) => `<div class="support"><strong>Warning:</strong> ${esc(w)}</div>`).join('')}
${[acceptedLine(r), baselineLine(r)].filter((l): l is string => !!l).map((l) => `<p>${esc(l)}</p>`).join('')}
<div class="banner">${banner}</div>
${support}
<h2>Fix first (${plan.findings} findings, ${plan.groups.length} fixes)</h2>
<p>${counts}</p>
${plan.groups.length ? `<p>Ranked by severity, then by how many tenants a fix protects, then by how many objects it clears.</p>
<table class="plan"><thead><tr><th>#</th><th>severity</th><th>check</th><th>objects cleared</th><th>tenants exposed</th><th>tenancy</th></tr></thead>
<tbody>
${summary}
</tbody></table>
${groups}` : '<p>No findings.</p>'}
<h2>Tenant reachability</h2>
${heat}
<h2>Assumptions manifests cannot show</h2>
<ul>${assumptions || '<li>none</li>'}</ul>
${notes ? `<h2>Notes</h2><ul>${notes}</ul>` : ''}
${plan.groups.length ? `<p class="next">${esc(NEXT_STEP)}</p>` : ''}
</body></html>
`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
