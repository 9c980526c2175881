/**
 * `ktm audit --format json`: the documented, stable shape (docs/audit.md). Keys in a fixed order, findings sorted by
 * id, resource, path, message (the runner sorts), `hops` always present (empty when not a network finding).
 */
import type { AuditResult } from '../audit/types.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';

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
  };
  if (r.reachability) out.reachability = r.reachability;
  return out;
}

/** An `AuditReport` document: the header (docs/audit.md), then the body of auditJsonObject. */
export function renderAuditJson(r: AuditResult, input: JudgedInput): string {
  return `${JSON.stringify(withEnvelope('AuditReport', input, auditJsonObject(r)), null, 2)}\n`;
}
