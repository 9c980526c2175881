/**
 * `ktm audit --format json`: the documented, stable shape (docs/audit.md). Keys in a fixed order, findings sorted by
 * id, resource, path, message (the runner sorts), `hops` always present (empty when not a network finding). `fixPlan`:
 * the findings grouped by check and fix, ranked (src/audit/fix-plan.ts), each group naming its findings by index.
 */
import { fixPlanJson } from '../audit/fix-plan.js';
import type { AuditResult } from '../audit/types.js';

export function auditJsonObject(r: AuditResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    model: r.model,
    verdicts: r.verdicts,
    assumptions: r.assumptions,
    findings: r.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      tenancy: f.tenancy,
      trust: { developers: f.trust.developers, users: f.trust.users },
      clause: f.clause,
      resource: f.resource,
      source: f.source,
      path: f.path,
      message: f.message,
      fix: f.fix,
      hops: f.hops ?? [],
    })),
    tenancy: r.tenancy,
    trust: r.trust,
    support: r.support,
    tenants: r.tenants,
    notes: r.notes,
    fixPlan: fixPlanJson(r),
  };
  if (r.reachability) out.reachability = r.reachability;
  return out;
}

export function renderAuditJson(r: AuditResult): string {
  return `${JSON.stringify(auditJsonObject(r), null, 2)}\n`;
}
