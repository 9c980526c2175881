/**
 * Per tenancy model: does the change keep the model's status? A tenancy model is affected by the findings that
 * apply to it; open findings block it (or, where it is already unsupported, add to the hardening it needs),
 * findings mitigated by default keep it only while the flag stays off. The summary is one plain sentence
 * without the model's name ("blocked if `flag` is enabled; to keep it then, …").
 */
import type { RuleTag, TenancyModelId, ThreatModel } from '../model/schema.js';
import type { ClauseRef, Finding, MitigationRef, TenancyImpact } from './result.js';
import { severityRank } from './result.js';

const TENANCY_RULES: Record<TenancyModelId, RuleTag[]> = {
  cluster: ['tenancy-supported', 'unprivileged-most-significant'],
  namespace: ['namespace-isolation-goal', 'multi-tenant-not-vulnerability', 'tenancy-hardening', 'shared-component-filtering'],
  'control-plane': ['multi-cluster-independent', 'multi-tenant-not-vulnerability', 'tenancy-hardening'],
};

export function tenancyImpacts(
  model: ThreatModel,
  findings: Finding[],
  refs: (rules: RuleTag[]) => ClauseRef[],
  gatingFlags: (f: Finding) => string[],
): TenancyImpact[] {
  return model.tenancy.map((t) => {
    const relevant = findings.filter((f) => f.tenancy.includes(t.id) && f.status !== 'mitigated' && severityRank(f.baseSeverity) >= severityRank('moderate'));
    const open = relevant.filter((f) => f.status === 'open');
    const byDefault = relevant.filter((f) => f.status === 'mitigated-by-default');
    const mitigations = collect(open.length > 0 ? open : byDefault);
    const clauses = refs([...TENANCY_RULES[t.id], ...t.clauses.flatMap((id) => model.clauses.find((c) => c.id === id)?.rule ?? [])]);
    for (const f of relevant) for (const c of f.clauses) if (!clauses.some((x) => x.rule === c.rule)) clauses.push(c);
    const base = { tenancy: t.id, name: t.name, before: t.status, clauses, findings: relevant.map((f) => f.id).sort(), mitigations };
    // The first suggestion of the most severe finding: one step that keeps the model, in the imperative.
    const keep = mitigations[0] ? mitigations[0].detail || lowerFirst(mitigations[0].title) : 'mitigate the findings';
    // Breaking isolation between tenants blocks a multi-tenant model; other findings weaken it.
    const isolation = (list: Finding[]) => list.some((f) => ['cross-tenant-reach', 'cross-tenant-data', 'confused-deputy', 'system-escalation'].includes(f.kind));
    if (open.length > 0) {
      if (t.status === 'unsupported') {
        return { ...base, after: t.status, keeps: true, impact: 'adds-hardening' as const, summary: `stays unsupported; to run it anyway, also ${keep}` };
      }
      return {
        ...base,
        after: t.status === 'supported' ? ('supported-with-hardening' as const) : t.status,
        keeps: false,
        impact: isolation(open) ? ('blocked' as const) : ('weakened' as const),
        summary: `${isolation(open) ? 'blocked' : 'weakened'}; to keep it, ${keep}`,
      };
    }
    if (byDefault.length > 0) {
      const flags = [...new Set(byDefault.flatMap(gatingFlags))].sort();
      const when = flags.length > 0 ? `${flags.map((k) => `\`${k}\``).join(' or ')} is enabled` : 'the feature is enabled';
      return {
        ...base,
        after: t.status,
        keeps: true,
        impact: 'kept-by-default' as const,
        summary:
          t.status === 'unsupported'
            ? `stays unsupported; to run it anyway once ${when}, also ${keep}`
            : `${isolation(byDefault) ? 'blocked' : 'weakened'} if ${when}; to keep it then, ${keep}`,
      };
    }
    return { ...base, after: t.status, keeps: true, impact: 'none' as const, summary: `no change (${t.status})` };
  });
}

/** Lower-cases a title's first letter for use inside a sentence, unless it starts an acronym (TLS, NetworkPolicy). */
function lowerFirst(s: string): string {
  return /^[A-Z][A-Z]/.test(s) || /^[A-Z][a-z]+[A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

/** Suggested (not declared) mitigations of the findings, most severe finding first, in each rule's order. */
function collect(findings: Finding[]): MitigationRef[] {
  const seen = new Map<string, MitigationRef>();
  for (const f of findings) for (const m of f.mitigations) if (!m.declared && !seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()];
}
