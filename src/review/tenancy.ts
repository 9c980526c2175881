/**
 * Per tenancy model: does the change keep the model's status? A tenancy model is affected by the findings that
 * apply to it; open findings block it (or, where it is already unsupported, add to the hardening it needs),
 * findings mitigated by default keep it only while the flag stays off.
 */
import type { RuleTag, TenancyModelId, ThreatModel } from '../model/schema.js';
import type { ClauseRef, Finding, MitigationRef, TenancyImpact } from './result.js';
import { severityRank } from './result.js';

const TENANCY_RULES: Record<TenancyModelId, RuleTag[]> = {
  cluster: ['tenancy-supported', 'unprivileged-most-significant'],
  namespace: ['namespace-isolation-goal', 'multi-tenant-not-vulnerability', 'tenancy-hardening', 'shared-component-filtering'],
  'control-plane': ['multi-cluster-independent', 'multi-tenant-not-vulnerability', 'tenancy-hardening'],
};

export function tenancyImpacts(model: ThreatModel, findings: Finding[], refs: (rules: RuleTag[]) => ClauseRef[]): TenancyImpact[] {
  return model.tenancy.map((t) => {
    const relevant = findings.filter((f) => f.tenancy.includes(t.id) && f.status !== 'mitigated' && severityRank(f.baseSeverity) >= severityRank('moderate'));
    const open = relevant.filter((f) => f.status === 'open');
    const byDefault = relevant.filter((f) => f.status === 'mitigated-by-default');
    const mitigations = collect(open.length > 0 ? open : byDefault);
    const clauses = refs([...TENANCY_RULES[t.id], ...t.clauses.flatMap((id) => model.clauses.find((c) => c.id === id)?.rule ?? [])]);
    for (const f of relevant) for (const c of f.clauses) if (!clauses.some((x) => x.rule === c.rule)) clauses.push(c);
    const base = { tenancy: t.id, name: t.name, before: t.status, clauses, findings: relevant.map((f) => f.id).sort(), mitigations };
    const names = (list: Finding[]) => list.map((f) => lowerFirst(f.title)).join('; ');
    const keepers = mitigations.map((m) => lowerFirst(m.title)).join('; or ');
    // Breaking isolation between tenants blocks a multi-tenant model; other findings weaken it.
    const isolation = (list: Finding[]) => list.some((f) => ['cross-tenant-reach', 'cross-tenant-data', 'confused-deputy'].includes(f.kind));
    if (open.length > 0) {
      if (t.status === 'unsupported') {
        return {
          ...base,
          after: t.status,
          keeps: true,
          impact: 'adds-hardening' as const,
          summary: `Stays unsupported, and securing it now also needs: ${keepers} (because: ${names(open)}).`,
        };
      }
      return {
        ...base,
        after: t.status === 'supported' ? ('supported-with-hardening' as const) : t.status,
        keeps: false,
        impact: 'blocked' as const,
        summary: `${isolation(open) ? 'Blocks' : 'Weakens'} ${t.name} (${names(open)}) unless: ${keepers}.`,
      };
    }
    if (byDefault.length > 0) {
      const flags = [...new Set(byDefault.flatMap((f) => f.mitigations.filter((m) => m.id === 'flag-off-by-default' && m.declared).map((m) => m.detail)))];
      return {
        ...base,
        after: t.status,
        keeps: true,
        impact: 'kept-by-default' as const,
        summary: `Kept while ${flags.join(' and ') || 'the feature stays off'}; enabling it ${
          t.status === 'unsupported' ? 'adds hardening to' : isolation(byDefault) ? 'blocks' : 'weakens'
        } ${t.name} unless: ${keepers}.`,
      };
    }
    return { ...base, after: t.status, keeps: true, impact: 'none' as const, summary: `No impact: ${t.status} before and after.` };
  });
}

/** Lower-cases a title's first letter for use inside a sentence, unless it starts an acronym (TLS, NetworkPolicy). */
function lowerFirst(s: string): string {
  return /^[A-Z][A-Z]/.test(s) || /^[A-Z][a-z]+[A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

function collect(findings: Finding[]): MitigationRef[] {
  const seen = new Map<string, MitigationRef>();
  for (const f of findings) for (const m of f.mitigations) if (!m.declared && !seen.has(m.id)) seen.set(m.id, { ...m, detail: '' });
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}
