/**
 * ResourceQuota and LimitRange per tenant namespace where missing (KTM-QTA-001): a tenant cannot starve the
 * shared nodes. Defaults are deliberately modest; operators size them per tenant.
 */
import { MANAGED_BY, type Generator, type GeneratedObject } from '../types.js';

export const quotas: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const hasQuota = new Set(ctx.inventory.byKind('ResourceQuota').map((r) => r.namespace));
  const hasLimits = new Set(ctx.inventory.byKind('LimitRange').map((r) => r.namespace));
  for (const ns of ctx.tenants) {
    if (!hasQuota.has(ns)) {
      objects.push({
        concern: 'quotas',
        object: {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'ktm-tenant-quota', namespace: ns, labels: { ...MANAGED_BY } },
          spec: { hard: { 'requests.cpu': '20', 'requests.memory': '40Gi', 'limits.cpu': '40', 'limits.memory': '80Gi', pods: '200', services: '100', 'count/services.serving.knative.dev': '50' } },
        },
        fixes: ['KTM-QTA-001'],
        rule: 'availability-lower-priority',
        reason: `${ns} has no ResourceQuota: bound what one tenant can take from shared nodes`,
      });
    }
    if (!hasLimits.has(ns)) {
      objects.push({
        concern: 'quotas',
        object: {
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name: 'ktm-tenant-limits', namespace: ns, labels: { ...MANAGED_BY } },
          spec: { limits: [{ type: 'Container', default: { cpu: '1', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } }] },
        },
        fixes: ['KTM-QTA-001'],
        rule: 'availability-lower-priority',
        reason: `${ns} has no LimitRange: containers without requests/limits get defaults, and none may exceed the maximum`,
      });
    }
  }
  return { objects, manual: [] };
};
