/**
 * `ktm audit --format policyreport`: wgpolicyk8s.io/v1alpha2 reports, the format Kyverno, Trivy and Kubescape write
 * (kubernetes-sigs/wg-policy-prototypes policy-report/apis/wgpolicyk8s.io/v1alpha2): one PolicyReport per namespace
 * with findings about namespaced objects, and one ClusterPolicyReport for cluster-scoped objects plus a `pass` result
 * for every check that ran and found nothing. Accepted findings (src/audit/exceptions.ts) are `skip` results with the
 * reason, owner, expiry and where the acceptance is written in their properties. Multi-document YAML, ready for `kubectl apply -f -`.
 */
import { stringify } from 'yaml';
import { parseResource, type AuditResult, type Finding, type RuleInfo, type Severity } from '../audit/types.js';
import { crosswalkTag } from '../audit/crosswalk.js';
import { REPORT_APIS, apiVersionOf, type ReportApiId } from '../k8s/report-apis.js';

const SEVERITY: Record<Severity, 'critical' | 'high' | 'medium' | 'low'> = { critical: 'critical', high: 'high', moderate: 'medium', low: 'low' };
const LABELS = { 'app.kubernetes.io/managed-by': 'ktm', 'app.kubernetes.io/name': 'ktm-audit' };
/**
 * The name of ktm's report in every namespace and of its cluster report, in each API. Other tools name theirs by
 * their own prefix or by the UID of the resource reported on, so a `ktm-` prefix never meets theirs; the writer's
 * RBAC (deploy/10-rbac.yaml) may change only reports of this name. `--report-name` chooses another `ktm-` name for a
 * second job (a different model or tenancy) so the two do not overwrite each other.
 */
export const REPORT_NAME = 'ktm-audit';
const REPORT_NAME_SHAPE = /^ktm-[a-z0-9]([-a-z0-9]{0,57}[a-z0-9])?$/;

/** True for a report name ktm may write: `ktm-` then a DNS label (at most 63 characters in all). */
export function isReportName(name: string): boolean {
  return REPORT_NAME_SHAPE.test(name);
}

/** The report API: wgpolicyk8s.io (this file) or openreports.io (openreports.ts); both share one result shape. */
export interface ReportApi {
  apiVersion: string;
  namespacedKind: string;
  clusterKind: string;
  /** OpenReports names the engine once on the report as well as on each result. */
  reportSource?: string;
}

/** The result shape's envelope for one of the APIs of src/k8s/report-apis.ts. */
export function reportApiShape(id: ReportApiId, reportSource?: string): ReportApi {
  const def = REPORT_APIS[id];
  return { apiVersion: apiVersionOf(id), namespacedKind: def.namespaced.kind, clusterKind: def.cluster.kind, ...(reportSource ? { reportSource } : {}) };
}

export const WGPOLICY_API: ReportApi = reportApiShape('wgpolicyk8s');

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

export function reportObjects(r: AuditResult, api: ReportApi, now: Date = new Date(), name: string = REPORT_NAME): Record<string, unknown>[] {
  const rules = new Map(r.rules.map((x) => [x.id, x]));
  const source = api.reportSource ? { source: api.reportSource } : {};
  const timestamp = { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
  const byNs = new Map<string, Finding[]>();
  const cluster: Finding[] = [];
  // Accepted findings go in as `skip` results with their justification, beside the failures of their namespace.
  for (const f of [...r.findings, ...(r.accepted ?? [])]) {
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
      result: f.accepted ? 'skip' : 'fail',
      scored: !f.accepted,
      resources: [{ kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) }],
      message: f.accepted ? `accepted risk (${f.accepted.reason}): ${f.message}` : f.message,
      properties: {
        model: r.model,
        tenancy: f.tenancy.join(','),
        trust: `developers=${f.trust.developers},users=${f.trust.users}`,
        path: f.path,
        source: f.source,
        fix: f.fix,
        ...(f.hops?.length ? { hops: f.hops.join(' ⇒ ') } : {}),
        ...(f.accepted
          ? { accepted: f.accepted.by, reason: f.accepted.reason, owner: f.accepted.owner, expires: f.accepted.expires, 'accepted-at': f.accepted.source }
          : {}),
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
      metadata: { name, namespace: ns, labels: LABELS },
      ...source,
      scope: { apiVersion: 'v1', kind: 'Namespace', name: ns },
      summary: summary(results),
      results,
    });
  }
  // A check with findings (counted or accepted) has its results above: no `pass` for it.
  const failed = new Set([...r.findings, ...(r.accepted ?? [])].map((f) => f.id));
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
    metadata: { name, labels: LABELS },
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

