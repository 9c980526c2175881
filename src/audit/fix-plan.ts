/**
 * What to fix first: the audit's findings grouped by check and fix, ranked. Computed once here (a pure function of the
 * AuditResult) and read by every report (table, Markdown, HTML, JSON `fixPlan`), so they never disagree.
 *
 * - A group is one check id with one fix text: the objects it names are what applying that fix clears.
 * - The tenants a finding exposes: the tenant namespace of its object; an object outside every tenant namespace (a
 *   Knative ConfigMap, a ClusterRoleBinding) is shared by all tenants, so it exposes every one.
 * - Ranking: highest severity first, then more tenants exposed, then more objects cleared, then check id and fix.
 */
import type { TenancyModelId } from '../model/schema.js';
import { parseResource, severityRank, type AuditResult, type Finding, type Severity } from './types.js';

export interface FixGroup {
  /** Check id (`KTM-NET-003`). */
  check: string;
  /** The check's title in the chosen model's run (empty when the result carries no rule for it). */
  title: string;
  fix: string;
  /** Highest severity among the group's findings. */
  severity: Severity;
  /** Union of the findings' tenancy models, in the result's order. */
  tenancy: TenancyModelId[];
  /** Clause ids the findings enforce (usually one). */
  clauses: string[];
  /** Distinct objects (`Kind/ns/name`) the fix clears, sorted. */
  objects: string[];
  /** Tenant namespaces the findings expose, sorted. */
  tenantsExposed: string[];
  /** The findings, in the result's order. */
  findings: Finding[];
}

export interface FixPlan {
  groups: FixGroup[];
  /** Number of findings over all groups (= the result's findings). */
  findings: number;
}

export function fixPlan(r: AuditResult): FixPlan {
  const tenantSet = new Set(r.tenants);
  const titles = new Map(r.rules.map((rule) => [rule.id, rule.title]));
  const byKey = new Map<string, { check: string; fix: string; findings: Finding[] }>();
  for (const f of r.findings) {
    const key = `${f.id}\u0000${f.fix}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { check: f.id, fix: f.fix, findings: [] }));
    g.findings.push(f);
  }
  const groups: FixGroup[] = [];
  for (const g of byKey.values()) {
    let severity: Severity = g.findings[0].severity;
    const tenancy = new Set<TenancyModelId>();
    const clauses = new Set<string>();
    const objects = new Set<string>();
    const exposed = new Set<string>();
    // A shared object exposes every tenant: noted once, not by adding every tenant again for each such finding.
    let exposesAll = false;
    for (const f of g.findings) {
      if (severityRank(f.severity) > severityRank(severity)) severity = f.severity;
      for (const t of f.tenancy) tenancy.add(t);
      clauses.add(f.clause);
      objects.add(f.resource);
      const tenant = tenantOf(f, tenantSet);
      if (tenant === undefined) exposesAll = true;
      else exposed.add(tenant);
    }
    groups.push({
      check: g.check,
      title: titles.get(g.check) ?? '',
      fix: g.fix,
      severity,
      tenancy: r.tenancy.filter((t) => tenancy.has(t)).concat([...tenancy].filter((t) => !r.tenancy.includes(t))),
      clauses: [...clauses].sort(),
      objects: [...objects].sort(),
      tenantsExposed: [...(exposesAll ? tenantSet : exposed)].sort(),
      findings: g.findings,
    });
  }
  groups.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.tenantsExposed.length - a.tenantsExposed.length ||
      b.objects.length - a.objects.length ||
      cmp(a.check, b.check) ||
      cmp(a.fix, b.fix),
  );
  return { groups, findings: r.findings.length };
}

/** The tenant of the finding's object, or every tenant when the object is shared (outside any tenant namespace). */
export function tenantsExposedBy(f: Finding, tenants: ReadonlySet<string>): string[] {
  const tenant = tenantOf(f, tenants);
  return tenant === undefined ? [...tenants] : [tenant];
}

/** The tenant namespace of the finding's object; undefined when the object is shared (outside every tenant namespace). */
function tenantOf(f: Finding, tenants: ReadonlySet<string>): string | undefined {
  const ref = parseResource(f.resource);
  const ns = ref.kind === 'Namespace' && !ref.namespace ? ref.name : ref.namespace;
  return ns !== undefined && tenants.has(ns) ? ns : undefined;
}

/** The fix plan as JSON (findings by index into the result's `findings`, so nothing is said twice). */
export function fixPlanJson(r: AuditResult, plan: FixPlan = fixPlan(r)): Record<string, unknown>[] {
  const index = new Map(r.findings.map((f, i) => [f, i]));
  return plan.groups.map((g) => ({
    check: g.check,
    title: g.title,
    severity: g.severity,
    fix: g.fix,
    tenancy: g.tenancy,
    clauses: g.clauses,
    objects: g.objects,
    tenantsExposed: g.tenantsExposed,
    findings: g.findings.map((f) => index.get(f)!),
  }));
}

/** Where to go after the report: one line, the same in every format. */
export const NEXT_STEP =
  'Next: `ktm harden SOURCE… --tenancy namespace --out DIR` writes manifests for these fixes; read DIR/MANUAL.md for the steps manifests cannot do, apply, then run `ktm audit` again.';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
