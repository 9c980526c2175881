/**
 * Tenant-owned workloads that the hardening cannot fix by itself: after the namespace enforces its Pod Security
 * level, a workload that still violates it gets its new pods rejected (and running pods keep their rights until they
 * are replaced); with a sandbox, raw workloads (not Knative revisions) must name the RuntimeClass themselves. These
 * become manual steps naming each workload, so nothing is left silently. Knative workloads are judged after
 * secure-pod-defaults `enabled` fills their unset fields, which the knative-config concern turns on.
 */
import { withSecurePodDefaults } from '../../audit/secure-pod-defaults.js';
import { evaluateWorkload } from '../../pss/index.js';
import type { Generator, ManualStep } from '../types.js';

export const tenantWorkloads: Generator = (ctx) => {
  const manual: ManualStep[] = [];
  const level = ctx.options.developers === 'untrusted' ? 'restricted' : 'baseline';
  const tenants = new Set(ctx.tenants);
  const unsandboxed = new Map<string, string[]>();
  for (const w of ctx.inventory.workloads) {
    if (!tenants.has(w.namespace)) continue;
    const ref = `${w.kind}/${w.namespace}/${w.name}`;
    const judged = evaluateWorkload(withSecurePodDefaults(w, 'enabled'), level, 'latest');
    if (!judged.allowed) {
      const checks = [...new Set(judged.violations.map((v) => v.check))].join(', ');
      manual.push({
        fixes: level === 'restricted' ? ['KTM-PSS-001', 'KTM-PSS-002'] : ['KTM-PSS-001'],
        rule: 'untrusted-needs-isolation',
        resources: [ref],
        text: `${ref} violates the ${level} Pod Security Standard (${checks}): once ${w.namespace} enforces ${level}, its new pods are rejected; its owner must change its securityContext${w.knative ? ' and deploy a new revision' : ''}.`,
      });
    }
    if (ctx.options.sandbox !== 'none' && !w.knative && !w.podSpec?.runtimeClassName) {
      const list = unsandboxed.get(w.namespace) ?? [];
      list.push(`${w.kind}/${w.name}`);
      unsandboxed.set(w.namespace, list);
    }
  }
  for (const [ns, list] of [...unsandboxed].sort(([a], [b]) => a.localeCompare(b))) {
    manual.push({
      fixes: ['KTM-ISO-001'],
      rule: 'untrusted-needs-isolation',
      resources: [`Namespace/${ns}`, ...list.map((l) => `${l.split('/')[0]}/${ns}/${l.split('/')[1]}`)],
      text: `Workloads of ${ns} that are not Knative revisions must set runtimeClassName: ${ctx.options.sandbox} themselves (ktm-require-sandbox rejects their new pods until they do): ${list.join(', ')}.`,
    });
  }
  return { objects: [], manual };
};
