/**
 * `ktm audit --format policyreport`: wgpolicyk8s.io/v1alpha2 reports, the format Kyverno, Trivy and Kubescape write
 * (kubernetes-sigs/wg-policy-prototypes policy-report/apis/wgpolicyk8s.io/v1alpha2): one PolicyReport per namespace
 * with findings about namespaced objects, and one ClusterPolicyReport for cluster-scoped objects plus a `pass` result
 * for every check that ran and found nothing. Multi-document YAML, ready for `kubectl apply -f -`.
 */
import { stringify } from 'yaml';
import { parseResource, type AuditResult, type Finding, type RuleInfo, type Severity } from '../audit/types.js';
import { crosswalkTag } from '../audit/crosswalk.js';

const SEVERITY: Record<Severity, 'critical' | 'high' | 'medium' | 'low'> = { critical: 'critical', high: 'high', moderate: 'medium', low: 'low' };
const LABELS = { 'app.kubernetes.io/managed-by': 'ktm', 'app.kubernetes.io/name': 'ktm-audit' };
export const REPORT_NAME = 'ktm-audit';

/** The report API: wgpolicyk8s.io (this file) or openreports.io (openreports.ts); both share one result shape. */
export interface ReportApi {
  apiVersion: string;
  namespacedKind: string;
  clusterKind: string;
  /** OpenReports names the engine once on the report as well as on each result. */
  reportSource?: string;
}

export const WGPOLICY_API: ReportApi = { apiVersion: 'wgpolicyk8s.io/v1alpha2', namespacedKind: 'PolicyReport', clusterKind: 'ClusterPolicyReport' };

/**
 * The check's equivalents as result properties (string values, as both CRDs require): `same-as` and `related-to`,
 * each a comma-separated list of `framework:id` (titles are in `ktm audit --list-checks` and the SARIF rules).
 */
export function crosswalkProperties(rule: RuleInfo | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const same = rule?.crosswalk.filter((e) => e.relation === 'same') ?? [];
  const related = rule?.crosswalk.filter((e) => e.relation === 'related') ?? [];
  if (same.length) out['same-as'] = same.map(crosswalkTag).join(', ');
  if (related.length) out['related-to'] = related.map(crosswalkTag).join(', ');
  return out;
}

export function policyReportObjects(r: AuditResult, now: Date = new Date()): Record<string, unknown>[] {
  return reportObjects(r, WGPOLICY_API, now);
}

export function reportObjects(r: AuditResult, api: ReportApi, now: Date = new Date()): Record<string, unknown>[] {
  const rules = new Map(r.rules.map((x) => [x.id, x]));
  const source = api.reportSource ? { source: api.reportSource } : {};
  const timestamp = { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
  const byNs = new Map<string, Finding[]>();
  const cluster: Finding[] = [];
  for (const f of r.findings) {
    const ref = parseResource(f.resource);
    // A finding about a Namespace belongs in that namespace's report.
    if (ref.kind === 'Namespace') byNs.set(ref.name, [...(byNs.get(ref.name) ?? []), f]);
    else if (ref.namespace) byNs.set(ref.namespace, [...(byNs.get(ref.namespace) ?? []), f]);
    else cluster.push(f);
  }
  const result = (f: Finding) => {
    const ref = parseResource(f.resource);
    return {
      source: 'ktm',
      policy: f.id,
      rule: f.clause,
      category: `ktm ${f.id.split('-')[1]}`,
      severity: SEVERITY[f.severity],
      timestamp,
      result: 'fail',
      scored: true,
      resources: [{ kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) }],
      message: f.message,
      properties: {
        model: r.model,
        tenancy: f.tenancy.join(','),
        trust: `developers=${f.trust.developers},users=${f.trust.users}`,
        path: f.path,
        source: f.source,
        fix: f.fix,
        ...(f.hops?.length ? { hops: f.hops.join(' ⇒ ') } : {}),
        ...crosswalkProperties(rules.get(f.id)),
      },
    };
  };
  const summary = (results: { result: string }[]) => ({
    pass: results.filter((x) => x.result === 'pass').length,
    fail: results.filter((x) => x.result === 'fail').length,
    warn: 0,
    error: 0,
    skip: results.filter((x) => x.result === 'skip').length,
  });
  const docs: Record<string, unknown>[] = [];
  for (const ns of [...byNs.keys()].sort()) {
    const results = byNs.get(ns)!.map(result);
    docs.push({
      apiVersion: api.apiVersion,
      kind: api.namespacedKind,
      metadata: { name: REPORT_NAME, namespace: ns, labels: LABELS },
      ...source,
      scope: { apiVersion: 'v1', kind: 'Namespace', name: ns },
      summary: summary(results),
      results,
    });
  }
  const failed = new Set(r.findings.map((f) => f.id));
  const clusterResults: Record<string, unknown>[] = cluster.map(result);
  for (const rule of r.rules) {
    if (failed.has(rule.id)) continue;
    clusterResults.push({
      source: 'ktm',
      policy: rule.id,
      rule: rule.clause,
      category: `ktm ${rule.id.split('-')[1]}`,
      severity: SEVERITY[rule.severity],
      timestamp,
      result: rule.ran ? 'pass' : 'skip',
      scored: rule.ran,
      message: rule.ran ? `${rule.title}: no finding` : `${rule.title}: not applicable to the selected tenancy or trust profile`,
      properties: { model: r.model, tenancy: rule.tenancy.join(','), ...crosswalkProperties(rule) },
    });
  }
  docs.push({
    apiVersion: api.apiVersion,
    kind: api.clusterKind,
    metadata: { name: REPORT_NAME, labels: LABELS },
    ...source,
    summary: summary(clusterResults as { result: string }[]),
    results: clusterResults,
  });
  return docs;
}

export function renderPolicyReports(r: AuditResult, now?: Date): string {
  return renderReportObjects(policyReportObjects(r, now));
}

/** Multi-document YAML, ready for `kubectl apply -f -`. */
export function renderReportObjects(docs: Record<string, unknown>[]): string {
  return docs
    .map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

