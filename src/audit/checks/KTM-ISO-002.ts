import { labelPath, namespaceRef } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

const LEVELS = ['privileged', 'baseline', 'restricted'];
export const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

export const check: Check = {
  id: 'KTM-ISO-002',
  title: 'Tenant namespace without Pod Security Admission enforce',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  description:
    'Knative\'s field masks only cover pods created through Knative; a tenant with `edit` creates raw Pods and Deployments. ' +
    'Pod Security Admission `enforce` on the namespace is what stops privileged or host-level pods: `restricted` for ' +
    'untrusted developers, `baseline` at least.',
  fix: 'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (baseline at least for trusted developers).',
  evaluate(ctx) {
    const required = ctx.trust.developers === 'untrusted' ? 'restricted' : 'baseline';
    const out: Evidence[] = [];
    for (const ns of ctx.tenants) {
      const level = ctx.inventory.namespaces.get(ns)?.labels[PSA_ENFORCE];
      const rank = level ? LEVELS.indexOf(level) : -1;
      if (rank >= LEVELS.indexOf(required)) continue;
      const weak = rank === LEVELS.indexOf('baseline');
      out.push({
        resource: namespaceRef(ctx, ns),
        path: labelPath(PSA_ENFORCE),
        message: level
          ? `tenant namespace ${ns} enforces Pod Security "${level}"${rank < 0 ? ' (not a known level: the API server rejects it)' : ''}; ${required} is required for ${ctx.trust.developers} developers`
          : `tenant namespace ${ns} has no Pod Security Admission enforce label; ${required} is required for ${ctx.trust.developers} developers`,
        severity: weak ? 'moderate' : 'high',
        fix: `Label the namespace \`${PSA_ENFORCE}: ${required}\`.`,
      });
    }
    return out;
  },
};
