/**
 * `ktm audit -n NS`: the audit of the whole input, narrowed to what concerns the chosen namespaces. The checks always
 * run on everything (a policy in one namespace decides reach into another); only the report is narrowed:
 * findings whose object lives in a chosen namespace, and findings about cluster-scoped objects (ClusterRoles,
 * webhooks, Knative config that every namespace shares), which are kept because they concern every namespace.
 * Verdicts are recomputed from what is kept; the heat map keeps the chosen rows and columns.
 */
import type { AuditResult, Finding } from './types.js';
import { verdictFor } from './verdicts.js';

/** The namespace of a finding's object (`Kind/namespace/name`), or undefined for a cluster-scoped one (`Kind/name`). */
export function findingNamespace(f: Finding): string | undefined {
  const parts = f.resource.split('/');
  return parts.length >= 3 ? parts[1] : undefined;
}

export function scopeToNamespaces(r: AuditResult, namespaces: readonly string[]): AuditResult {
  const keep = new Set(namespaces);
  const findings = r.findings.filter((f) => {
    const ns = findingNamespace(f);
    return ns === undefined || keep.has(ns);
  });
  const verdicts: AuditResult['verdicts'] = {};
  for (const t of r.tenancy) verdicts[t] = verdictFor(t, findings, r.assumptions, r.support);
  const note = `narrowed to namespace(s) ${namespaces.join(', ')}: findings about objects there and about cluster-scoped objects (${r.findings.length - findings.length} other finding(s) left out)`;
  const out: AuditResult = { ...r, findings, verdicts, notes: [...r.notes, note] };
  if (r.reachability) {
    const names = r.reachability.namespaces.filter((n) => keep.has(n));
    const cells: Record<string, Record<string, string>> = {};
    const kinds: Record<string, Record<string, string[]>> = {};
    for (const a of names) {
      cells[a] = {};
      kinds[a] = {};
      for (const b of names) {
        cells[a][b] = r.reachability.cells[a][b];
        kinds[a][b] = r.reachability.kinds[a][b];
      }
    }
    out.reachability = { namespaces: names, cells, kinds };
  }
  return out;
}
