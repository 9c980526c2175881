/**
 * allowPrivilegeEscalation (restricted): every container must set securityContext.allowPrivilegeEscalation=false.
 * v1.8: all pods. v1.25: pods with spec.os.name=windows are exempt.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isWindowsPod } from '../pod.js';
import { joinQuote, pluralize } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function allowPrivilegeEscalation_1_8(pod: PodView): CheckResult {
  const bad = pod.containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
    bad.map((c) => `${c.path}.securityContext.allowPrivilegeEscalation`),
  );
}

function allowPrivilegeEscalation_1_25(pod: PodView): CheckResult {
  return isWindowsPod(pod) ? ALLOWED : allowPrivilegeEscalation_1_8(pod);
}

export const allowPrivilegeEscalation: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  title: 'containers must set allowPrivilegeEscalation: false',
  fix: 'set securityContext.allowPrivilegeEscalation: false on every container',
  versions: [
    { minVersion: 8, evaluate: allowPrivilegeEscalation_1_8 },
    { minVersion: 25, evaluate: allowPrivilegeEscalation_1_25 },
  ],
};
