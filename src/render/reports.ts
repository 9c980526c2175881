/**
 * `ktm audit --format reports`: the policy reports in each API chosen by `--report-api` (src/k8s/report-apis.ts), one
 * multi-document YAML that `kubectl apply -f` publishes in one go: wgpolicyk8s.io documents first, then openreports.io.
 */
import type { AuditResult } from '../audit/types.js';
import type { ReportApiId } from '../k8s/report-apis.js';
import { OPENREPORTS_API } from './openreports.js';
import { REPORT_NAME, WGPOLICY_API, renderReportObjects, reportObjects, type ReportApi } from './policyreport.js';

const SHAPES: Record<ReportApiId, ReportApi> = { wgpolicyk8s: WGPOLICY_API, openreports: OPENREPORTS_API };

export function reportsObjects(r: AuditResult, apis: readonly ReportApiId[], now: Date = new Date(), name: string = REPORT_NAME): Record<string, unknown>[] {
  return apis.flatMap((id) => reportObjects(r, SHAPES[id], now, name));
}

export function renderReports(r: AuditResult, apis: readonly ReportApiId[], now?: Date, name?: string): string {
  return renderReportObjects(reportsObjects(r, apis, now, name));
}
