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
  description:
    'The config-features gates for hostNetwork, hostPID, hostIPC, hostPath volumes, mount propagation and added ' +
    'capabilities let a tenant\'s revision reach the node and, from there, other tenants (the 2025 model names "shared ' +
    'node networking" as a route to code execution in another namespace).',
  fix: 'Set the gate to "disabled" in config-features (the default).',
  evaluate: (ctx) => gateFindings(ctx, HOST_GATES, (k) => WHAT[k]),
};
