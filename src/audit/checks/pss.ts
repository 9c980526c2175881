/** Shared by KTM-PSS-001/002: one finding per tenant workload violating the level, naming the PSS checks. */
import type { AuditContext, Evidence } from '../types.js';

export function pssFindings(ctx: AuditContext, level: 'baseline' | 'restricted'): Evidence[] {
  const out: Evidence[] = [];
  for (const w of ctx.inventory.workloads) {
    if (!ctx.isTenant(w.namespace)) continue;
    const r = ctx.pss(w, level);
    if (r.allowed) continue;
    let violations = r.violations;
    if (level === 'restricted') {
      // Report only what restricted adds: baseline violations are KTM-PSS-001's.
      const base = ctx.pss(w, 'baseline');
      const baseChecks = new Set(base.violations.map((v) => v.check));
      violations = violations.filter((v) => !baseChecks.has(v.check));
      if (violations.length === 0) continue;
    }
    out.push({
      resource: w.resource,
      // A Pod is its own template: its spec is at `spec`.
      path: w.templatePath ? `${w.templatePath}.spec` : 'spec',
      message: `${w.kind} ${w.namespace}/${w.name} violates Pod Security Standard ${level} (${r.version}): ${violations.map((v) => `${v.check} (${v.message})`).join('; ')}`,
    });
  }
  return out;
}
