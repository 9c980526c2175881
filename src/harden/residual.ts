/**
 * Nothing is left silently: after its generators and the flow proof, harden audits the cluster as it will be
 * (input + output) with the audit's own checks, and every finding at moderate or above that no manual step names
 * yet becomes one, with its objects and the check's fix. So each residual finding is either gone or in MANUAL.md.
 */
import { runAudit } from '../audit/index.js';
import { defaultEngines } from '../audit/engines.js';
import { reachView } from '../audit/reach-adapter.js';
import type { Engine } from '../netpol/engine.js';
import { severityRank, type Finding } from '../audit/types.js';
import type { Inventory } from '../k8s/types.js';
import { NAMESPACE_NAME_LABEL } from '../k8s/inventory.js';
import type { ThreatModel } from '../model/schema.js';
import type { HardenOptions, ManualStep } from './types.js';

/**
 * `after` is the cluster as it will be and the Engine the flow proof built on it: the audit's reach view reuses that
 * Engine (same inventory, same CNI decision: the proof's `--cni`, passed on here) instead of building another.
 */
export function residualSteps(
  after: { inventory: Inventory; engine: Engine },
  model: ThreatModel,
  options: HardenOptions,
  tenants: string[],
  manual: ManualStep[],
): ManualStep[] {
  const engines = defaultEngines();
  const audit = runAudit(after.inventory, {
    model,
    cni: options.cni,
    engines: { ...engines, reach: (inv, isTenant, cni) => reachView(inv, isTenant, cni, after.engine) },
    tenancy: [options.tenancy],
    developers: options.developers,
    tenantSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: tenants }] },
  });
  const named = new Set(manual.flatMap((m) => (m.resources ?? []).flatMap((r) => m.fixes.map((id) => `${id}|${r}`))));
  const left = new Map<string, Finding[]>();
  for (const f of audit.findings) {
    if (severityRank(f.severity) < severityRank('moderate') || named.has(`${f.id}|${f.resource}`)) continue;
    const list = left.get(f.id) ?? [];
    list.push(f);
    left.set(f.id, list);
  }
  const rules = new Map(audit.rules.map((r) => [r.id, r]));
  return [...left].sort(([a], [b]) => a.localeCompare(b)).map(([id, findings]) => {
    const resources = [...new Set(findings.map((f) => f.resource))].sort();
    const first = findings[0];
    const rule = rules.get(id);
    return {
      fixes: [id],
      rule: rule?.clauseRule ?? 'tenancy-hardening',
      resources,
      residual: true,
      text: `Still reported after hardening (${first.severity}): ${rule?.title ?? id} — ${first.message}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}. ktm does not change this by itself; fix: ${first.fix}`,
    };
  });
}
