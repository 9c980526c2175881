import type { Check } from '../types.js';
import { gateFindings } from './gates.js';

export const HOST_GATES = [
  'kubernetes.podspec-hostnetwork',
  'kubernetes.podspec-hostpid',
  'kubernetes.podspec-hostipc',
  'kubernetes.podspec-volumes-hostpath',
  'kubernetes.podspec-volumes-mount-propagation',
  'kubernetes.containerspec-addcapabilities',
] as const;

const WHAT: Record<string, string> = {
  'kubernetes.podspec-hostnetwork': "put revisions on the node's network (and reach other tenants' queue-proxies from it)",
  'kubernetes.podspec-hostpid': "see and signal every process on the node",
  'kubernetes.podspec-hostipc': "share the node's IPC namespace",
  'kubernetes.podspec-volumes-hostpath': 'mount node directories into revisions',
  'kubernetes.podspec-volumes-mount-propagation': 'propagate mounts between the node and revisions',
  'kubernetes.containerspec-addcapabilities': 'add Linux capabilities to revision containers',
};

export const check: Check = {
  id: 'KTM-CFG-005',
  title: 'Host-level pod-spec features enabled for Knative Services',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.2.3', relation: 'related' },
    { framework: 'cis', id: '5.2.4', relation: 'related' },
    { framework: 'cis', id: '5.2.5', relation: 'related' },
    { framework: 'cis', id: '5.2.9', relation: 'related' },
    { framework: 'cis', id: '5.2.12', relation: 'related' },
    { framework: 'kubescape', id: 'C-0038', relation: 'related' },
    { framework: 'kubescape', id: 'C-0041', relation: 'related' },
    { framework: 'kubescape', id: 'C-0046', relation: 'related' },
    { framework: 'kubescape', id: 'C-0048', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0008', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0009', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0010', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0022', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0023', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-CPI-3', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-HI-1', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-HI-3', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-HI-4', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-HI-5', relation: 'related' },
  ],
  description:
    'The config-features gates for hostNetwork, hostPID, hostIPC, hostPath volumes, mount propagation and added ' +
    'capabilities let a tenant\'s revision reach the node and, from there, other tenants (the 2025 model names "shared ' +
    'node networking" as a route to code execution in another namespace).',
  fix: 'Set the gate to "disabled" in config-features (the default).',
  evaluate: (ctx) => gateFindings(ctx, HOST_GATES, (k) => WHAT[k]),
};
