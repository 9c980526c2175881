import type { Check } from '../types.js';
import { pssFindings } from './pss.js';

export const check: Check = {
  id: 'KTM-PSS-001',
  title: 'Tenant workload violates the baseline Pod Security Standard',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  description:
    'A workload in a tenant namespace whose pod template breaks the baseline Pod Security Standard (privileged, host ' +
    'namespaces, hostPath, added capabilities, …) can reach the node and from there other tenants.',
  fix: 'Remove the offending fields from the pod template and enforce `baseline` (or `restricted`) with Pod Security Admission.',
  evaluate: (ctx) => pssFindings(ctx, 'baseline'),
};
