/** Shared by KTM-CFG-005/006: config-features gates that are on (`enabled` or `allowed`: both let the field through). */
import { configRef } from '../evidence.js';
import type { AuditContext, Evidence } from '../types.js';

export function gateFindings(ctx: AuditContext, keys: readonly string[], why: (key: string) => string): Evidence[] {
  const k = ctx.knative;
  if (!k.serving.installed) return [];
  const out: Evidence[] = [];
  for (const key of keys) {
    const v = k.feature(key);
    if (v.value === 'disabled') continue;
    out.push({
      resource: configRef(v, k.serving.namespace, 'config-features'),
      path: v.path,
      message: `${key}: "${v.raw}" lets tenants ${why(key)}`,
    });
  }
  return out;
}
