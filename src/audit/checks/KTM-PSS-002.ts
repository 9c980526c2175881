import type { Check } from '../types.js';
import { pssFindings } from './pss.js';

export const check: Check = {
  id: 'KTM-PSS-002',
  title: 'Tenant workload violates the restricted Pod Security Standard',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  appliesTo: { developers: 'untrusted' },
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  description:
    'Untrusted developers\' workloads should meet the restricted Pod Security Standard (non-root, no privilege ' +
    'escalation, ALL capabilities dropped, seccomp). Only checks beyond baseline are reported here (KTM-PSS-001 has those).',
  fix: 'Set runAsNonRoot, allowPrivilegeEscalation: false, capabilities.drop [ALL] and seccompProfile RuntimeDefault (Knative: secure-pod-defaults: enabled fills the unset ones).',
  evaluate: (ctx) => pssFindings(ctx, 'restricted'),
};
