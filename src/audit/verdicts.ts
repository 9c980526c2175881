/**
 * Verdict per tenancy model. `fail` when a finding at or above `moderate` applies to it; otherwise
 * `pass-with-assumptions` when the model rests on assumptions manifests cannot show (or does not support the tenancy
 * at all: ktm can check the named hardening, not make the project call it secure); `pass` only when neither holds.
 */
import type { TenancyModelId, ThreatModel } from '../model/schema.js';
import { severityRank, type AuditAssumption, type Finding, type TenancySupport, type Verdict } from './types.js';

export const VERDICT_THRESHOLD = severityRank('moderate');

export function verdictFor(tenancy: TenancyModelId, findings: Finding[], assumptions: AuditAssumption[], support: TenancySupport[]): Verdict {
  if (findings.some((f) => f.tenancy.includes(tenancy) && severityRank(f.severity) >= VERDICT_THRESHOLD)) return 'fail';
  if (assumptions.length > 0 || support.some((s) => s.tenancy === tenancy && s.status === 'unsupported')) return 'pass-with-assumptions';
  return 'pass';
}

/** The model's unverifiable assumptions, sorted by id. */
export function unverifiableAssumptions(model: ThreatModel): AuditAssumption[] {
  return model.assumptions
    .filter((a) => !a.verifiableFromManifests)
    .map((a) => ({ id: a.id, subject: a.subject, statement: a.statement, clauses: [...a.clauses].sort() }))
    .sort((a, b) => cmp(a.id, b.id));
}

/** What the model says about each selected tenancy that it does not plainly support, with the hardening it names. */
export function tenancySupport(model: ThreatModel, tenancies: TenancyModelId[]): TenancySupport[] {
  const out: TenancySupport[] = [];
  for (const id of tenancies) {
    const t = model.tenancy.find((x) => x.id === id);
    if (!t) {
      out.push({ tenancy: id, status: 'unsupported', statement: `The model ${model.metadata.id} does not describe this tenancy model.`, hardening: [] });
      continue;
    }
    if (t.status === 'supported') continue;
    out.push({
      tenancy: id,
      status: t.status,
      statement: t.description,
      hardening: t.hardening.map((h) => {
        const hd = model.hardening.find((x) => x.id === h);
        return { id: h, title: hd?.title ?? h, description: hd?.description ?? '' };
      }),
    });
  }
  return out;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
