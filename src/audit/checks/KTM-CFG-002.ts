import { configRef, describeValue } from '../evidence.js';
import type { Check } from '../types.js';

/**
 * secure-pod-defaults must be `enabled` or `AllowRootBounded`. Serving's parser (`asSecurePodDefaultsFlag`) knows only
 * Disabled/AllowRootBounded/Enabled, case-insensitively; the documented spelling `root-allowed` matches none of them
 * and is silently ignored, leaving the default `disabled`.
 */
export const check: Check = {
  id: 'KTM-CFG-002',
  title: 'Knative secure pod defaults not in force',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.7.2', relation: 'related' },
    { framework: 'cis', id: '5.7.3', relation: 'related' },
    { framework: 'kubescape', id: 'C-0055', relation: 'related' },
    { framework: 'kubescape', id: 'C-0210', relation: 'related' },
    { framework: 'kubescape', id: 'C-0211', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0030', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0118', relation: 'related' },
    { framework: 'nsa-cisa', id: 'pod-security-enforcement', relation: 'related' },
  ],
  description:
    'Without `secure-pod-defaults` (config-features), revisions run with whatever security context the tenant wrote: no ' +
    'seccomp profile, capabilities kept, privilege escalation allowed. `AllowRootBounded` fills seccomp RuntimeDefault, ' +
    'drops ALL capabilities and forbids privilege escalation; `enabled` also sets runAsNonRoot.',
  fix: 'Set `secure-pod-defaults: "enabled"` (or "AllowRootBounded" for images that must run as root) in config-features.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.securePodDefaults();
    if (v.value !== 'disabled') return [];
    const ineffective = v.ignored && v.raw !== undefined && v.raw.trim().toLowerCase() === 'root-allowed';
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-features'),
        path: v.path,
        message: ineffective
          ? `secure-pod-defaults: "${v.raw}" is ineffective: the documented spelling "root-allowed" is not parsed by Knative (it knows only disabled, AllowRootBounded, enabled), so the default "disabled" applies`
          : `secure-pod-defaults is "disabled" (${describeValue(v)}): revisions get no seccomp profile, keep their capabilities and may escalate privileges`,
        fix: ineffective
          ? 'Write `secure-pod-defaults: "AllowRootBounded"` (the spelling the code parses) or "enabled".'
          : undefined,
      },
    ];
  },
};
