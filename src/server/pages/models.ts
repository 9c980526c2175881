/**
 * The model browser: the list of built-in models, and one model's diagram, components, actors and clauses.
 */
import { html, pathSegment, type SafeHtml } from '../html.js';
import type { ModelSummary } from '../triage-port.js';
import { layout, type PageContext } from './layout.js';
import { brief } from './reports.js';

export function modelsPage(ctx: PageContext, models: ModelSummary[]): SafeHtml {
  return layout(
    'Threat models',
    ctx,
    html`<ul>${models.map((m) => html`<li><a href="/models/${pathSegment(m.id)}">${m.id}</a> — ${m.title}</li>`)}</ul>`,
  );
}

const TENANCIES = ['cluster', 'namespace', 'control-plane'] as const;

function rows(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object') : [];
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return brief(v);
}

/** A table of a model section, with the columns that matter for reading it. */
function section(title: string, items: Record<string, unknown>[], columns: string[]): SafeHtml {
  if (!items.length) return html``;
  return html`<section class="card"><h2>${title} (${items.length})</h2><table><thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${items.map((it) => html`<tr id="${`${title.toLowerCase().replace(/\W+/g, '-')}-${cell(it.id)}`}">${columns.map((c) => html`<td>${c === 'quote' ? html`<q>${cell(it[c])}</q>` : cell(it[c])}</td>`)}</tr>`)}</tbody></table></section>`;
}

export function modelPage(ctx: PageContext, id: string, model: Record<string, unknown>, tenancy: string): SafeHtml {
  const title = typeof model.title === 'string' ? model.title : id;
  return layout(
    `Model ${id}`,
    ctx,
    html`<p class="meta">${title}</p>
<section class="card"><h2>Data-flow diagram</h2>
<p class="filters">${TENANCIES.map((t) => html`<a class="${t === tenancy ? 'chip active' : 'chip'}" href="/models/${pathSegment(id)}?tenancy=${t}">${t}</a>`)}</p>
<img class="diagram" alt="Data-flow diagram of ${id} for the ${tenancy} tenancy model" src="/models/${pathSegment(id)}/diagram.svg?tenancy=${tenancy}">
</section>
${section('Tenancy', rows(model.tenancy ?? model.tenancies), ['id', 'name', 'status', 'description'])}
${section('Components', rows(model.components), ['id', 'name', 'kind', 'namespace', 'shared'])}
${section('Actors', rows(model.actors), ['id', 'name', 'privilege', 'trusted', 'description'])}
${section('Assets', rows(model.assets), ['id', 'name', 'confidentiality', 'integrity', 'availability'])}
${section('Assumptions', rows(model.assumptions), ['id', 'summary', 'clauses'])}
${section('Clauses', rows(model.clauses), ['id', 'kind', 'rule', 'section', 'quote'])}`,
  );
}
