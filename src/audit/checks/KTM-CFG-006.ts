import type { Check } from '../types.js';
import { gateFindings } from './gates.js';

export const PLACEMENT_GATES = [
  'kubernetes.podspec-runtimeclassname',
  'kubernetes.podspec-nodeselector',
  'kubernetes.podspec-tolerations',
  'kubernetes.podspec-affinity',
  'kubernetes.podspec-schedulername',
  'kubernetes.podspec-priorityclassname',
] as const;

const WHAT: Record<string, string> = {
  'kubernetes.podspec-runtimeclassname': 'choose their RuntimeClass (runc instead of the sandbox)',
  'kubernetes.podspec-nodeselector': "pick nodes, including other tenants' or system nodes",
  'kubernetes.podspec-tolerations': 'tolerate the taints that keep them off dedicated nodes',
  'kubernetes.podspec-affinity': 'schedule next to chosen pods or onto chosen nodes',
  'kubernetes.podspec-schedulername': 'choose the scheduler',
  'kubernetes.podspec-priorityclassname': "choose a priority class and pre-empt other tenants' pods",
};

export const check: Check = {
  id: 'KTM-CFG-006',
  title: 'Tenants may choose runtime or nodes',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0242', relation: 'related' },
    { framework: 'kubescape', id: 'C-0297', relation: 'related' },
    { framework: 'nsa-cisa', id: 'worker-node-segmentation', relation: 'related' },
  ],
  description:
    'Gates that let a revision set runtimeClassName, nodeSelector, tolerations, affinity, schedulerName or ' +
    'priorityClassName defeat sandboxing and node isolation chosen by the administrator.',
  fix: 'Set the gate to "disabled" in config-features; apply runtime and placement from config-deployment as the administrator.',
  evaluate: (ctx) => gateFindings(ctx, PLACEMENT_GATES, (k) => WHAT[k]),
};
