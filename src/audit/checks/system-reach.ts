/** Shared by KTM-NET-004/005: tenant reach to system components, one finding per tenant namespace and target. */
import { namespaceRef, shortList } from '../evidence.js';
import type { SystemTarget } from '../reach-view.js';
import type { AuditContext, Evidence } from '../types.js';
import { groupBy } from '../../util/arrays.js';

export function systemReachFindings(ctx: AuditContext, targets: readonly SystemTarget[], describe: (t: SystemTarget) => string): Evidence[] {
  const reach = ctx.reach();
  const out: Evidence[] = [];
  for (const ns of ctx.tenants) {
    // pprof listens on 8008 only where runtime profiling is on (KTM-CFG-001); elsewhere the port is closed.
    const facts = reach
      .systemReach(ns)
      .filter((f) => targets.includes(f.target))
      .filter((f) => f.target !== 'profiling' || ctx.knative.runtimeProfiling(f.component.split('/')[0]).value);
    const byTarget = groupBy(facts, (f) => f.target);
    for (const [target, list] of [...byTarget.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const components = [...new Set(list.map((f) => (f.port ? `${f.component}:${f.port}` : `${f.component} (any port)`)))].sort();
      out.push({
        resource: namespaceRef(ctx, ns),
        path: '',
        message: `pods of tenant namespace ${ns} reach ${describe(target)}: ${shortList(components)}`,
        hops: list[0].hops,
      });
    }
  }
  return out;
}
