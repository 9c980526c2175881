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
  crosswalk: [
    { framework: 'cis', id: '5.2.6', relation: 'related' },
    { framework: 'cis', id: '5.2.7', relation: 'related' },
    { framework: 'cis', id: '5.2.8', relation: 'related' },
    { framework: 'cis', id: '5.2.10', relation: 'related' },
    { framework: 'cis', id: '5.7.2', relation: 'related' },
    { framework: 'kubescape', id: 'C-0013', relation: 'related' },
    { framework: 'kubescape', id: 'C-0016', relation: 'related' },
    { framework: 'kubescape', id: 'C-0210', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0001', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0003', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0012', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0030', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0104', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0105', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0106', relation: 'related' },
    { framework: 'nsa-cisa', id: 'pod-security-enforcement', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-CPI-6', relation: 'related' },
  ],
  description:
    'Untrusted developers\' workloads should meet the restricted Pod Security Standard (non-root, no privilege ' +
    'escalation, ALL capabilities dropped, seccomp). Only checks beyond baseline are reported here (KTM-PSS-001 has those).',
  fix: 'Set runAsNonRoot, allowPrivilegeEscalation: false, capabilities.drop [ALL] and seccompProfile RuntimeDefault (Knative: secure-pod-defaults: enabled fills the unset ones).',
  evaluate: (ctx) => pssFindings(ctx, 'restricted'),
};
