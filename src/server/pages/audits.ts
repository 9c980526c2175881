/**
 * Audit report pages: the upload form and list, and one audit's verdicts, heat maps and findings.
 */
import { html, pathSegment, type SafeHtml } from '../html.js';
import type { StoredAudit } from '../audit-reports.js';
import { heatLevel, type Grid } from '../heatmap.js';
import { csrfField, errorBox, layout, when, type PageContext } from './layout.js';
import { brief } from './reports.js';

export function auditsPage(ctx: PageContext, audits: Omit<StoredAudit, 'result'>[], error?: string): SafeHtml {
  return layout(
    'Audit reports',
    ctx,
    html`${errorBox(error)}
<form method="post" action="/audits" class="card" id="audit-upload">
  ${csrfField(ctx)}
  <p>Upload the output of <code>ktm audit SOURCE --format json</code>.</p>
  <label>Name <input name="name" maxlength="200" required placeholder="prod cluster, 2026-01"></label>
  <label>File <input type="file" accept="application/json,.json" data-fills="audit-json"></label>
  <label>…or paste the JSON <textarea name="json" id="audit-json" rows="8" required></textarea></label>
  <button type="submit">Upload</button>
</form>
${audits.length
  ? html`<table><thead><tr><th>#</th><th>Name</th><th>Model</th><th>Uploaded by</th><th>When</th></tr></thead><tbody>${audits.map(
      (a) => html`<tr><td>${a.id}</td><td><a href="/audits/${pathSegment(a.id)}">${a.name}</a></td><td>${a.model}</td><td>${a.uploadedBy}</td><td>${when(a.uploadedAt)}</td></tr>`,
    )}</tbody></table>`
  : html`<p class="muted">No audit reports yet.</p>`}`,
  );
}

export function heatmap(grid: Grid, caption: string, rowHead: string): SafeHtml {
  return html`<div class="heatmap-wrap"><table class="heatmap"><caption>${caption}</caption>
<thead><tr><th>${rowHead}</th>${grid.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${grid.rows.map(
    (r, i) => html`<tr><th>${r}</th>${grid.columns.map((_, j) => {
      const v = grid.cells[i]?.[j] ?? null;
      const label = grid.text?.[i]?.[j] ?? (v === null ? '?' : String(v));
      return html`<td class="heat-${heatLevel(v, grid.max)}">${label}</td>`;
    })}</tr>`,
  )}</tbody></table></div>`;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).join(', ');
  return brief(value);
}

export function auditPage(
  ctx: PageContext,
  a: StoredAudit,
  grids: { findings: Grid; reachability?: Grid },
): SafeHtml {
  const verdicts = a.result.verdicts && typeof a.result.verdicts === 'object' ? Object.entries(a.result.verdicts as Record<string, unknown>) : [];
  const findings = [...a.result.findings].sort((x, y) => x.id.localeCompare(y.id));
  return layout(
    `Audit: ${a.name}`,
    ctx,
    html`<p class="meta">Model ${a.model} · uploaded by ${a.uploadedBy} on ${when(a.uploadedAt)} · ${a.result.findings.length} findings</p>
${verdicts.length
  ? html`<section class="card"><h2>Verdict per tenancy model</h2><table><tbody>${verdicts.map(
      ([k, v]) => html`<tr><th>${k}</th><td>${text(v)}</td></tr>`,
    )}</tbody></table></section>`
  : ''}
<section class="card"><h2>Heat map</h2>
${heatmap(grids.findings, 'Findings per namespace and severity', 'namespace')}
${grids.reachability
  ? html`${heatmap(grids.reachability, 'Reachability between tenants: rows = from (source namespace), columns = to (destination namespace)', 'from ↓ \\ to →')}
<p class="legend">Each cell lists every kind of path: <span class="heat-5">direct</span> <span class="heat-4">via-activator</span> <span class="heat-3">via-gateway</span> <span class="heat-2">via-broker</span> <span class="heat-0">none</span> (the colour is the most direct kind).</p>`
  : html`<p class="muted">This audit result carries no reachability matrix.</p>`}
</section>
<section class="card"><h2>Findings</h2>
<table class="findings"><thead><tr><th>Check</th><th>Severity</th><th>Tenancy</th><th>Clause</th><th>Resource</th><th>What</th><th>Fix</th></tr></thead>
<tbody>${findings.map(
    (f) => html`<tr><td><code>${f.id}</code></td><td><span class="severity severity-${f.severity.toLowerCase()}">${f.severity}</span></td><td>${text(f.tenancy)}</td><td>${text(f.clause)}</td><td>${text(f.resource)}${f.path ? html`<br><code>${text(f.path)}</code>` : ''}${f.source ? html`<br><span class="muted">${text(f.source)}</span>` : ''}</td><td>${text(f.message)}${f.hops ? html`<br><span class="muted">via ${text(f.hops)}</span>` : ''}</td><td>${text(f.fix)}</td></tr>`,
  )}</tbody></table>
</section>`,
  );
}
