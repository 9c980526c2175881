/**
 * hostNamespaces (baseline, v1.0): sharing the host's network, PID or IPC namespace is forbidden.
 * Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { ALLOWED, forbidden } from './result.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces_1_0(pod: PodView): CheckResult {
  const set = FIELDS.filter((f) => pod.spec[f] === true);
  if (set.length === 0) return ALLOWED;
  return forbidden(
    'host namespaces',
    set.map((f) => `${f}=true`).join(', '),
    set.map((f) => `spec.${f}`),
  );
}

export const hostNamespaces: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  title: 'pods must not share the host network, PID or IPC namespace',
  fix: 'remove spec.hostNetwork, spec.hostPID and spec.hostIPC (or set them to false)',
  versions: [{ minVersion: 0, evaluate: hostNamespaces_1_0 }],
};
