/**
 * Pod Security Admission labels on tenant namespaces, plus the tenant label the cluster-side policies key on.
 * `restricted` for untrusted developers, `baseline` at least otherwise (issue: KTM-ISO-002).
 */
import { TENANT_LABEL, type Generator, type GeneratedObject } from '../types.js';
import { namespaceObject } from '../namespace-patch.js';

export const podSecurity: Generator = (ctx) => {
  const level = ctx.options.developers === 'untrusted' ? 'restricted' : 'baseline';
  const objects: GeneratedObject[] = [];
  for (const ns of ctx.tenants) {
    const info = ctx.inventory.namespaces.get(ns);
    const labels: Record<string, string> = {
      [TENANT_LABEL]: 'true',
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': level,
      'pod-security.kubernetes.io/audit': level,
    };
    // Never weaken a stricter enforce level an operator already set.
    if (info?.labels['pod-security.kubernetes.io/enforce'] === 'restricted') labels['pod-security.kubernetes.io/enforce'] = 'restricted';
    objects.push({
      concern: 'pod-security',
      object: namespaceObject(ctx, ns, labels),
      fixes: ['KTM-ISO-002', 'KTM-RBAC-004', 'KTM-PSS-001', 'KTM-PSS-002'],
      rule: 'untrusted-needs-isolation',
      reason: `enforce the ${level} Pod Security Standard in ${ns} (${ctx.options.developers} developers), and mark it as a tenant`,
    });
  }
  return { objects, manual: [] };
};
