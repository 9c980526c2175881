/**
 * Markdown views of a threat model (`ktm model show --format md`) and of the difference between two models
 * (`ktm model diff`). Pure formatting: every fact comes from the model or the diff.
 */
import type { Clause, ThreatModel } from '../model/schema.js';
import type { EntityDiff, FieldChange, ModelDiff } from '../model/diff.js';
import { ENTITY_LISTS, isEmptyDiff } from '../model/diff.js';

const STATUS_TEXT: Record<string, string> = {
  supported: 'supported',
  unsupported: 'unsupported',
  'supported-with-hardening': 'supported with hardening',
};

/** Escapes text for a Markdown table cell. */
function cell(text: unknown): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: string[], rows: unknown[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const code = (s: string) => `\`${s}\``;

export function renderModelMarkdown(model: ThreatModel): string {
  const m = model.metadata;
  const out: string[] = [];
  out.push(`# ${m.title}`, '');
  out.push(`- id: ${code(m.id)}, version ${m.version}, status: ${m.status}`);
  out.push(`- source: ${m.source.title}${m.source.url ? ` (${m.source.url})` : ''}${m.source.date ? `, ${m.source.date}` : ''}`);
  out.push(`- trust profile: developers ${model.trustProfile.developers}, users ${model.trustProfile.users}`);
  if (m.description) out.push('', m.description);
  out.push('');

  out.push('## Tenancy models', '');
  const hardeningTitle = new Map(model.hardening.map((h) => [h.id, h.title]));
  out.push(
    table(
      ['tenancy', 'status', 'hardening', 'clauses'],
      model.tenancy.map((t) => [
        `${t.name} (${code(t.id)})`,
        STATUS_TEXT[t.status],
        t.hardening.map((h) => hardeningTitle.get(h) ?? h).join('; ') || '—',
        t.clauses.map(code).join(', '),
      ]),
    ),
    '',
  );
  if (model.hardening.length > 0) {
    out.push('### Hardening', '');
    for (const h of model.hardening) out.push(`- **${h.title}** (${code(h.id)}): ${h.description}`);
    out.push('');
  }

  out.push('## Clauses', '');
  const sections = new Map<string, Clause[]>();
  for (const c of model.clauses) sections.set(c.section, [...(sections.get(c.section) ?? []), c]);
  for (const [section, clauses] of sections) {
    out.push(`### ${section}`, '');
    for (const c of clauses) {
      const tags = [c.kind, c.rule ? `rule ${code(c.rule)}` : undefined].filter(Boolean).join(', ');
      out.push(`- ${code(c.id)} (${tags})${c.summary ? ` — ${c.summary}` : ''}`);
      out.push(`  > ${c.quote.replace(/\s+/g, ' ').trim()}`);
    }
    out.push('');
  }

  out.push('## Actors', '');
  out.push(
    table(
      ['actor', 'privilege', 'trusted', 'description'],
      model.actors.map((a) => [`${a.name} (${code(a.id)})`, a.privilege, a.trusted ? 'yes' : 'no', a.description]),
    ),
    '',
  );

  out.push('## Assets', '');
  out.push(
    table(
      ['asset', 'confidentiality', 'integrity', 'availability'],
      model.assets.map((a) => [`${a.name} (${code(a.id)})`, a.confidentiality, a.integrity, a.availability]),
    ),
    '',
  );

  out.push('## Trust boundaries', '');
  for (const b of model.trustBoundaries) {
    const extra = [b.parent ? `inside ${code(b.parent)}` : '', b.perTenant ? 'one per tenant' : ''].filter(Boolean).join(', ');
    out.push(`- **${b.name}** (${code(b.id)}${extra ? `; ${extra}` : ''}): ${b.description}`);
  }
  out.push('');

  out.push('## Components', '');
  out.push(
    table(
      ['component', 'namespace', 'boundary', 'shared', 'ports', 'service account', 'selector'],
      model.components.map((c) => [
        `${c.name} (${code(c.id)})`,
        c.namespace ?? '—',
        c.boundary,
        (c.shared ? 'shared' : 'per tenant') + (c.forwardsForCaller ? ', forwards for caller' : ''),
        c.ports.map((p) => `${p.name} ${p.port}`).join(', ') || '—',
        c.serviceAccount ?? '—',
        c.selector ? Object.entries(c.selector).map(([k, v]) => `${k}=${v}`).join(',') : '—',
      ]),
    ),
    '',
  );

  out.push('## Data flows', '');
  const name = new Map(model.components.map((c) => [c.id, c.name]));
  out.push(
    table(
      ['flow', 'from → to', 'port', 'protocol', 'authenticated', 'destination chosen by', 'trust'],
      model.dataFlows.map((f) => [
        code(f.id),
        `${name.get(f.from) ?? f.from} → ${name.get(f.to) ?? f.to}`,
        f.port ?? '—',
        f.protocol,
        f.authenticated ? 'yes' : 'no',
        f.destinationChosenBy,
        f.trust ?? '—',
      ]),
    ),
    '',
  );

  out.push('## Assumptions', '');
  for (const a of model.assumptions) {
    const v = a.verifiableFromManifests ? 'checked by the audit' : 'not verifiable from manifests';
    out.push(`- ${code(a.id)} (${a.subject}; ${v}): ${a.statement}`);
  }
  out.push('');

  if (model.attackGoals.length > 0) {
    out.push('## Attack goals', '');
    for (const g of model.attackGoals) {
      out.push(`- **${g.title}** (${code(g.id)}): ${g.description}`);
      if (g.components.length) out.push(`  - components: ${g.components.map(code).join(', ')}`);
      if (g.actors.length) out.push(`  - actors: ${g.actors.map(code).join(', ')}`);
    }
    out.push('');
  }
  if (model.mitigations.length > 0) {
    out.push('## Mitigations', '');
    for (const mt of model.mitigations) {
      const goals = mt.mitigates.length ? ` Mitigates: ${mt.mitigates.map(code).join(', ')}.` : '';
      out.push(`- **${mt.title}** (${code(mt.id)}): ${mt.description}${goals}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const LIST_TITLES: Record<(typeof ENTITY_LISTS)[number], string> = {
  hardening: 'Hardening',
  actors: 'Actors',
  assets: 'Assets',
  trustBoundaries: 'Trust boundaries',
  components: 'Components',
  dataFlows: 'Data flows',
  assumptions: 'Assumptions',
  attackGoals: 'Attack goals',
  mitigations: 'Mitigations',
};

function value(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  return JSON.stringify(v);
}

const isList = (v: unknown): v is Array<string | number> =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');

function changeLine(c: FieldChange): string {
  // Lists of ids read better as what was added and removed than as two long arrays.
  const from = c.from === undefined ? [] : c.from;
  const to = c.to === undefined ? [] : c.to;
  if (isList(from) && isList(to)) {
    const added = to.filter((x) => !from.includes(x));
    const removed = from.filter((x) => !to.includes(x));
    const parts = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    return `${c.field}: ${parts || 'reordered'}`;
  }
  return `${c.field}: ${value(c.from)} → ${value(c.to)}`;
}

function quoteBlock(text: string): string {
  return `> ${text.replace(/\s+/g, ' ').trim()}`;
}

export function renderDiffMarkdown(d: ModelDiff): string {
  const out: string[] = [];
  const c = d.clauses;
  out.push(`# ${d.from.id} → ${d.to.id}`, '');
  out.push(`From **${d.from.title}** (${d.from.version}, ${d.from.status}) to **${d.to.title}** (${d.to.version}, ${d.to.status}).`, '');
  if (isEmptyDiff(d)) {
    out.push('The two models state the same clauses, tenancy, actors, components and flows.', '');
    return out.join('\n');
  }
  out.push(
    `Clauses: ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed, ${c.unchanged} unchanged.`,
    '',
  );

  const rules = ruleChanges(d);
  if (rules.length > 0) {
    out.push('## Rules ktm applies', '');
    out.push(
      table(
        ['rule', d.from.id, d.to.id],
        rules.map((r) => [code(r.rule), r.from ? code(r.from) : 'not stated', r.to ? `${code(r.to)}${r.reworded ? ' (reworded)' : ''}` : 'not stated']),
      ),
      '',
    );
  }

  if (d.tenancy.length > 0) {
    out.push('## Tenancy', '');
    const st = (x?: { status: string; hardening: string[] }) =>
      x ? STATUS_TEXT[x.status] + (x.hardening.length ? ` (${x.hardening.join(', ')})` : '') : '(not stated)';
    out.push(table(['tenancy', d.from.id, d.to.id], d.tenancy.map((t) => [`${t.name} (${code(t.id)})`, st(t.from), st(t.to)])), '');
  }
  if (d.trustProfile.length > 0) {
    out.push('## Trust profile', '');
    for (const ch of d.trustProfile) out.push(`- ${changeLine(ch)}`);
    out.push('');
  }

  out.push('## Clauses', '');
  if (c.changed.length > 0) {
    out.push('### Changed', '');
    for (const ch of c.changed) {
      const role = ch.to.rule ?? ch.from.rule;
      out.push(`#### ${code(ch.id)}${role ? ` (rule ${code(role)})` : ''}`, '');
      for (const f of ch.changes) {
        if (f.field === 'quote') {
          out.push(`${d.from.id}:`, '', quoteBlock(String(f.from)), '', `${d.to.id}:`, '', quoteBlock(String(f.to)), '');
        } else {
          out.push(`- ${changeLine(f)}`);
        }
      }
      out.push('');
    }
  }
  const clauseList = (title: string, list: typeof c.added) => {
    if (list.length === 0) return;
    out.push(`### ${title}`, '');
    for (const cl of list) {
      const tags = [cl.kind, cl.rule ? `rule ${code(cl.rule)}` : undefined].filter(Boolean).join(', ');
      out.push(`- ${code(cl.id)} (${tags}, ${cl.section})${cl.summary ? ` — ${cl.summary}` : ''}`);
      out.push(`  ${quoteBlock(cl.quote)}`);
    }
    out.push('');
  };
  clauseList(`Removed (only in ${d.from.id})`, c.removed);
  clauseList(`Added (only in ${d.to.id})`, c.added);

  for (const list of ENTITY_LISTS) {
    const e: EntityDiff = d[list];
    if (e.added.length + e.removed.length + e.changed.length === 0) continue;
    out.push(`## ${LIST_TITLES[list]}`, '');
    for (const x of e.removed) out.push(`- removed ${code(x.id)}: ${x.name}`);
    for (const x of e.added) out.push(`- added ${code(x.id)}: ${x.name}`);
    for (const x of e.changed) {
      out.push(`- changed ${code(x.id)}: ${x.name}`);
      for (const f of x.changes) out.push(`  - ${changeLine(f)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Rule tags whose clause appears, disappears or is reworded between the two models, sorted by tag. */
function ruleChanges(d: ModelDiff): Array<{ rule: string; from?: string; to?: string; reworded?: boolean }> {
  const rows = new Map<string, { rule: string; from?: string; to?: string; reworded?: boolean }>();
  const row = (rule: string) => rows.get(rule) ?? rows.set(rule, { rule }).get(rule)!;
  for (const c of d.clauses.removed) if (c.rule) row(c.rule).from = c.id;
  for (const c of d.clauses.added) if (c.rule) row(c.rule).to = c.id;
  for (const c of d.clauses.changed) {
    if (c.from.rule) row(c.from.rule).from = c.id;
    if (c.to.rule) {
      const r = row(c.to.rule);
      r.to = c.id;
      r.reworded = c.from.rule === c.to.rule;
    }
  }
  return [...rows.values()].sort((a, b) => (a.rule < b.rule ? -1 : 1));
}
