import { checksFor, NEWEST_MINOR } from '../../pss/index.js';
import { labelPath, namespaceRef, shortList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

const LEVELS = ['privileged', 'baseline', 'restricted'];
export const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';
export const PSA_ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

/**
 * What a pinned `enforce-version` leaves out compared with the newest policy: checks that did not exist yet, or whose
 * rules were tightened since (e.g. restricted `runAsUser` from v1.23, baseline `sysctls` widened in v1.27/v1.29/v1.32).
 */
export function weakerThanLatest(level: 'baseline' | 'restricted', pinned: number): string[] {
  const then = new Map(checksFor(level, pinned).map((c) => [c.check.id, c.version.minVersion]));
  const out: string[] = [];
  for (const c of checksFor(level, NEWEST_MINOR)) {
    const old = then.get(c.check.id);
    if (old === undefined) out.push(`${c.check.id} (from v1.${c.version.minVersion})`);
    else if (old !== c.version.minVersion) out.push(`${c.check.id} (changed in v1.${c.version.minVersion})`);
  }
  return out;
}

export const check: Check = {
  id: 'KTM-ISO-002',
  title: 'Tenant namespace without Pod Security Admission enforce',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.2.1', relation: 'related' },
    { framework: 'kubescape', id: 'C-0192', relation: 'related' },
    { framework: 'nsa-cisa', id: 'pod-security-enforcement', relation: 'related' },
  ],
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
      if (rank >= LEVELS.indexOf(required)) {
        // Enforced at the right level, but a pinned old version enforces an older, weaker standard.
        const pinned = /^v1\.(\d+)$/.exec(ctx.inventory.namespaces.get(ns)?.labels[PSA_ENFORCE_VERSION] ?? '');
        const missing = pinned && level !== 'privileged' ? weakerThanLatest(level as 'baseline' | 'restricted', Number(pinned[1])) : [];
        if (missing.length > 0) {
          out.push({
            resource: namespaceRef(ctx, ns),
            path: labelPath(PSA_ENFORCE_VERSION),
            message: `tenant namespace ${ns} enforces Pod Security "${level}" pinned to v1.${pinned![1]}: rules added or tightened since are not enforced: ${shortList(missing, 8)}`,
            severity: 'low',
            fix: `Set \`${PSA_ENFORCE_VERSION}: latest\` (or the cluster's version) once the namespace's workloads pass it (\`ktm pss --level ${level}\`).`,
          });
        }
        continue;
      }
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
