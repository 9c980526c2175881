/**
 * `ktm audit --format openreports`: the same reports as `--format policyreport`, in the OpenReports API
 * (`openreports.io/v1alpha1`, openreports/reports-api) that Kyverno writes and policy-reporter reads: one `Report` per
 * namespace with findings about namespaced objects, and one `ClusterReport` with cluster-scoped findings plus a `pass`
 * (or `skip`) result for every other check. The engine is named on the report (`source: ktm`) and on each result.
 */
import type { AuditResult } from '../audit/types.js';
import { renderReportObjects, reportApiShape, reportObjects, type ReportApi } from './policyreport.js';

export const OPENREPORTS_API: ReportApi = reportApiShape('openreports', 'ktm');

export function openReportsObjects(r: AuditResult, now: Date = new Date()): Record<string, unknown>[] {
  return reportObjects(r, OPENREPORTS_API, now);
}

export function renderOpenReports(r: AuditResult, now?: Date): string {
  return renderReportObjects(openReportsObjects(r, now));
}
