/**
 * runAsUser (restricted): pods and containers must not set runAsUser=0.
 * Fields: spec.securityContext.runAsUser, containers' securityContext.runAsUser.
 * v1.23: all pods. v1.35: anything is allowed when the pod runs in a user namespace (hostUsers: false).
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { inUserNamespace, podSecurityContext, setters } from '../pod.js';
import { ALLOWED, forbidden } from './result.js';

function runAsUser_1_23(pod: PodView): CheckResult {
  const podBad = podSecurityContext(pod)?.runAsUser === 0;
  const bad = pod.containers.filter((c) => c.securityContext?.runAsUser === 0);
  const who = setters(podBad, bad.map((c) => c.name));
  if (who.length === 0) return ALLOWED;
  const fields = bad.map((c) => `${c.path}.securityContext.runAsUser`);
  if (podBad) fields.unshift('spec.securityContext.runAsUser');
  return forbidden('runAsUser=0', `${who.join(' and ')} must not set runAsUser=0`, fields);
}

function runAsUser_1_35(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsUser_1_23(pod);
}

export const runAsUser: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  title: 'pods and containers must not run as UID 0 (from v1.35 allowed with hostUsers: false)',
  fix: 'remove runAsUser: 0 or set a non-zero UID',
  versions: [
    { minVersion: 23, evaluate: runAsUser_1_23 },
    { minVersion: 35, evaluate: runAsUser_1_35 },
  ],
};
