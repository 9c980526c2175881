/**
 * `ktm audit --format json`: the documented, stable shape (docs/audit.md). Keys in a fixed order, findings sorted by
 * id, resource, path, message (the runner sorts), `hops` always present (empty when not a network finding), `fingerprint`
 * the finding's identity across runs (src/audit/baseline.ts); accepted findings in `accepted`, and with `--baseline` the
 * previous run's findings that are gone in `absent`. `fixPlan`: the findings grouped by check and fix, ranked
 * (src/audit/fix-plan.ts), each group naming its findings by index.
 */
import { fixPlanJson } from '../audit/fix-plan.js';
import type { AuditResult, Finding } from '../audit/types.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';
import { fingerprint } from '../audit/baseline.js';
import { MappedArray, writeJson } from './json-stream.js';
import { collectText, type TextSink } from './text-sink.js';

/**
 * The report's body. Finding lists are MappedArrays (json-stream.ts): each finding's JSON object is made as it is
 * written, a batch at a time; JSON.stringify reads them as the arrays they stand for.
 */
export function auditJsonObject(r: AuditResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    model: r.model,
    verdicts: r.verdicts,
    assumptions: r.assumptions,
    findings: new MappedArray(r.findings, findingJson),
    // Accepted risks stay in the report with their justification; they never count (verdicts, --fail-on).
    accepted: new MappedArray(r.accepted ?? [], findingJson),
    tenancy: r.tenancy,
    trust: r.trust,
    support: r.support,
    tenants: r.tenants,
    notes: r.notes,
  };
  if (r.absent) out.absent = new MappedArray(r.absent, findingJson);
  out.fixPlan = fixPlanJson(r);
  if (r.reachability) out.reachability = r.reachability;
  return out;
}

/** One finding, keys in a fixed order; `accepted` and `baseline` only when set. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
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
    fingerprint: fingerprint(f),
    ...(f.accepted ? { accepted: { ...f.accepted } } : {}),
    ...(f.baseline ? { baseline: f.baseline } : {}),
  };
}

/** An `AuditReport` document: the header (docs/audit.md), then the body of auditJsonObject. */
export function renderAuditJson(r: AuditResult, input: JudgedInput): string {
  return collectText((sink) => writeAuditJson(sink, r, input));
}

/** The text of renderAuditJson written piece by piece (a finding at a time): 10⁵ findings are never one string. */
export function writeAuditJson(sink: TextSink, r: AuditResult, input: JudgedInput): void {
  writeJson(sink, withEnvelope('AuditReport', input, auditJsonObject(r)));
  sink.write('\n');
}
