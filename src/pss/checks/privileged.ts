/**
 * privileged (baseline, v1.0): privileged containers are forbidden. Fields: containers' securityContext.privileged.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { joinQuote, pluralize } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function privileged_1_0(pod: PodView): CheckResult {
  const bad = pod.containers.filter((c) => c.securityContext?.privileged === true);
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'privileged',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
    bad.map((c) => `${c.path}.securityContext.privileged`),
  );
}

export const privileged: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  title: 'privileged containers are forbidden',
  fix: 'remove securityContext.privileged (or set it to false)',
  versions: [{ minVersion: 0, evaluate: privileged_1_0 }],
};
