/**
 * `ktm audit --list-checks`: every check with its severity, tenancy, trust profile, the clause it enforces in the
 * chosen model, and its equivalents in other frameworks (the crosswalk). Text for people, JSON (`--format json`)
 * sorted by check id with stable keys.
 */
import { withEnvelope } from './json-envelope.js';
import { FRAMEWORK_NAMES } from '../audit/crosswalk.js';
import type { RuleInfo } from '../audit/types.js';

export function renderCheckListJson(rules: RuleInfo[], model: { id: string; version: string }): string {
  const checks = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      tenancy: r.tenancy,
      trust: r.trust,
      clause: r.clause,
      clauseRule: r.clauseRule,
      fix: r.fix,
      crosswalk: r.crosswalk.map((e) => ({ framework: e.framework, id: e.id, title: e.title, relation: e.relation })),
      ...(r.noEquivalent ? { noEquivalent: r.noEquivalent } : {}),
    }));
  const doc = withEnvelope('CheckList', { models: [{ id: model.id, version: model.version }] }, { model: model.id, frameworks: FRAMEWORK_NAMES, checks });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderCheckListText(rules: RuleInfo[], model: string): string {
  const lines: string[] = [`Checks of ktm audit (clauses of ${model}); equivalents: same = tests the same property, related = a neighbouring one.`, ''];
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    lines.push(`${r.id}  ${r.severity}  ${r.title}`);
    const trust = (['developers', 'users'] as const).filter((k) => r.trust[k] !== 'any').map((k) => `${k} ${r.trust[k]}`);
    lines.push(`  tenancy: ${r.tenancy.join(', ')}${trust.length ? `; only with ${trust.join(', ')}` : ''}; clause: ${r.clause}`);
    if (r.noEquivalent) lines.push(`  equivalents: none (${r.noEquivalent})`);
    for (const e of r.crosswalk) lines.push(`  ${e.relation === 'same' ? 'same   ' : 'related'}  ${e.framework} ${e.id}: ${e.title}`);
    lines.push('');
  }
  lines.push('Frameworks:', ...Object.entries(FRAMEWORK_NAMES).map(([k, v]) => `  ${k}: ${v}`));
  return `${lines.join('\n')}\n`;
}
